import Kernel

/// How informer changes become cluster events for the queue, and which changes the bundles need
/// to hear about at all (the parts of an object scheduling looks at).
enum FrameworkEventDerivation {
    /// The parts of a Pod scheduling looks at: spec (node, resources, affinity, tolerations...),
    /// labels, deletionTimestamp and whether it finished. Status churn leaves it unchanged.
    static func schedulingView(ofPod pod: JSONValue) -> JSONValue {
        [
            "spec": pod["spec"] ?? .null,
            "labels": pod[path: "metadata", "labels"] ?? .null,
            "deletionTimestamp": pod[path: "metadata", "deletionTimestamp"] ?? .null,
            "terminal": .bool(PodSchedulingState.isTerminal(pod)),
        ]
    }

    /// The parts of a Node plugins look at: labels, spec (taints, unschedulable), allocatable
    /// and images. Heartbeats (conditions, times) leave it unchanged.
    static func schedulingView(ofNode node: JSONValue) -> JSONValue {
        [
            "labels": node[path: "metadata", "labels"] ?? .null,
            "spec": node["spec"] ?? .null,
            "allocatable": node[path: "status", "allocatable"] ?? node[path: "status", "capacity"] ?? .null,
            "images": node[path: "status", "images"] ?? .null,
        ]
    }

    /// The events of a Node change, as Kubernetes names them (Add, Delete, UpdateNodeLabel,
    /// UpdateNodeTaint, UpdateNodeAllocatable, Update for anything else).
    static func nodeEvents(_ event: InformerEvent) -> [FrameworkClusterEvent] {
        switch event {
        case .added: return [FrameworkClusterEvent(resource: "Node", action: "Add")]
        case .deleted: return [FrameworkClusterEvent(resource: "Node", action: "Delete")]
        case .updated(let old, let new):
            var actions: [String] = []
            if old[path: "metadata", "labels"] != new[path: "metadata", "labels"] { actions.append("UpdateNodeLabel") }
            if old[path: "spec", "taints"] != new[path: "spec", "taints"] || old[path: "spec", "unschedulable"] != new[path: "spec", "unschedulable"] {
                actions.append("UpdateNodeTaint")
            }
            let oldView = schedulingView(ofNode: old)
            let newView = schedulingView(ofNode: new)
            if oldView["allocatable"] != newView["allocatable"] { actions.append("UpdateNodeAllocatable") }
            if actions.isEmpty, oldView != newView { actions.append("Update") }
            return actions.map { FrameworkClusterEvent(resource: "Node", action: $0) }
        }
    }

    /// The events of a change of an assigned Pod (or of a pod becoming assigned): Add when it
    /// appears bound, Delete when it goes or finishes, UpdatePodLabel / Update when it changes.
    static func assignedPodEvents(_ event: InformerEvent) -> [FrameworkClusterEvent] {
        let pod = event.object
        switch event {
        case .added:
            guard PodSchedulingState.nodeName(pod) != nil, !PodSchedulingState.isTerminal(pod) else { return [] }
            return [FrameworkClusterEvent(resource: "Pod", action: "Add")]
        case .deleted:
            guard PodSchedulingState.nodeName(pod) != nil, !PodSchedulingState.isTerminal(pod) else { return [] }
            return [FrameworkClusterEvent(resource: "Pod", action: "Delete")]
        case .updated(let old, let new):
            guard PodSchedulingState.nodeName(new) != nil else { return [] }
            if PodSchedulingState.nodeName(old) == nil { return [FrameworkClusterEvent(resource: "Pod", action: "Add")] }
            if PodSchedulingState.isTerminal(new) {
                return PodSchedulingState.isTerminal(old) ? [] : [FrameworkClusterEvent(resource: "Pod", action: "Delete")]
            }
            var actions: [String] = []
            if old[path: "metadata", "labels"] != new[path: "metadata", "labels"] { actions.append("UpdatePodLabel") }
            if old["spec"] != new["spec"] { actions.append("Update") }
            return actions.map { FrameworkClusterEvent(resource: "Pod", action: $0) }
        }
    }

    /// The events of a Namespace change (Add, Delete, UpdateNamespaceLabel).
    static func namespaceEvents(_ event: InformerEvent) -> [FrameworkClusterEvent] {
        switch event {
        case .added: return [FrameworkClusterEvent(resource: "Namespace", action: "Add")]
        case .deleted: return [FrameworkClusterEvent(resource: "Namespace", action: "Delete")]
        case .updated(let old, let new):
            guard old[path: "metadata", "labels"] != new[path: "metadata", "labels"] else { return [] }
            return [FrameworkClusterEvent(resource: "Namespace", action: "UpdateNamespaceLabel")]
        }
    }

    /// Whether this scheduler should queue the pod: unassigned, not finished, not being deleted,
    /// and naming one of `schedulerNames` (no name: "default-scheduler"). Scheduling gates are
    /// left to PreEnqueue plugins (SchedulingGates).
    static func isPending(_ pod: JSONValue, schedulerNames: [String: Int]) -> Int? {
        let wanted = pod[path: "spec", "schedulerName"]?.stringValue ?? PodSchedulingState.defaultSchedulerName
        guard let profile = schedulerNames[wanted], PodSchedulingState.nodeName(pod) == nil, !PodSchedulingState.isTerminal(pod) else {
            return nil
        }
        if let deletion = pod[path: "metadata", "deletionTimestamp"], !deletion.isNull { return nil }
        return profile
    }
}
