import Kernel

/// PodDisruptionBudgets (policy/v1), validated as Kubernetes does: at most one of
/// `minAvailable` and `maxUnavailable`, each a non-negative integer or a percentage up to 100%;
/// a valid label selector; `unhealthyPodEvictionPolicy` IfHealthyBudget or AlwaysAllow. The
/// spec may change (the generation then grows); a new budget starts with a zeroed status that
/// the disruption controller fills in.
struct PodDisruptionBudgetAdmission: KindAdmission {
    var tracksGeneration: Bool { true }

    /// The values of `spec.unhealthyPodEvictionPolicy`.
    static let unhealthyPodEvictionPolicies = ["AlwaysAllow", "IfHealthyBudget"]

    func prepareForCreate(_ object: inout JSONValue) {
        object["status"] = ["disruptionsAllowed": 0, "currentHealthy": 0, "desiredHealthy": 0, "expectedPods": 0]
    }

    func validate(_ object: JSONValue) -> [APIError.Cause] {
        guard let spec = object["spec"], !spec.isNull else { return [] }
        guard spec.objectValue != nil else { return [.invalid("spec", spec, "must be an object")] }
        var causes: [APIError.Cause] = []
        let minAvailable = spec["minAvailable"].flatMap { $0.isNull ? nil : $0 }
        let maxUnavailable = spec["maxUnavailable"].flatMap { $0.isNull ? nil : $0 }
        if minAvailable != nil && maxUnavailable != nil {
            causes.append(.invalid("spec", spec, "minAvailable and maxUnavailable cannot be both set"))
        }
        causes += SetAdmissionRules.intOrPercent(minAvailable, field: "spec.minAvailable")
        causes += SetAdmissionRules.intOrPercent(maxUnavailable, field: "spec.maxUnavailable")
        causes += LabelSelectorRules.causes(spec["selector"], path: "spec.selector")
        if let policy = spec["unhealthyPodEvictionPolicy"], !policy.isNull,
           !Self.unhealthyPodEvictionPolicies.contains(policy.stringValue ?? "") {
            causes.append(.notSupported("spec.unhealthyPodEvictionPolicy", policy, Self.unhealthyPodEvictionPolicies))
        }
        return causes
    }
}
