import Kernel

/// Computes the `subsets` of a Service's Endpoints from its pods, as Kubernetes' endpoints
/// controller does: every pod with an IP that is not terminal and not being deleted (a
/// terminating pod counts only when the Service has `publishNotReadyAddresses`) is an
/// address (with `targetRef` and `nodeName`), in `addresses` when Ready (or when the Service
/// has `publishNotReadyAddresses`) and in `notReadyAddresses` otherwise. A Service without
/// ports lists its pods (without ports) only when it is headless. Each Service port maps
/// to an endpoint port: a numeric `targetPort` as is, a named one through the pod's container
/// port of that name and protocol (a pod without it is left out of that port), none at all as
/// the Service port. Addresses with the same ports share a subset; everything is sorted so
/// equal inputs give equal JSON.
public enum EndpointsBuilder {
    /// The subsets for `service` given candidate `pods` (already matched by its selector).
    public static func subsets(service: JSONValue, pods: [JSONValue]) -> [JSONValue] {
        let servicePorts = service[path: "spec", "ports"]?.arrayValue ?? []
        let publishNotReady = service[path: "spec", "publishNotReadyAddresses"]?.boolValue ?? false
        let serviceName = service.name ?? ""
        // Ports (sorted JSON) -> (ready addresses, not-ready addresses).
        var groups: [[JSONValue]: (ready: [JSONValue], notReady: [JSONValue])] = [:]
        let headless = service[path: "spec", "clusterIP"]?.stringValue == "None"
        // A non-headless Service without ports has nothing to route to.
        if servicePorts.isEmpty && !headless { return [] }
        for pod in pods {
            guard shouldInclude(pod, includeTerminating: publishNotReady), let ip = pod.podIP else { continue }
            var ports = servicePorts.compactMap { endpointPort($0, pod: pod) }
            // A pod that lacks every named port of a Service with ports serves none of them.
            if ports.isEmpty && !servicePorts.isEmpty { continue }
            ports.sort { $0.text < $1.text }
            let address = address(ip: ip, pod: pod, serviceName: serviceName)
            if pod.isPodReady || publishNotReady {
                groups[ports, default: ([], [])].ready.append(address)
            } else {
                groups[ports, default: ([], [])].notReady.append(address)
            }
        }
        return groups.map { ports, addresses -> JSONValue in
            var subset: JSONValue = [:]
            if !addresses.ready.isEmpty { subset["addresses"] = .array(addresses.ready.sorted(by: addressOrder)) }
            if !addresses.notReady.isEmpty { subset["notReadyAddresses"] = .array(addresses.notReady.sorted(by: addressOrder)) }
            if !ports.isEmpty { subset["ports"] = .array(ports) }
            return subset
        }.sorted { $0.text < $1.text }
    }

    /// Whether a pod belongs in a Service's endpoints at all: it has an IP, is not in a terminal
    /// phase, and is not terminating unless `includeTerminating`.
    static func shouldInclude(_ pod: JSONValue, includeTerminating: Bool) -> Bool {
        guard let ip = pod.podIP, !ip.isEmpty else { return false }
        if pod.isBeingDeleted && !includeTerminating { return false }
        let phase = pod.podPhase
        return phase != "Succeeded" && phase != "Failed"
    }

    /// One Service port resolved against a pod; nil when a named targetPort is not declared by
    /// any of the pod's containers.
    static func endpointPort(_ servicePort: JSONValue, pod: JSONValue) -> JSONValue? {
        let proto = servicePort["protocol"]?.stringValue ?? "TCP"
        let number: Int64
        switch servicePort["targetPort"] {
        case .some(.string(let name)) where Int64(name) == nil:
            guard let resolved = containerPort(named: name, protocol: proto, in: pod) else { return nil }
            number = resolved
        case .some(let value) where value.intValue != nil || value.stringValue.flatMap({ Int64($0) }) != nil:
            number = value.intValue ?? value.stringValue.flatMap { Int64($0) } ?? 0
        default:
            number = servicePort["port"]?.intValue ?? 0
        }
        var port: JSONValue = ["port": .int(number), "protocol": .string(proto)]
        if let name = servicePort["name"]?.stringValue, !name.isEmpty { port["name"] = .string(name) }
        if let appProtocol = servicePort["appProtocol"]?.stringValue { port["appProtocol"] = .string(appProtocol) }
        return port
    }

    /// The containerPort a pod declares under `name` for `protocol`.
    static func containerPort(named name: String, protocol proto: String, in pod: JSONValue) -> Int64? {
        for container in pod[path: "spec", "containers"]?.arrayValue ?? [] {
            for port in container["ports"]?.arrayValue ?? [] {
                guard port["name"]?.stringValue == name, (port["protocol"]?.stringValue ?? "TCP") == proto else { continue }
                if let number = port["containerPort"]?.intValue { return number }
            }
        }
        return nil
    }

    /// The pod's `spec.hostname` when its `spec.subdomain` names the Service (its DNS name there).
    static func hostname(of pod: JSONValue, serviceName: String) -> String? {
        guard let hostname = pod[path: "spec", "hostname"]?.stringValue, !hostname.isEmpty,
            pod[path: "spec", "subdomain"]?.stringValue == serviceName
        else { return nil }
        return hostname
    }

    private static func address(ip: String, pod: JSONValue, serviceName: String) -> JSONValue {
        var address: JSONValue = [
            "ip": .string(ip),
            "targetRef": [
                "kind": "Pod", "namespace": .string(pod.namespace ?? ""), "name": .string(pod.name ?? ""),
                "uid": .string(pod.uid ?? ""),
            ],
        ]
        if let node = pod.podNodeName { address["nodeName"] = .string(node) }
        // A pod with spec.hostname whose spec.subdomain is this Service gets a DNS name.
        if let hostname = hostname(of: pod, serviceName: serviceName) { address["hostname"] = .string(hostname) }
        return address
    }

    private static func addressOrder(_ lhs: JSONValue, _ rhs: JSONValue) -> Bool {
        let left = lhs["ip"]?.stringValue ?? ""
        let right = rhs["ip"]?.stringValue ?? ""
        if left != right { return ipLess(left, right) }
        return (lhs[path: "targetRef", "name"]?.stringValue ?? "") < (rhs[path: "targetRef", "name"]?.stringValue ?? "")
    }

    /// Numeric order for dotted IPv4 addresses, text order otherwise.
    static func ipLess(_ lhs: String, _ rhs: String) -> Bool {
        let left = lhs.split(separator: ".").compactMap { Int($0) }
        let right = rhs.split(separator: ".").compactMap { Int($0) }
        if left.count == 4 && right.count == 4 { return left.lexicographicallyPrecedes(right) }
        return lhs < rhs
    }
}
