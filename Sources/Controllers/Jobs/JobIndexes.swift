/// Completion indexes of an Indexed Job, and `status.completedIndexes` in Kubernetes' form:
/// ascending, consecutive runs as "first-last", joined by commas ("0-2,5,7-8").
enum JobIndexes {
    /// The annotation and label carrying a pod's completion index.
    static let annotation = "batch.kubernetes.io/job-completion-index"

    /// Formats a set of indexes.
    static func format(_ indexes: Set<Int>) -> String {
        var runs: [(first: Int, last: Int)] = []
        for index in indexes.sorted() {
            if let run = runs.last, index == run.last + 1 {
                runs[runs.count - 1].last = index
            } else {
                runs.append((index, index))
            }
        }
        return runs.map { $0.first == $0.last ? "\($0.first)" : "\($0.first)-\($0.last)" }.joined(separator: ",")
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
