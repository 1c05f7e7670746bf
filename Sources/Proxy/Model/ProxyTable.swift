import Kernel

/// Every routable Service port in the cluster, built from Services and EndpointSlices the way
/// kube-proxy's change trackers build their service and endpoints maps. Headless and
/// ExternalName Services have no ClusterIP to route, so they are not in the table.
public struct ProxyTable: Sendable, Hashable {
    /// The Service ports, sorted by `id` and protocol so renderings are stable.
    public var ports: [ServicePort]
    /// The nodes' InternalIP addresses node ports are served on besides the proxy's own node
    /// IP (as kube-proxy serves them on every address of its machine), sorted.
    public var nodeIPs: [String]

    /// Creates a table from Service ports (sorted here) and node addresses.
    public init(ports: [ServicePort], nodeIPs: [String] = []) {
        self.ports = ports.sorted { ($0.id, $0.proto.rawValue) < ($1.id, $1.proto.rawValue) }
        self.nodeIPs = Array(Set(nodeIPs)).sorted()
    }

    /// The default `sessionAffinityConfig.clientIP.timeoutSeconds` (three hours).
    public static let defaultStickySeconds = 10_800

    /// Builds the table from core/v1 Services and discovery.k8s.io/v1 EndpointSlices (as JSON
    /// objects from the API). Slices are joined to their Service by the
    /// `kubernetes.io/service-name` label and to a port by name and protocol. The `nodes`' InternalIPs
    /// become `nodeIPs`.
    public static func build(services: [JSONValue], slices: [JSONValue], nodes: [JSONValue] = []) -> ProxyTable {
        var slicesByService: [String: [JSONValue]] = [:]
        for slice in slices {
            guard let namespace = slice.namespace, let service = slice.labels["kubernetes.io/service-name"] else { continue }
            slicesByService["\(namespace)/\(service)", default: []].append(slice)
        }
        var ports: [ServicePort] = []
        for service in services {
            guard let namespace = service.namespace, let name = service.name else { continue }
            ports += servicePorts(of: service, namespace: namespace, name: name, slices: slicesByService["\(namespace)/\(name)"] ?? [])
        }
        let nodeIPs = nodes.flatMap { node in
            (node[path: "status", "addresses"]?.arrayValue ?? []).filter { $0["type"]?.stringValue == "InternalIP" }.compactMap { $0["address"]?.stringValue }
        }
        return ProxyTable(ports: ports, nodeIPs: nodeIPs)
    }

    /// The routable ports of one Service with their endpoints.
    static func servicePorts(of service: JSONValue, namespace: String, name: String, slices: [JSONValue]) -> [ServicePort] {
        let spec = service["spec"] ?? .null
        let type = spec["type"]?.stringValue ?? "ClusterIP"
        guard type != "ExternalName" else { return [] }
        var clusterIPs = (spec["clusterIPs"]?.arrayValue ?? []).compactMap(\.stringValue)
        if clusterIPs.isEmpty, let single = spec["clusterIP"]?.stringValue { clusterIPs = [single] }
        clusterIPs.removeAll { $0.isEmpty || $0 == "None" }
        guard !clusterIPs.isEmpty else { return [] }
        let sticky: Int? = spec["sessionAffinity"]?.stringValue == "ClientIP"
            ? Int(spec[path: "sessionAffinityConfig", "clientIP", "timeoutSeconds"]?.intValue ?? Int64(defaultStickySeconds))
            : nil
        let withNodePorts = type == "NodePort" || type == "LoadBalancer"
        // An ingress with ipMode Proxy is reached through the load balancer, which sends its
        // traffic to the nodes itself: kube-proxy leaves such addresses alone.
        let loadBalancerIPs = (service[path: "status", "loadBalancer", "ingress"]?.arrayValue ?? [])
            .filter { $0["ipMode"]?.stringValue != "Proxy" }.compactMap { $0["ip"]?.stringValue }
        return (spec["ports"]?.arrayValue ?? []).compactMap { port -> ServicePort? in
            guard let number = port["port"]?.intValue else { return nil }
            let portName = port["name"]?.stringValue ?? ""
            let proto = ServiceProtocol(rawValue: port["protocol"]?.stringValue ?? "TCP") ?? .tcp
            return ServicePort(
                namespace: namespace, serviceName: name, portName: portName, proto: proto, port: Int(number),
                clusterIPs: clusterIPs,
                nodePort: withNodePorts ? port["nodePort"]?.intValue.map(Int.init) : nil,
                externalIPs: (spec["externalIPs"]?.arrayValue ?? []).compactMap(\.stringValue),
                loadBalancerIPs: type == "LoadBalancer" ? loadBalancerIPs : [],
                stickySeconds: sticky,
                internalTrafficPolicy: TrafficPolicy(rawValue: spec["internalTrafficPolicy"]?.stringValue ?? "") ?? .cluster,
                externalTrafficPolicy: TrafficPolicy(rawValue: spec["externalTrafficPolicy"]?.stringValue ?? "") ?? .cluster,
                endpoints: endpoints(in: slices, portName: portName, proto: proto))
        }
    }

    /// The endpoints the slices list for the port with this name and protocol, de-duplicated by
    /// address and port (an endpoint may briefly appear in two slices).
    static func endpoints(in slices: [JSONValue], portName: String, proto: ServiceProtocol) -> [ProxyEndpoint] {
        var seen = Set<String>()
        var found: [ProxyEndpoint] = []
        for slice in slices {
            let addressType = slice["addressType"]?.stringValue ?? "IPv4"
            guard addressType == "IPv4" || addressType == "IPv6" else { continue }
            let match = (slice["ports"]?.arrayValue ?? []).first {
                ($0["name"]?.stringValue ?? "") == portName && ($0["protocol"]?.stringValue ?? "TCP") == proto.rawValue
            }
            guard let port = match?["port"]?.intValue else { continue }
            for endpoint in slice["endpoints"]?.arrayValue ?? [] {
                let conditions = endpoint["conditions"] ?? .null
                let ready = conditions["ready"]?.boolValue ?? true
                for address in (endpoint["addresses"]?.arrayValue ?? []).compactMap(\.stringValue) {
                    let candidate = ProxyEndpoint(
                        ip: address, port: Int(port), nodeName: endpoint["nodeName"]?.stringValue, ready: ready,
                        serving: conditions["serving"]?.boolValue, terminating: conditions["terminating"]?.boolValue ?? false)
                    if seen.insert(candidate.hostPort).inserted { found.append(candidate) }
                }
            }
        }
        return found
    }
}
