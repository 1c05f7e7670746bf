import Foundation

/// SchedulingGates (PreEnqueue): a pod with any `spec.schedulingGates` stays out of the active
/// queue, UnschedulableAndUnresolvable with `waiting for scheduling gates: [a b]` (the gate names
/// in spec order, as Go prints a string slice), until an update removes the last gate.
final class SchedulingGates: PreEnqueuePlugin, EnqueueExtensions {
    /// The name profiles use.
    static let name = "SchedulingGates"

    /// A pod update that removes its last scheduling gate.
    static var events: [ClusterEvent] {
        [ClusterEvent(resource: "Pod", action: "UpdatePodSchedulingGatesEliminated")]
    }

    /// SchedulingGates takes no args.
    init(args: Data?, snapshot: Snapshot) throws {}

    /// Success when the pod has no gates.
    func preEnqueue(_ pod: PodInfo) -> FrameworkStatus {
        let gates = pod.pod.spec?.schedulingGates ?? []
        guard !gates.isEmpty else { return .success }
        let names = gates.map { $0["name"] ?? "" }
        return .unresolvable("waiting for scheduling gates: [\(names.joined(separator: " "))]")
    }
}
