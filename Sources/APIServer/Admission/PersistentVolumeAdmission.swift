import Kernel

/// PersistentVolumes (core/v1, cluster-scoped): the API serves and stores volumes with
/// Kubernetes' defaults (reclaim policy Retain, volumeMode Filesystem) and validation (a
/// positive `capacity.storage`, at least one access mode, exactly one volume source, a known
/// reclaim policy, a source and volume mode fixed after creation). A new volume's phase is
/// Pending: moving it to Available (and binding claims) is the volume controller's job, and
/// none runs yet.
struct PersistentVolumeAdmission: KindAdmission {
    static let reclaimPolicies = ["Delete", "Recycle", "Retain"]
    /// The volume sources a PersistentVolume may name (`PersistentVolumeSource` members).
    static let sources = ["gcePersistentDisk", "awsElasticBlockStore", "hostPath", "glusterfs", "nfs", "rbd", "iscsi", "cinder",
                          "cephfs", "fc", "flocker", "flexVolume", "azureFile", "vsphereVolume", "quobyte", "azureDisk",
                          "photonPersistentDisk", "portworxVolume", "scaleIO", "local", "storageos", "csi"]

    func applyDefaults(_ object: inout JSONValue) {
        guard var spec = object["spec"], spec.objectValue != nil else { return }
        PodSpecDefaults.setIfAbsent(&spec, "persistentVolumeReclaimPolicy", "Retain")
        PodSpecDefaults.setIfAbsent(&spec, "volumeMode", "Filesystem")
        if var hostPath = spec["hostPath"], hostPath.objectValue != nil {
            PodSpecDefaults.setIfAbsent(&hostPath, "type", "")
            spec["hostPath"] = hostPath
        }
        object["spec"] = spec
    }

    /// A new volume: phase Pending until a controller makes it Available.
    func prepareForCreate(_ object: inout JSONValue) {
        object["status"] = ["phase": "Pending"]
    }

    func validate(_ object: JSONValue) -> [APIError.Cause] {
        guard let spec = object["spec"], spec.objectValue != nil else { return [.required("spec")] }
        var causes = StorageRules.accessModeCauses(spec["accessModes"], path: "spec.accessModes",
                                                   allowed: PersistentVolumeClaimAdmission.accessModes)
        let capacity = spec["capacity"]?.objectValue ?? [:]
        if capacity.isEmpty {
            causes.append(.required("spec.capacity"))
        } else if let storage = capacity["storage"] {
            causes += StorageRules.positiveQuantity(storage, field: "spec.capacity[storage]")
            for key in capacity.keys.sorted() where key != "storage" {
                causes.append(.notSupported("spec.capacity", .string(key), ["storage"]))
            }
        } else {
            causes.append(.notSupported("spec.capacity", .string(capacity.keys.sorted().first ?? ""), ["storage"]))
        }
        let present = Self.sources.filter { spec[$0] != nil && spec[$0]?.isNull == false }
        if present.isEmpty {
            causes.append(.required("spec", "must specify a volume type"))
        } else if present.count > 1 {
            causes.append(.forbidden("spec.\(present[1])", "may not specify more than 1 volume type"))
        }
        if let path = spec[path: "hostPath", "path"], (path.stringValue ?? "").isEmpty {
            causes.append(.required("spec.hostPath.path"))
        }
        if let local = spec["local"], !local.isNull, spec["nodeAffinity"] == nil || spec["nodeAffinity"]?.isNull == true {
            causes.append(.required("spec.nodeAffinity", "Local volume requires node affinity"))
        }
        let policy = spec["persistentVolumeReclaimPolicy"] ?? .null
        if !Self.reclaimPolicies.contains(policy.stringValue ?? "") {
            causes.append(.notSupported("spec.persistentVolumeReclaimPolicy", policy, Self.reclaimPolicies))
        }
        if let mode = spec["volumeMode"], !mode.isNull, !PersistentVolumeClaimAdmission.volumeModes.contains(mode.stringValue ?? "") {
            causes.append(.notSupported("spec.volumeMode", mode, PersistentVolumeClaimAdmission.volumeModes))
        }
        if let className = spec["storageClassName"]?.stringValue, !className.isEmpty {
            causes += NameValidation.subdomainProblems(className).map { .invalid("spec.storageClassName", .string(className), $0) }
        }
        return causes
    }

    func validateUpdate(old: JSONValue, new: JSONValue) -> [APIError.Cause] {
        var causes: [APIError.Cause] = []
        let oldSources = Self.sources.map { old[path: "spec", $0] }
        let newSources = Self.sources.map { new[path: "spec", $0] }
        if oldSources != newSources {
            causes.append(.forbidden("spec.persistentvolumesource", "spec.persistentvolumesource is immutable after creation"))
        }
        if old[path: "spec", "volumeMode"] != new[path: "spec", "volumeMode"] {
            causes.append(.immutable("spec.volumeMode", new[path: "spec", "volumeMode"] ?? .null))
        }
        return causes
    }
}
