import Foundation

/// NodePorts. PreFilter collects the host ports the pod asks for (Skip when none); Filter makes a
/// node Unschedulable with `node(s) didn't have free ports for the requested pod ports` when any
/// of them conflicts with a port a pod on the node uses (`HostPortConflict`).
final class NodePorts: PreFilterPlugin, FilterPlugin, EnqueueExtensions {
    /// The name profiles use.
    static let name = "NodePorts"
    /// Kubernetes' reason.
    static let reason = "node(s) didn't have free ports for the requested pod ports"
    /// The cycle-state key of the pod's host ports.
    static let preFilterKey = "PreFilterNodePorts"

    /// A pod deleted (its ports are freed) or a node added.
    static var events: [ClusterEvent] {
        [ClusterEvent(resource: "Pod", action: "Delete"), ClusterEvent(resource: "Node", action: "Add")]
    }

    /// NodePorts takes no args.
    init(args: Data?, snapshot: Snapshot) throws {}

    /// Keeps the pod's host ports; Skip when it has none.
    func preFilter(_ state: CycleState, _ pod: PodInfo, _ nodes: [NodeInfo]) -> (PreFilterResult?, FrameworkStatus) {
        let ports = pod.hostPorts
        if ports.isEmpty { return (nil, .skip) }
        state.write(Self.preFilterKey, ports)
        return (nil, .success)
    }

    /// Success when none of the pod's host ports is taken on the node.
    func filter(_ state: CycleState, _ pod: PodInfo, _ node: NodeInfo) -> FrameworkStatus {
        guard let wanted = state.read(Self.preFilterKey, as: [HostPort].self) else {
            return .error("reading \"\(Self.preFilterKey)\" from cycleState: not found")
        }
        if node.usedPorts.isEmpty { return .success }
        for port in wanted where HostPortConflict.conflicts(port, with: node.usedPorts) {
            return .unschedulable(Self.reason)
        }
        return .success
    }
}
