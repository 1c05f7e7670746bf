import Kernel

/// What the scheduling host reads from pods and nodes.
enum PodSchedulingState {
    /// The scheduler name of pods that name none.
    static let defaultSchedulerName = "default-scheduler"

    /// "namespace/name".
    static func key(_ pod: JSONValue) -> String { "\(pod.namespace ?? "")/\(pod.name ?? "")" }

    /// The node the pod is bound to, nil when unbound.
    static func nodeName(_ pod: JSONValue) -> String? {
        guard let node = pod[path: "spec", "nodeName"]?.stringValue, !node.isEmpty else { return nil }
        return node
    }

    /// Whether the pod has finished (Succeeded or Failed).
    static func isTerminal(_ pod: JSONValue) -> Bool {
        let phase = pod[path: "status", "phase"]?.stringValue
        return phase == "Succeeded" || phase == "Failed"
    }

    /// Whether `schedulerName` should place this pod now: it names that scheduler (or none, for
    /// the default one), is unbound, not being deleted, not finished, and has no scheduling gates.
    static func isPending(_ pod: JSONValue, for schedulerName: String) -> Bool {
        let wanted = pod[path: "spec", "schedulerName"]?.stringValue ?? defaultSchedulerName
        guard wanted == schedulerName, nodeName(pod) == nil, !isTerminal(pod) else { return false }
        if let deletion = pod[path: "metadata", "deletionTimestamp"], !deletion.isNull { return false }
        if let gates = pod[path: "spec", "schedulingGates"]?.arrayValue, !gates.isEmpty { return false }
        return true
    }

    /// The parts of a Node that can change where pods fit: labels, taints, unschedulable and
    /// allocatable. Heartbeats and condition updates leave it unchanged.
    static func schedulingView(ofNode node: JSONValue) -> JSONValue {
        [
            "labels": node[path: "metadata", "labels"] ?? .null,
            "taints": node[path: "spec", "taints"] ?? .null,
            "unschedulable": node[path: "spec", "unschedulable"] ?? .null,
            "allocatable": node[path: "status", "allocatable"] ?? node[path: "status", "capacity"] ?? .null,
        ]
    }

    /// The pod with its PodScheduled condition set to False for `reason` and `message`; nil when
    /// it already says exactly that. The transition time is kept when it was already False.
    static func markedUnschedulable(_ pod: JSONValue, reason: String, message: String, now: String) -> JSONValue? {
        var conditions = pod[path: "status", "conditions"]?.arrayValue ?? []
        let index = conditions.firstIndex { $0["type"]?.stringValue == "PodScheduled" }
        let existing = index.map { conditions[$0] }
        if let existing, existing["status"]?.stringValue == "False", existing["reason"]?.stringValue == reason,
            existing["message"]?.stringValue == message
        {
            return nil
        }
        let transition = existing?["status"]?.stringValue == "False" ? existing?["lastTransitionTime"] ?? .string(now) : .string(now)
        let condition: JSONValue = [
            "type": "PodScheduled", "status": "False", "reason": .string(reason), "message": .string(message),
            "lastProbeTime": .null, "lastTransitionTime": transition,
        ]
        if let index { conditions[index] = condition } else { conditions.append(condition) }
        var updated = pod
        updated[path: "status", "conditions"] = .array(conditions)
        if updated[path: "status", "phase"] == nil { updated[path: "status", "phase"] = "Pending" }
        return updated
    }
}
