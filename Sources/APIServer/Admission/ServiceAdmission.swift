import Kernel

/// Services: type, port and traffic-policy defaults and validation. The cluster IP itself is
/// allocated by the `ClusterAPI` (it needs the allocator's state).
struct ServiceAdmission: KindAdmission {
    var nameRule: NameRule { .dns1035 }

    static let types = ["ClusterIP", "NodePort", "LoadBalancer", "ExternalName"]

    func applyDefaults(_ object: inout JSONValue) {
        guard var spec = object["spec"], spec.objectValue != nil else { return }
        PodSpecDefaults.setIfAbsent(&spec, "type", "ClusterIP")
        PodSpecDefaults.setIfAbsent(&spec, "sessionAffinity", "None")
        let type = spec["type"]?.stringValue ?? "ClusterIP"
        if type != "ExternalName" {
            PodSpecDefaults.setIfAbsent(&spec, "internalTrafficPolicy", "Cluster")
        }
        if type == "NodePort" || type == "LoadBalancer" {
            PodSpecDefaults.setIfAbsent(&spec, "externalTrafficPolicy", "Cluster")
        }
        if var ports = spec["ports"]?.arrayValue {
            for index in ports.indices where ports[index].objectValue != nil {
                PodSpecDefaults.setIfAbsent(&ports[index], "protocol", "TCP")
                if let port = ports[index]["port"], ports[index]["targetPort"] == nil || ports[index]["targetPort"]?.isNull == true {
                    ports[index]["targetPort"] = port
                }
            }
            spec["ports"] = .array(ports)
        }
        object["spec"] = spec
    }

    func prepareForCreate(_ object: inout JSONValue) {
        object["status"] = ["loadBalancer": [:]]
    }

    func validate(_ object: JSONValue) -> [APIError.Cause] {
        guard let spec = object["spec"], spec.objectValue != nil else { return [.required("spec")] }
        var causes: [APIError.Cause] = []
        let type = spec["type"]?.stringValue ?? "ClusterIP"
        if !Self.types.contains(type) {
            causes.append(.notSupported("spec.type", spec["type"] ?? .null, Self.types))
        }
        let ports = spec["ports"]?.arrayValue ?? []
        let headless = spec["clusterIP"]?.stringValue == "None"
        if type == "ExternalName" {
            if (spec["externalName"]?.stringValue ?? "").isEmpty { causes.append(.required("spec.externalName")) }
        } else if ports.isEmpty && !headless {
            causes.append(.required("spec.ports"))
        }
        if let affinity = spec["sessionAffinity"], !["None", "ClientIP"].contains(affinity.stringValue ?? "") {
            causes.append(.notSupported("spec.sessionAffinity", affinity, ["ClientIP", "None"]))
        }
        var names: Set<String> = []
        for (index, port) in ports.enumerated() {
            let at = "spec.ports[\(index)]"
            let name = port["name"]?.stringValue ?? ""
            if ports.count > 1 && name.isEmpty { causes.append(.required("\(at).name")) }
            if !name.isEmpty {
                causes += NameValidation.labelProblems(name).map { .invalid("\(at).name", .string(name), $0) }
                if !names.insert(name).inserted { causes.append(.duplicate("\(at).name", .string(name))) }
            }
            let number = port["port"]?.intValue ?? 0
            if !(1...65535).contains(number) {
                causes.append(.invalid("\(at).port", port["port"] ?? .int(0), "must be between 1 and 65535, inclusive"))
            }
            if let proto = port["protocol"], !["TCP", "UDP", "SCTP"].contains(proto.stringValue ?? "") {
                causes.append(.notSupported("\(at).protocol", proto, ["SCTP", "TCP", "UDP"]))
            }
            if let target = port["targetPort"] {
                switch target {
                case .int(let value) where !(1...65535).contains(value):
                    causes.append(.invalid("\(at).targetPort", target, "must be between 1 and 65535, inclusive"))
                case .string(let value) where value.isEmpty || value.count > 15:
                    causes.append(.invalid("\(at).targetPort", target, "must be no more than 15 characters"))
                case .int, .string:
                    break
                default:
                    causes.append(.invalid("\(at).targetPort", target, "must be a port number or a port name"))
                }
            }
        }
        return causes
    }

    func validateUpdate(old: JSONValue, new: JSONValue) -> [APIError.Cause] {
        let oldType = old[path: "spec", "type"]?.stringValue ?? "ClusterIP"
        let newType = new[path: "spec", "type"]?.stringValue ?? "ClusterIP"
        guard oldType != "ExternalName", newType != "ExternalName" else { return [] }
        let oldIP = old[path: "spec", "clusterIP"] ?? .string("")
        let newIP = new[path: "spec", "clusterIP"] ?? .string("")
        return oldIP == newIP ? [] : [.immutable("spec.clusterIP", newIP)]
    }
}
