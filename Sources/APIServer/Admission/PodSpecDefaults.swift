import Kernel

/// Defaults and validation of a pod spec, shared by Pods and the pod templates of workloads.
enum PodSpecDefaults {
    /// Fills the pod spec defaults Kubernetes applies.
    static func apply(_ spec: inout JSONValue) {
        guard spec.objectValue != nil else { return }
        setIfAbsent(&spec, "restartPolicy", "Always")
        setIfAbsent(&spec, "dnsPolicy", "ClusterFirst")
        setIfAbsent(&spec, "schedulerName", "default-scheduler")
        setIfAbsent(&spec, "terminationGracePeriodSeconds", .int(30))
        setIfAbsent(&spec, "securityContext", .object([:]))
        setIfAbsent(&spec, "enableServiceLinks", true)
        for field in ["containers", "initContainers"] {
            guard var containers = spec[field]?.arrayValue else { continue }
            for index in containers.indices { applyContainer(&containers[index]) }
            spec[field] = .array(containers)
        }
    }

    private static func applyContainer(_ container: inout JSONValue) {
        guard container.objectValue != nil else { return }
        if let image = container["image"]?.stringValue {
            setIfAbsent(&container, "imagePullPolicy", .string(ImagePullPolicy.defaultPolicy(for: image)))
        }
        setIfAbsent(&container, "terminationMessagePath", "/dev/termination-log")
        setIfAbsent(&container, "terminationMessagePolicy", "File")
        setIfAbsent(&container, "resources", .object([:]))
        if var ports = container["ports"]?.arrayValue {
            for index in ports.indices where ports[index].objectValue != nil {
                setIfAbsent(&ports[index], "protocol", "TCP")
            }
            container["ports"] = .array(ports)
        }
        // Requests default to the limits when only limits are given.
        if let limits = container[path: "resources", "limits"]?.objectValue {
            var requests = container[path: "resources", "requests"]?.objectValue ?? [:]
            for (name, quantity) in limits where requests[name] == nil { requests[name] = quantity }
            container[path: "resources", "requests"] = .object(requests)
        }
    }

    /// Field errors of a pod spec at `path` ("spec" or "spec.template.spec"); `restartPolicies`
    /// lists the accepted restart policies.
    static func validate(_ spec: JSONValue?, path: String, restartPolicies: [String] = ["Always", "OnFailure", "Never"]) -> [APIError.Cause] {
        guard let spec, spec.objectValue != nil else { return [.required(path)] }
        var causes: [APIError.Cause] = []
        let containers = spec["containers"]?.arrayValue ?? []
        if containers.isEmpty { causes.append(.required("\(path).containers")) }
        var names: Set<String> = []
        for field in ["initContainers", "containers"] {
            for (index, container) in (spec[field]?.arrayValue ?? []).enumerated() {
                let at = "\(path).\(field)[\(index)]"
                let name = container["name"]?.stringValue ?? ""
                if name.isEmpty {
                    causes.append(.required("\(at).name"))
                } else {
                    causes += NameValidation.labelProblems(name).map { .invalid("\(at).name", .string(name), $0) }
                    if !names.insert(name).inserted { causes.append(.duplicate("\(at).name", .string(name))) }
                }
                if (container["image"]?.stringValue ?? "").isEmpty { causes.append(.required("\(at).image")) }
                if let policy = container["imagePullPolicy"], !["Always", "IfNotPresent", "Never"].contains(policy.stringValue ?? "") {
                    causes.append(.notSupported("\(at).imagePullPolicy", policy, ["Always", "IfNotPresent", "Never"]))
                }
                for (portIndex, port) in (container["ports"]?.arrayValue ?? []).enumerated() {
                    let number = port["containerPort"]?.intValue ?? 0
                    if !(1...65535).contains(number) {
                        causes.append(.invalid("\(at).ports[\(portIndex)].containerPort", port["containerPort"] ?? .int(0), "must be between 1 and 65535, inclusive"))
                    }
                }
            }
        }
        if let policy = spec["restartPolicy"], !restartPolicies.contains(policy.stringValue ?? "") {
            causes.append(.notSupported("\(path).restartPolicy", policy, restartPolicies))
        }
        let dnsPolicies = ["ClusterFirstWithHostNet", "ClusterFirst", "Default", "None"]
        if let policy = spec["dnsPolicy"], !dnsPolicies.contains(policy.stringValue ?? "") {
            causes.append(.notSupported("\(path).dnsPolicy", policy, dnsPolicies))
        }
        causes += PodDNSConfigValidation.validate(spec, path: path)
        if let grace = spec["terminationGracePeriodSeconds"], (grace.intValue ?? -1) < 0 {
            causes.append(.invalid("\(path).terminationGracePeriodSeconds", grace, "must be greater than or equal to 0"))
        }
        return causes
    }

    /// Sets `key` when the object lacks it (or holds null).
    static func setIfAbsent(_ object: inout JSONValue, _ key: String, _ value: JSONValue) {
        if object[key] == nil || object[key]?.isNull == true { object[key] = value }
    }
}
