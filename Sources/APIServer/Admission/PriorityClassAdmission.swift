import Kernel

/// PriorityClasses (scheduling.k8s.io/v1): a 32-bit value at most 1,000,000,000 for classes
/// users define (only the built-in `system-` classes go higher), `preemptionPolicy` defaulting
/// to PreemptLowerPriority, and value and policy immutable, as Kubernetes validates them.
struct PriorityClassAdmission: KindAdmission {
    var hasStatusSubresource: Bool { false }

    /// The highest value a user-defined class may have (Kubernetes' HighestUserDefinablePriority).
    static let highestUserDefinablePriority: Int64 = 1_000_000_000
    /// The preemption policies Kubernetes knows.
    static let preemptionPolicies = ["Never", "PreemptLowerPriority"]

    func applyDefaults(_ object: inout JSONValue) {
        if object["preemptionPolicy"] == nil || object["preemptionPolicy"]?.isNull == true {
            object["preemptionPolicy"] = "PreemptLowerPriority"
        }
    }

    func validate(_ object: JSONValue) -> [APIError.Cause] {
        var causes: [APIError.Cause] = []
        if let value = object["value"], !value.isNull {
            if let number = value.intValue, number >= Int64(Int32.min), number <= Int64(Int32.max) {
                if number > Self.highestUserDefinablePriority && !SystemPriorityClasses.isKnown(object) {
                    causes.append(.forbidden("value", "maximum allowed value of a user defined priority is \(Self.highestUserDefinablePriority)"))
                }
            } else {
                causes.append(.invalid("value", value, "must be a 32-bit integer"))
            }
        }
        if let policy = object["preemptionPolicy"], !policy.isNull, !Self.preemptionPolicies.contains(policy.stringValue ?? "") {
            causes.append(.notSupported("preemptionPolicy", policy, Self.preemptionPolicies))
        }
        if let flag = object["globalDefault"], !flag.isNull, flag.boolValue == nil {
            causes.append(.invalid("globalDefault", flag, "must be a boolean"))
        }
        return causes
    }

    func validateUpdate(old: JSONValue, new: JSONValue) -> [APIError.Cause] {
        var causes: [APIError.Cause] = []
        if (old["value"]?.intValue ?? 0) != (new["value"]?.intValue ?? 0) {
            causes.append(.forbidden("value", "may not be changed in an update."))
        }
        if old["preemptionPolicy"] != new["preemptionPolicy"] {
            causes.append(.immutable("preemptionPolicy", new["preemptionPolicy"] ?? .null))
        }
        return causes
    }
}

/// The two classes every Kubernetes cluster has, which the API server creates at startup.
enum SystemPriorityClasses {
    /// The prefix reserved for them.
    static let prefix = "system-"

    /// system-node-critical and system-cluster-critical, as Kubernetes defines them.
    static let all: [JSONValue] = [
        [
            "apiVersion": "scheduling.k8s.io/v1", "kind": "PriorityClass",
            "metadata": ["name": "system-node-critical"], "value": 2_000_001_000,
            "description": "Used for system critical pods that must not be moved from their current node.",
            "preemptionPolicy": "PreemptLowerPriority",
        ],
        [
            "apiVersion": "scheduling.k8s.io/v1", "kind": "PriorityClass",
            "metadata": ["name": "system-cluster-critical"], "value": 2_000_000_000,
            "description": "Used for system critical pods that must run in the cluster, but can be moved to another node if necessary.",
            "preemptionPolicy": "PreemptLowerPriority",
        ],
    ]

    /// Whether `object` is one of them: same name, value and (absent) global default.
    static func isKnown(_ object: JSONValue) -> Bool {
        all.contains { known in
            known.name == object.name && known["value"]?.intValue == object["value"]?.intValue
                && (object["globalDefault"]?.boolValue ?? false) == false
        }
    }
}
