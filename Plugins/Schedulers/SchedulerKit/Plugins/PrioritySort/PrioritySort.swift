import Foundation

/// PrioritySort (QueueSort): pods with a higher `spec.priority` (0 when absent) go first; among
/// equal priorities, the pod queued earlier goes first.
final class PrioritySort: QueueSortPlugin {
    /// The name profiles use.
    static let name = "PrioritySort"

    /// PrioritySort takes no args.
    init(args: Data?, snapshot: Snapshot) throws {}

    /// Whether `lhs` goes before `rhs`.
    func less(_ lhs: QueuedPod, _ rhs: QueuedPod) -> Bool {
        let left = lhs.pod.priority
        let right = rhs.pod.priority
        return left > right || (left == right && lhs.timestamp < rhs.timestamp)
    }
}
