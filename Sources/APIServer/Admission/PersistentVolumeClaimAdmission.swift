import Kernel

/// PersistentVolumeClaims (core/v1): the API serves and stores claims with Kubernetes'
/// defaults (volumeMode Filesystem) and validation (at least one known access mode, a positive
/// `resources.requests.storage`, a spec fixed after creation except its resource requests and
/// volumeAttributesClassName, and volumeName once set). A new claim's phase is Pending; no
/// provisioner or binder acts on claims yet, as in a cluster without a storage class, so they
/// stay Pending.
struct PersistentVolumeClaimAdmission: KindAdmission {
    static let accessModes = ["ReadWriteOnce", "ReadOnlyMany", "ReadWriteMany", "ReadWriteOncePod"]
    static let volumeModes = ["Block", "Filesystem"]

    func applyDefaults(_ object: inout JSONValue) {
        guard var spec = object["spec"], spec.objectValue != nil else { return }
        PodSpecDefaults.setIfAbsent(&spec, "volumeMode", "Filesystem")
        object["spec"] = spec
    }

    /// A new claim waits for a volume: phase Pending.
    func prepareForCreate(_ object: inout JSONValue) {
        object["status"] = ["phase": "Pending"]
    }

    func validate(_ object: JSONValue) -> [APIError.Cause] {
        Self.specCauses(object["spec"], path: "spec")
    }

    /// The field errors of a claim spec at `path` (also used for StatefulSet claim templates).
    static func specCauses(_ spec: JSONValue?, path: String) -> [APIError.Cause] {
        guard let spec, spec.objectValue != nil else { return [.required(path)] }
        var causes = StorageRules.accessModeCauses(spec["accessModes"], path: "\(path).accessModes", allowed: accessModes)
        let storage = spec[path: "resources", "requests", "storage"]
        if storage == nil || storage?.isNull == true {
            causes.append(.required("\(path).resources[storage]"))
        } else if let storage {
            causes += StorageRules.positiveQuantity(storage, field: "\(path).resources[storage]")
        }
        if let mode = spec["volumeMode"], !mode.isNull, !volumeModes.contains(mode.stringValue ?? "") {
            causes.append(.notSupported("\(path).volumeMode", mode, volumeModes))
        }
        if let className = spec["storageClassName"]?.stringValue, !className.isEmpty {
            causes += NameValidation.subdomainProblems(className).map { .invalid("\(path).storageClassName", .string(className), $0) }
        }
        if let selector = spec["selector"], !selector.isNull, selector.objectValue == nil {
            causes.append(.invalid("\(path).selector", selector, "must be a label selector"))
        }
        return causes
    }

    func validateUpdate(old: JSONValue, new: JSONValue) -> [APIError.Cause] {
        var oldSpec = SetAdmissionRules.object(old["spec"])
        var newSpec = SetAdmissionRules.object(new["spec"])
        var causes: [APIError.Cause] = []
        if let capacity = StorageQuantity.value(old[path: "status", "capacity", "storage"]),
           let requested = StorageQuantity.value(new[path: "spec", "resources", "requests", "storage"]), requested < capacity {
            causes.append(.forbidden("spec.resources.requests.storage", "field can not be less than status.capacity"))
        }
        oldSpec[path: "resources", "requests"] = nil
        newSpec[path: "resources", "requests"] = nil
        oldSpec["volumeAttributesClassName"] = nil
        newSpec["volumeAttributesClassName"] = nil
        if (oldSpec["volumeName"]?.stringValue ?? "").isEmpty { oldSpec["volumeName"] = newSpec["volumeName"] }
        if oldSpec != newSpec {
            causes.append(.forbidden("spec", "spec is immutable after creation except resources.requests and volumeAttributesClassName for bound claims"))
        }
        return causes
    }
}
