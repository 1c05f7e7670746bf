import Kernel

/// The taints the node lifecycle controller manages, and Kubernetes' toleration matching on
/// JSON objects (`core/v1` Taint and Toleration).
public enum NodeTaints {
    /// Taint of a node whose Ready condition is False.
    public static let notReady = "node.kubernetes.io/not-ready"
    /// Taint of a node whose Ready condition is Unknown (its kubelet stopped posting status).
    public static let unreachable = "node.kubernetes.io/unreachable"

    /// The lifecycle taints a node with Ready `status` ("True", "False", "Unknown") should
    /// carry: none, or the matching key with both NoSchedule and NoExecute.
    static func wanted(forReady status: String) -> [(key: String, effect: String)] {
        switch status {
        case "True": return []
        case "False": return [(notReady, "NoSchedule"), (notReady, "NoExecute")]
        default: return [(unreachable, "NoSchedule"), (unreachable, "NoExecute")]
        }
    }

    /// `taints` with the lifecycle taints made to match `wanted`: others kept in place,
    /// unwanted lifecycle taints removed, missing ones appended (NoExecute ones with
    /// `timeAdded`, which starts the tolerationSeconds of pods on the node).
    static func reconciled(_ taints: [JSONValue], wanted: [(key: String, effect: String)], now: String) -> [JSONValue] {
        let managed: Set<String> = [notReady, unreachable]
        var result = taints.filter { taint in
            guard let key = taint["key"]?.stringValue, managed.contains(key) else { return true }
            let effect = taint["effect"]?.stringValue ?? ""
            return wanted.contains { $0.key == key && $0.effect == effect }
        }
        for (key, effect) in wanted where !result.contains(where: { $0["key"]?.stringValue == key && $0["effect"]?.stringValue == effect }) {
            var taint: JSONValue = ["key": .string(key), "effect": .string(effect)]
            if effect == "NoExecute" { taint["timeAdded"] = .string(now) }
            result.append(taint)
        }
        return result
    }

    /// The node's NoExecute taints.
    static func noExecute(of node: JSONValue) -> [JSONValue] {
        (node[path: "spec", "taints"]?.arrayValue ?? []).filter { $0["effect"]?.stringValue == "NoExecute" }
    }

    /// Whether `toleration` tolerates `taint`, by Kubernetes' rules: an empty effect matches
    /// every effect; an empty key with operator Exists matches every taint; Exists ignores the
    /// value; Equal (the default operator) compares it.
    static func tolerates(_ toleration: JSONValue, _ taint: JSONValue) -> Bool {
        let effect = toleration["effect"]?.stringValue ?? ""
        if !effect.isEmpty && effect != taint["effect"]?.stringValue { return false }
        let key = toleration["key"]?.stringValue ?? ""
        let op = toleration["operator"]?.stringValue ?? "Equal"
        if key.isEmpty { return op == "Exists" }
        guard key == taint["key"]?.stringValue else { return false }
        switch op {
        case "Exists": return true
        case "Equal", "": return (toleration["value"]?.stringValue ?? "") == (taint["value"]?.stringValue ?? "")
        default: return false
        }
    }
}
