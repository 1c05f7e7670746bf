/// "Did you mean" suggestions for misspelled keys and names.
enum NameSuggestion {
    /// The candidate closest to `name` when it is close enough to be a likely typo: equal ignoring
    /// case, a prefix of it, or within an edit distance of about a third of the name's length (at most 3).
    static func closest(to name: String, among candidates: [String]) -> String? {
        let target = Array(name.lowercased())
        let limit = max(1, min(3, (target.count + 1) / 3))
        var best: (candidate: String, distance: Int)?
        for candidate in candidates {
            let lowered = candidate.lowercased()
            // A name cut short ("obj" for "object") counts as one edit away.
            let truncated = target.count >= 3 && lowered.hasPrefix(String(target)) ? 1 : Int.max
            let distance = min(truncated, editDistance(target, Array(lowered)))
            if distance <= limit, distance < (best?.distance ?? .max) {
                best = (candidate, distance)
            }
        }
        return best?.candidate
    }

    /// ` did you mean "x"?` or `` when nothing is close.
    static func hint(for name: String, among candidates: [String]) -> String? {
        closest(to: name, among: candidates).map { "did you mean \(KeyPath.quoted($0))?" }
    }

    /// Levenshtein distance, with a transposition of two neighbours counted as one edit.
    static func editDistance(_ a: [Character], _ b: [Character]) -> Int {
        if a.isEmpty { return b.count }
        if b.isEmpty { return a.count }
        var before = [Int](repeating: 0, count: b.count + 1)
        var previous = Array(0...b.count)
        var current = [Int](repeating: 0, count: b.count + 1)
        for i in 1...a.count {
            current[0] = i
            for j in 1...b.count {
                let cost = a[i - 1] == b[j - 1] ? 0 : 1
                current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost)
                if i > 1, j > 1, a[i - 1] == b[j - 2], a[i - 2] == b[j - 1] {
                    current[j] = min(current[j], before[j - 2] + 1)
                }
            }
            before = previous
            previous = current
        }
        return previous[b.count]
    }
}
