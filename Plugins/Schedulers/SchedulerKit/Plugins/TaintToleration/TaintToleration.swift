import Foundation

/// TaintToleration. Filter: the pod must tolerate every NoSchedule and NoExecute taint of the
/// node; the first one it does not (in the node's order) makes the node UnschedulableAndUnresolvable
/// with `node(s) had untolerated taint {key: value}`. Score: see `TaintToleration+Score.swift`.
final class TaintToleration: FilterPlugin, PreScorePlugin, ScorePlugin, EnqueueExtensions {
    /// The name profiles use.
    static let name = "TaintToleration"

    /// A node added or its taints changed, or the pod gaining a toleration.
    static var events: [ClusterEvent] {
        [
            ClusterEvent(resource: "Node", action: "Add"),
            ClusterEvent(resource: "Node", action: "UpdateNodeTaint"),
            ClusterEvent(resource: "Pod", action: "UpdatePodTolerations"),
        ]
    }

    /// TaintToleration takes no args.
    init(args: Data?, snapshot: Snapshot) throws {}

    /// Success when every NoSchedule/NoExecute taint is tolerated.
    func filter(_ state: CycleState, _ pod: PodInfo, _ node: NodeInfo) -> FrameworkStatus {
        for taint in node.taints where taint.effect == "NoSchedule" || taint.effect == "NoExecute" {
            if !pod.tolerates(taint) {
                return .unresolvable("node(s) had untolerated taint {\(taint.key): \(taint.value ?? "")}")
            }
        }
        return .success
    }

    /// The batched Filter: only nodes with a NoSchedule or NoExecute taint are looked at.
    func filter(_ state: CycleState, _ pod: PodInfo, nodes: NodeBatch, into verdicts: inout FilterVerdicts) {
        for position in nodes.indices where nodes.row(position).hasHardTaints {
            let status = filter(state, pod, nodes[position])
            if !status.isSuccess { verdicts.set(position, status) }
        }
    }
}
