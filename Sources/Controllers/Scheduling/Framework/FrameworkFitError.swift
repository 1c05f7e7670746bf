/// The message of a pod no node fits, worded as kube-scheduler's FitError:
/// `0/5 nodes are available: 2 Insufficient cpu, 3 node(s) had untolerated taint {dedicated: batch}.`
/// — each reason counted over the nodes, the "count reason" strings sorted as strings; a
/// PreFilter rejection replaces the counts with its own message; the PostFilter's message
/// (preemption) follows after a space.
struct FrameworkFitError {
    /// How many nodes the scheduler had.
    var nodeCount: Int
    /// The message of the PreFilter plugin that rejected the pod, if one did.
    var preFilterMessage: String?
    /// How many nodes gave each reason.
    var reasonCounts: [String: Int] = [:]
    /// The PostFilter plugins' message when they ran and did not help.
    var postFilterMessage: String?

    /// Counts `reason` for `nodes` more nodes.
    mutating func count(_ reason: String, nodes: Int = 1) {
        reasonCounts[reason, default: 0] += nodes
    }

    /// The message.
    var message: String {
        var text = "0/\(nodeCount) nodes are available:"
        if let preFilterMessage, !preFilterMessage.isEmpty {
            text += " \(preFilterMessage)."
        } else {
            let histogram = reasonCounts.map { "\($0.value) \($0.key)" }.sorted { $0.utf8.lexicographicallyPrecedes($1.utf8) }
            if !histogram.isEmpty { text += " \(histogram.joined(separator: ", "))." }
        }
        if let postFilterMessage, !postFilterMessage.isEmpty { text += " \(postFilterMessage)" }
        return text
    }
}
