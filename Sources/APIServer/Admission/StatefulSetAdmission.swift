import Kernel

/// StatefulSets (apps/v1): the API serves and stores the objects with Kubernetes' defaults
/// (1 replica, OrderedReady pod management, RollingUpdate with partition 0, revisionHistoryLimit
/// 10, Retain for claims on deletion and scale-down, pod-template and claim-template defaults)
/// and validation (selector matching the template, restartPolicy Always, a DNS label as
/// serviceName, and only replicas, ordinals, template, updateStrategy,
/// persistentVolumeClaimRetentionPolicy and minReadySeconds changeable after creation).
/// No controller acts on them yet: no pods are created and the status stays as created.
struct StatefulSetAdmission: KindAdmission {
    var tracksGeneration: Bool { true }

    static let podManagementPolicies = ["OrderedReady", "Parallel"]
    static let strategies = ["RollingUpdate", "OnDelete"]
    static let retentionPolicies = ["Retain", "Delete"]
    /// The spec fields an update may change.
    static let mutableFields = ["replicas", "ordinals", "template", "updateStrategy", "persistentVolumeClaimRetentionPolicy", "minReadySeconds"]

    func applyDefaults(_ object: inout JSONValue) {
        guard var spec = object["spec"], spec.objectValue != nil else { return }
        PodSpecDefaults.setIfAbsent(&spec, "replicas", .int(1))
        PodSpecDefaults.setIfAbsent(&spec, "podManagementPolicy", "OrderedReady")
        var strategy = SetAdmissionRules.object(spec["updateStrategy"])
        PodSpecDefaults.setIfAbsent(&strategy, "type", "RollingUpdate")
        if strategy["type"]?.stringValue == "RollingUpdate" {
            var rolling = SetAdmissionRules.object(strategy["rollingUpdate"])
            PodSpecDefaults.setIfAbsent(&rolling, "partition", .int(0))
            strategy["rollingUpdate"] = rolling
        }
        spec["updateStrategy"] = strategy
        PodSpecDefaults.setIfAbsent(&spec, "revisionHistoryLimit", .int(10))
        var retention = SetAdmissionRules.object(spec["persistentVolumeClaimRetentionPolicy"])
        PodSpecDefaults.setIfAbsent(&retention, "whenDeleted", "Retain")
        PodSpecDefaults.setIfAbsent(&retention, "whenScaled", "Retain")
        spec["persistentVolumeClaimRetentionPolicy"] = retention
        if var claims = spec["volumeClaimTemplates"]?.arrayValue {
            for index in claims.indices where claims[index].objectValue != nil {
                PodSpecDefaults.setIfAbsent(&claims[index], "apiVersion", "v1")
                PodSpecDefaults.setIfAbsent(&claims[index], "kind", "PersistentVolumeClaim")
                PersistentVolumeClaimAdmission().applyDefaults(&claims[index])
                PodSpecDefaults.setIfAbsent(&claims[index], "status", ["phase": "Pending"])
            }
            spec["volumeClaimTemplates"] = .array(claims)
        }
        SetAdmissionRules.defaultTemplate(&spec)
        object["spec"] = spec
    }

    /// A new StatefulSet's status: no replicas yet.
    func prepareForCreate(_ object: inout JSONValue) {
        object["status"] = ["replicas": 0, "availableReplicas": 0]
    }

    func validate(_ object: JSONValue) -> [APIError.Cause] {
        guard let spec = object["spec"], spec.objectValue != nil else { return [.required("spec")] }
        var causes = SetAdmissionRules.selectorAndTemplate(spec, kind: "statefulset")
        causes += SetAdmissionRules.nonNegative(spec, ["replicas", "minReadySeconds", "revisionHistoryLimit"])
        if let start = spec[path: "ordinals", "start"], !start.isNull, (start.intValue ?? -1) < 0 {
            causes.append(.invalid("spec.ordinals.start", start, "must be greater than or equal to 0"))
        }
        if let service = spec["serviceName"]?.stringValue, !service.isEmpty {
            causes += NameValidation.dns1035Problems(service).map { .invalid("spec.serviceName", .string(service), $0) }
        }
        let policy = spec["podManagementPolicy"] ?? .null
        if !Self.podManagementPolicies.contains(policy.stringValue ?? "") {
            causes.append(.notSupported("spec.podManagementPolicy", policy, Self.podManagementPolicies))
        }
        let strategy = spec[path: "updateStrategy", "type"] ?? .null
        if !Self.strategies.contains(strategy.stringValue ?? "") {
            causes.append(.notSupported("spec.updateStrategy.type", strategy, Self.strategies))
        } else if strategy.stringValue == "OnDelete", let rolling = spec[path: "updateStrategy", "rollingUpdate"], !rolling.isNull {
            causes.append(.invalid("spec.updateStrategy.rollingUpdate", rolling, "only allowed for updateStrategy 'RollingUpdate'"))
        } else if let partition = spec[path: "updateStrategy", "rollingUpdate", "partition"], !partition.isNull, (partition.intValue ?? -1) < 0 {
            causes.append(.invalid("spec.updateStrategy.rollingUpdate.partition", partition, "must be greater than or equal to 0"))
        }
        for field in ["whenDeleted", "whenScaled"] {
            let value = spec[path: "persistentVolumeClaimRetentionPolicy", field] ?? .null
            if !Self.retentionPolicies.contains(value.stringValue ?? "") {
                causes.append(.notSupported("spec.persistentVolumeClaimRetentionPolicy.\(field)", value, Self.retentionPolicies))
            }
        }
        for (index, claim) in (spec["volumeClaimTemplates"]?.arrayValue ?? []).enumerated() {
            let name = claim[path: "metadata", "name"]?.stringValue ?? ""
            if name.isEmpty {
                causes.append(.required("spec.volumeClaimTemplates[\(index)].metadata.name"))
            }
            causes += PersistentVolumeClaimAdmission.specCauses(claim["spec"], path: "spec.volumeClaimTemplates[\(index)].spec")
        }
        return causes
    }

    func validateUpdate(old: JSONValue, new: JSONValue) -> [APIError.Cause] {
        var oldSpec = SetAdmissionRules.object(old["spec"])
        var newSpec = SetAdmissionRules.object(new["spec"])
        for field in Self.mutableFields {
            oldSpec[field] = nil
            newSpec[field] = nil
        }
        guard oldSpec != newSpec else { return [] }
        return [.forbidden("spec", "updates to statefulset spec for fields other than 'replicas', 'ordinals', 'template', 'updateStrategy', 'persistentVolumeClaimRetentionPolicy' and 'minReadySeconds' are forbidden")]
    }
}
