import Kernel

/// Pods: spec defaults, a fresh Pending status with its QoS class, and Kubernetes' rule that an
/// update may change little of the spec. (The default NoExecute tolerations are added by
/// `DefaultTolerationSeconds`, which the cluster configures.)
struct PodAdmission: KindAdmission {
    func applyDefaults(_ object: inout JSONValue) {
        guard var spec = object["spec"], spec.objectValue != nil else { return }
        PodSpecDefaults.apply(&spec)
        object["spec"] = spec
    }

    func prepareForCreate(_ object: inout JSONValue) {
        object["status"] = ["phase": "Pending", "qosClass": .string(Self.qosClass(object["spec"]))]
    }

    func validate(_ object: JSONValue) -> [APIError.Cause] {
        PodSpecDefaults.validate(object["spec"], path: "spec")
    }

    func validateUpdate(old: JSONValue, new: JSONValue) -> [APIError.Cause] {
        // Scheduling gates may be removed (that is how a gated pod is released), never added.
        let oldGates = Self.schedulingGates(old["spec"])
        if let added = Self.schedulingGates(new["spec"]).first(where: { !oldGates.contains($0) }) {
            return [.forbidden("spec.schedulingGates", "only deletion is allowed, but found new scheduling gate '\(added)'")]
        }
        guard Self.mutableView(old["spec"]) != Self.mutableView(new["spec"]) else { return [] }
        return [.forbidden("spec", "pod updates may not change fields other than `spec.containers[*].image`,`spec.initContainers[*].image`,`spec.activeDeadlineSeconds`,`spec.tolerations` (only additions to existing tolerations),`spec.terminationGracePeriodSeconds` (allow it to be set to 1 if it was previously negative)")]
    }

    /// The names of the spec's scheduling gates.
    private static func schedulingGates(_ spec: JSONValue?) -> [String] {
        (spec?["schedulingGates"]?.arrayValue ?? []).compactMap { $0["name"]?.stringValue }
    }

    /// The spec without the fields an update may change, for comparison.
    private static func mutableView(_ spec: JSONValue?) -> JSONValue? {
        guard var spec else { return nil }
        spec["activeDeadlineSeconds"] = nil
        spec["tolerations"] = nil
        spec["schedulingGates"] = nil
        for field in ["containers", "initContainers"] {
            guard var containers = spec[field]?.arrayValue else { continue }
            for index in containers.indices where containers[index].objectValue != nil {
                containers[index]["image"] = nil
                containers[index]["imagePullPolicy"] = nil
            }
            spec[field] = .array(containers)
        }
        return spec
    }

    /// BestEffort without any requests or limits, Guaranteed when every container's cpu and
    /// memory limits equal its requests, Burstable otherwise.
    static func qosClass(_ spec: JSONValue?) -> String {
        let containers = (spec?["containers"]?.arrayValue ?? []) + (spec?["initContainers"]?.arrayValue ?? [])
        var anySet = false
        var guaranteed = !containers.isEmpty
        for container in containers {
            let requests = container[path: "resources", "requests"]?.objectValue ?? [:]
            let limits = container[path: "resources", "limits"]?.objectValue ?? [:]
            if !requests.isEmpty || !limits.isEmpty { anySet = true }
            for resource in ["cpu", "memory"] {
                guard let limit = limits[resource], requests[resource] ?? limit == limit else {
                    guaranteed = false
                    continue
                }
            }
        }
        if !anySet { return "BestEffort" }
        return guaranteed ? "Guaranteed" : "Burstable"
    }
}
