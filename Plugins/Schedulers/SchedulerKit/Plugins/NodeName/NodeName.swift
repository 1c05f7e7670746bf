import Foundation

/// NodeName (Filter): a pod whose `spec.nodeName` is set fits only the node of that name; other
/// nodes are UnschedulableAndUnresolvable with `node(s) didn't match the requested node name`.
final class NodeName: FilterPlugin, EnqueueExtensions {
    /// The name profiles use.
    static let name = "NodeName"
    /// Kubernetes' reason.
    static let reason = "node(s) didn't match the requested node name"

    /// Only a new node can be the one the pod names.
    static var events: [ClusterEvent] { [ClusterEvent(resource: "Node", action: "Add")] }

    /// NodeName takes no args.
    init(args: Data?, snapshot: Snapshot) throws {}

    /// Success when the pod names no node or names this one.
    func filter(_ state: CycleState, _ pod: PodInfo, _ node: NodeInfo) -> FrameworkStatus {
        guard let wanted = pod.pod.spec?.nodeName, !wanted.isEmpty, wanted != node.name else { return .success }
        return .unresolvable(Self.reason)
    }

    /// The batched Filter: nothing to do for a pod that names no node.
    func filter(_ state: CycleState, _ pod: PodInfo, nodes: NodeBatch, into verdicts: inout FilterVerdicts) {
        guard let wanted = pod.pod.spec?.nodeName, !wanted.isEmpty else { return }
        let mismatch = FrameworkStatus.unresolvable(Self.reason)
        for position in nodes.indices where nodes[position].name != wanted { verdicts.set(position, mismatch) }
    }
}
