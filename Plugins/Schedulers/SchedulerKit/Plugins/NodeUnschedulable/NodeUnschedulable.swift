import Foundation

/// NodeUnschedulable (Filter): a node with `spec.unschedulable` (cordoned) takes only pods that
/// tolerate the `node.kubernetes.io/unschedulable:NoSchedule` taint; others are
/// UnschedulableAndUnresolvable with `node(s) were unschedulable`.
final class NodeUnschedulable: FilterPlugin, EnqueueExtensions {
    /// The name profiles use.
    static let name = "NodeUnschedulable"
    /// Kubernetes' reason.
    static let reason = "node(s) were unschedulable"
    /// The taint a cordoned node stands for.
    static let unschedulableTaint = Taint(key: "node.kubernetes.io/unschedulable", value: nil, effect: "NoSchedule")

    /// A node added or uncordoned (its taints change with it), or the pod gaining a toleration.
    static var events: [ClusterEvent] {
        [
            ClusterEvent(resource: "Node", action: "Add"),
            ClusterEvent(resource: "Node", action: "UpdateNodeTaint"),
            ClusterEvent(resource: "Pod", action: "UpdatePodTolerations"),
        ]
    }

    /// NodeUnschedulable takes no args.
    init(args: Data?, snapshot: Snapshot) throws {}

    /// Success unless the node is unschedulable and the pod does not tolerate it.
    func filter(_ state: CycleState, _ pod: PodInfo, _ node: NodeInfo) -> FrameworkStatus {
        guard node.unschedulable, !pod.tolerates(Self.unschedulableTaint) else { return .success }
        return .unresolvable(Self.reason)
    }

    /// The batched Filter: only cordoned nodes are looked at.
    func filter(_ state: CycleState, _ pod: PodInfo, nodes: NodeBatch, into verdicts: inout FilterVerdicts) {
        for position in nodes.indices where nodes.row(position).unschedulable {
            let status = filter(state, pod, nodes[position])
            if !status.isSuccess { verdicts.set(position, status) }
        }
    }
}
