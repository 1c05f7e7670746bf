import Kernel

/// Kubernetes' DefaultTolerationSeconds admission: a new pod that does not already tolerate
/// them gets NoExecute tolerations of the `node.kubernetes.io/not-ready` and
/// `node.kubernetes.io/unreachable` taints, for a limited time. That time is how long its pods
/// stay on a failed node before the taint-eviction controller deletes them so their
/// controllers recreate them elsewhere.
public struct DefaultTolerationSeconds: Sendable, Hashable {
    /// `--default-not-ready-toleration-seconds` (Kubernetes' default: 300).
    public var notReady: Int64
    /// `--default-unreachable-toleration-seconds` (Kubernetes' default: 300).
    public var unreachable: Int64

    /// Kubernetes' defaults, 300 s each.
    public init(notReady: Int64 = 300, unreachable: Int64 = 300) {
        self.notReady = notReady
        self.unreachable = unreachable
    }

    /// Adds the tolerations the pod lacks. A toleration counts when it has the key (or is a
    /// keyless Exists) and the NoExecute or an empty effect.
    func apply(to pod: inout JSONValue) {
        guard pod["spec"]?.objectValue != nil else { return }
        var tolerations = pod[path: "spec", "tolerations"]?.arrayValue ?? []
        for (key, seconds) in [("node.kubernetes.io/not-ready", notReady), ("node.kubernetes.io/unreachable", unreachable)] {
            let covered = tolerations.contains { toleration in
                let effect = toleration["effect"]?.stringValue ?? ""
                return (toleration["key"]?.stringValue == key || toleration["key"] == nil && toleration["operator"]?.stringValue == "Exists")
                    && (effect.isEmpty || effect == "NoExecute")
            }
            if !covered {
                tolerations.append(["key": .string(key), "operator": "Exists", "effect": "NoExecute", "tolerationSeconds": .int(seconds)])
            }
        }
        pod[path: "spec", "tolerations"] = .array(tolerations)
    }
}
