import Kernel

/// DaemonSets (apps/v1): the API serves and stores the objects with Kubernetes' defaults
/// (RollingUpdate with maxUnavailable 1 and maxSurge 0, revisionHistoryLimit 10, pod-template
/// defaults) and validation (a non-empty selector matching the template's labels and fixed
/// after creation, restartPolicy Always, a known update strategy). The DaemonSet controller
/// runs their pods.
struct DaemonSetAdmission: KindAdmission {
    var tracksGeneration: Bool { true }

    /// The update strategies Kubernetes accepts.
    static let strategies = ["RollingUpdate", "OnDelete"]

    func applyDefaults(_ object: inout JSONValue) {
        guard var spec = object["spec"], spec.objectValue != nil else { return }
        var strategy = SetAdmissionRules.object(spec["updateStrategy"])
        PodSpecDefaults.setIfAbsent(&strategy, "type", "RollingUpdate")
        if strategy["type"]?.stringValue == "RollingUpdate" {
            var rolling = SetAdmissionRules.object(strategy["rollingUpdate"])
            PodSpecDefaults.setIfAbsent(&rolling, "maxUnavailable", .int(1))
            PodSpecDefaults.setIfAbsent(&rolling, "maxSurge", .int(0))
            strategy["rollingUpdate"] = rolling
        }
        spec["updateStrategy"] = strategy
        PodSpecDefaults.setIfAbsent(&spec, "revisionHistoryLimit", .int(10))
        SetAdmissionRules.defaultTemplate(&spec)
        object["spec"] = spec
    }

    /// A new DaemonSet's status: the four counters Kubernetes always writes, all zero.
    func prepareForCreate(_ object: inout JSONValue) {
        object["status"] = ["currentNumberScheduled": 0, "numberMisscheduled": 0, "desiredNumberScheduled": 0, "numberReady": 0]
    }

    func validate(_ object: JSONValue) -> [APIError.Cause] {
        guard let spec = object["spec"], spec.objectValue != nil else { return [.required("spec")] }
        var causes = SetAdmissionRules.selectorAndTemplate(spec, kind: "daemonset")
        causes += SetAdmissionRules.nonNegative(spec, ["minReadySeconds", "revisionHistoryLimit"])
        let strategy = spec[path: "updateStrategy", "type"] ?? .null
        if !Self.strategies.contains(strategy.stringValue ?? "") {
            causes.append(.notSupported("spec.updateStrategy.type", strategy, Self.strategies))
        } else if strategy.stringValue == "RollingUpdate" {
            let rolling = spec[path: "updateStrategy", "rollingUpdate"] ?? .null
            causes += SetAdmissionRules.intOrPercent(rolling["maxUnavailable"], field: "spec.updateStrategy.rollingUpdate.maxUnavailable")
            causes += SetAdmissionRules.intOrPercent(rolling["maxSurge"], field: "spec.updateStrategy.rollingUpdate.maxSurge")
            if SetAdmissionRules.isZero(rolling["maxUnavailable"]) && SetAdmissionRules.isZero(rolling["maxSurge"]) {
                causes.append(.invalid("spec.updateStrategy.rollingUpdate.maxUnavailable", rolling["maxUnavailable"] ?? .int(0),
                                       "cannot be 0 when maxSurge is 0"))
            }
        }
        return causes
    }

    func validateUpdate(old: JSONValue, new: JSONValue) -> [APIError.Cause] {
        let oldSelector = old[path: "spec", "selector"]
        let newSelector = new[path: "spec", "selector"]
        return oldSelector == newSelector ? [] : [.immutable("spec.selector", newSelector ?? .null)]
    }
}
