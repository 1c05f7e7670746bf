import Kernel

/// Ingresses (networking.k8s.io/v1): the API serves and stores them with Kubernetes'
/// validation: rules or a default backend; each rule's host a DNS name (a leading `*.`
/// allowed, no IP addresses); each HTTP path with a pathType, absolute for Exact and Prefix,
/// and exactly one backend (a service with a name and a port name or number, or a resource).
/// The status starts with an empty load balancer; no ingress controller acts on them yet.
struct IngressAdmission: KindAdmission {
    static let pathTypes = ["Exact", "ImplementationSpecific", "Prefix"]

    /// A new Ingress has no load balancer yet.
    func prepareForCreate(_ object: inout JSONValue) {
        object["status"] = ["loadBalancer": [:]]
    }

    func validate(_ object: JSONValue) -> [APIError.Cause] {
        guard let spec = object["spec"], spec.objectValue != nil else {
            return [.invalid("spec", .null, "either `defaultBackend` or `rules` must be specified")]
        }
        var causes: [APIError.Cause] = []
        let rules = spec["rules"]?.arrayValue ?? []
        let defaultBackend = spec["defaultBackend"]
        if rules.isEmpty && (defaultBackend == nil || defaultBackend?.isNull == true) {
            causes.append(.invalid("spec.rules", spec["rules"] ?? .array([]), "either `defaultBackend` or `rules` must be specified"))
        }
        if let defaultBackend, !defaultBackend.isNull {
            causes += backendCauses(defaultBackend, path: "spec.defaultBackend")
        }
        if let className = spec["ingressClassName"]?.stringValue {
            causes += NameValidation.subdomainProblems(className).map { .invalid("spec.ingressClassName", .string(className), $0) }
        }
        for (index, rule) in rules.enumerated() {
            let path = "spec.rules[\(index)]"
            if let host = rule["host"]?.stringValue, !host.isEmpty {
                causes += hostCauses(host, field: "\(path).host")
            }
            guard let http = rule["http"], !http.isNull else { continue }
            let paths = http["paths"]?.arrayValue ?? []
            if paths.isEmpty { causes.append(.required("\(path).http.paths")) }
            for (pathIndex, entry) in paths.enumerated() {
                let at = "\(path).http.paths[\(pathIndex)]"
                let pathType = entry["pathType"] ?? .null
                let text = entry["path"]?.stringValue ?? ""
                if pathType.isNull {
                    causes.append(.required("\(at).pathType", "pathType must be specified"))
                } else if !Self.pathTypes.contains(pathType.stringValue ?? "") {
                    causes.append(.notSupported("\(at).pathType", pathType, Self.pathTypes))
                } else if pathType.stringValue != "ImplementationSpecific" && !text.hasPrefix("/") {
                    causes.append(.invalid("\(at).path", .string(text), "must be an absolute path"))
                }
                if pathType.stringValue == "ImplementationSpecific", !text.isEmpty, !text.hasPrefix("/") {
                    causes.append(.invalid("\(at).path", .string(text), "must be an absolute path"))
                }
                causes += backendCauses(entry["backend"], path: "\(at).backend")
            }
        }
        for (index, tls) in (spec["tls"]?.arrayValue ?? []).enumerated() {
            for (hostIndex, host) in (tls["hosts"]?.arrayValue ?? []).enumerated() {
                causes += hostCauses(host.stringValue ?? "", field: "spec.tls[\(index)].hosts[\(hostIndex)]")
            }
        }
        return causes
    }

    /// A DNS subdomain, optionally with one leading `*.` label, and not an IP address.
    private func hostCauses(_ host: String, field: String) -> [APIError.Cause] {
        if host.split(separator: ".").count == 4, host.split(separator: ".").allSatisfy({ UInt8($0) != nil }) {
            return [.invalid(field, .string(host), "must be a DNS name, not an IP address")]
        }
        let name = host.hasPrefix("*.") ? String(host.dropFirst(2)) : host
        return NameValidation.subdomainProblems(name).map { .invalid(field, .string(host), $0) }
    }

    /// Exactly one of service (with a name and a port name or number) or resource.
    private func backendCauses(_ backend: JSONValue?, path: String) -> [APIError.Cause] {
        guard let backend, backend.objectValue != nil else { return [.required(path)] }
        let service = backend["service"].flatMap { $0.isNull ? nil : $0 }
        let resource = backend["resource"].flatMap { $0.isNull ? nil : $0 }
        if service == nil && resource == nil {
            return [.invalid(path, backend, "one backend (service or resource) must be specified")]
        }
        if service != nil && resource != nil {
            return [.invalid(path, backend, "cannot set both resource and service backends")]
        }
        var causes: [APIError.Cause] = []
        if let service {
            let name = service["name"]?.stringValue ?? ""
            if name.isEmpty {
                causes.append(.required("\(path).service.name"))
            } else {
                causes += NameValidation.dns1035Problems(name).map { .invalid("\(path).service.name", .string(name), $0) }
            }
            let portName = service[path: "port", "name"]?.stringValue ?? ""
            let number = service[path: "port", "number"]
            let hasNumber = number != nil && number?.isNull == false && number?.intValue != 0
            if !portName.isEmpty && hasNumber {
                causes.append(.invalid("\(path).service.port", service["port"] ?? .null, "cannot set both port name & port number"))
            } else if portName.isEmpty && !hasNumber {
                causes.append(.invalid("\(path).service.port", service["port"] ?? .null, "port name or number is required"))
            } else if let number, hasNumber, !(1...65535).contains(number.intValue ?? 0) {
                causes.append(.invalid("\(path).service.port.number", number, "must be between 1 and 65535, inclusive"))
            }
        }
        if let resource {
            if (resource["kind"]?.stringValue ?? "").isEmpty { causes.append(.required("\(path).resource.kind")) }
            if (resource["name"]?.stringValue ?? "").isEmpty { causes.append(.required("\(path).resource.name")) }
        }
        return causes
    }
}
