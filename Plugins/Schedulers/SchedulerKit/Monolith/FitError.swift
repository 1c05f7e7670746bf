/// Why no node fits a pod, written as kube-scheduler writes it:
/// "0/3 nodes are available: 1 node(s) didn't match Pod's node affinity/selector, 2 Insufficient cpu."
struct FitError {
    /// How many nodes were considered.
    var nodeCount: Int
    /// How many nodes failed for each reason (a node can count under several reasons).
    var reasons: [String: Int]

    /// The message: each reason prefixed by its node count, the entries sorted as text.
    var message: String {
        if nodeCount == 0 { return "no nodes available to schedule pods" }
        let entries = reasons.map { "\($0.value) \($0.key)" }.sorted()
        return "0/\(nodeCount) nodes are available: \(entries.joined(separator: ", "))."
    }
}
