import Kernel

/// Leases (coordination.k8s.io/v1): positive durations, non-negative transitions and
/// `metav1.MicroTime` acquire and renew times. A PUT may create a Lease, as in Kubernetes.
struct LeaseAdmission: KindAdmission {
    var hasStatusSubresource: Bool { false }
    var allowsCreateOnUpdate: Bool { true }

    func validate(_ object: JSONValue) -> [APIError.Cause] {
        guard let spec = object["spec"], !spec.isNull else { return [] }
        guard spec.objectValue != nil else { return [.invalid("spec", spec, "must be an object")] }
        var causes: [APIError.Cause] = []
        if let holder = spec["holderIdentity"], !holder.isNull, holder.stringValue == nil {
            causes.append(.invalid("spec.holderIdentity", holder, "must be a string"))
        }
        if let duration = spec["leaseDurationSeconds"], !duration.isNull, (duration.intValue ?? 0) <= 0 {
            causes.append(.invalid("spec.leaseDurationSeconds", duration, "must be greater than 0"))
        }
        if let transitions = spec["leaseTransitions"], !transitions.isNull, (transitions.intValue ?? -1) < 0 {
            causes.append(.invalid("spec.leaseTransitions", transitions, "must be greater than or equal to 0"))
        }
        for field in ["acquireTime", "renewTime"] {
            guard let time = spec[field], !time.isNull else { continue }
            if time.stringValue.flatMap(KubeTime.parse) == nil {
                causes.append(.invalid("spec.\(field)", time, "must be a timestamp in RFC 3339 format with microseconds (2006-01-02T15:04:05.000000Z07:00)"))
            }
        }
        if let preferred = spec["preferredHolder"]?.stringValue, !preferred.isEmpty, (spec["strategy"]?.stringValue ?? "").isEmpty {
            causes.append(.forbidden("spec.preferredHolder", "preferredHolder is only allowed if strategy is set"))
        }
        return causes
    }
}
