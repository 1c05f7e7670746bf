/// Completion indexes of an Indexed Job, and `status.completedIndexes` in Kubernetes' form:
/// ascending, consecutive runs as "first-last", joined by commas ("0-2,5,7-8").
enum JobIndexes {
    /// The annotation and label carrying a pod's completion index.
    static let annotation = "batch.kubernetes.io/job-completion-index"

    /// Formats a set of indexes.
    static func format(_ indexes: Set<Int>) -> String {
        var runs: [String] = []
        var start: Int?
        var last = 0
        for index in indexes.sorted() {
            if start != nil, index == last + 1 {
                last = index
                continue
            }
            if let first = start { runs.append(first == last ? "\(first)" : "\(first)-\(last)") }
            start = index
            last = index
        }
        if let first = start { runs.append(first == last ? "\(first)" : "\(first)-\(last)") }
        return runs.joined(separator: ",")
    }

    /// Parses `completedIndexes`; malformed parts are skipped, indexes at or above `limit` dropped.
    static func parse(_ text: String?, limit: Int) -> Set<Int> {
        var result: Set<Int> = []
        for part in (text ?? "").split(separator: ",") {
            let bounds = part.split(separator: "-", maxSplits: 1).compactMap { Int($0) }
            guard let first = bounds.first, first >= 0 else { continue }
            let last = min(bounds.count == 2 ? bounds[1] : first, limit - 1)
            if last >= first { result.formUnion(first...last) }
        }
        return result
    }
}
