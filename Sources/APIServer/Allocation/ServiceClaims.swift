import Kernel

/// What a Service write took from the allocators (cluster IPs, node ports), to give back when
/// the write does not happen, or what it gave up, to free once it has.
struct ServiceClaims {
    /// Cluster IPs.
    var addresses: [String] = []
    /// Node ports.
    var nodePorts: [Int] = []

    /// Nothing claimed.
    static let none = ServiceClaims()
}

extension ClusterAPI {
    /// Returns claimed or given-up addresses and ports to their allocators.
    func release(_ claims: ServiceClaims) {
        claims.addresses.forEach(ipAllocator.release)
        claims.nodePorts.forEach(nodePortAllocator.release)
    }

    /// Everything a stored Service holds.
    static func allocations(of service: JSONValue) -> ServiceClaims {
        ServiceClaims(addresses: clusterIPs(of: service), nodePorts: nodePorts(of: service))
    }

    /// The node ports a stored Service holds.
    static func nodePorts(of service: JSONValue) -> [Int] {
        (service[path: "spec", "ports"]?.arrayValue ?? []).compactMap { $0["nodePort"]?.intValue.map(Int.init) }.filter { $0 > 0 }
    }

    /// Fills the node ports of a NodePort or LoadBalancer Service: a port the client asked for
    /// is claimed (422 when taken or out of range), a port without one keeps the node port it
    /// had before this update (`old`) or gets a new one. A ClusterIP or ExternalName Service may
    /// not name node ports. Returns the ports claimed by this write and those given up.
    func assignNodePorts(_ service: inout JSONValue, old: JSONValue?) throws -> (claimed: [Int], released: [Int]) {
        let name = service.name ?? ""
        let type = service[path: "spec", "type"]?.stringValue ?? "ClusterIP"
        let wanted = type == "NodePort"
            || (type == "LoadBalancer" && service[path: "spec", "allocateLoadBalancerNodePorts"]?.boolValue != false)
        let previous = old.map(Self.nodePortsByServicePort) ?? [:]
        var ports = service[path: "spec", "ports"]?.arrayValue ?? []
        var claimed: [Int] = []
        var kept: Set<Int> = []
        var causes: [APIError.Cause] = []
        for index in ports.indices {
            let field = "spec.ports[\(index)].nodePort"
            let requested = Int(ports[index]["nodePort"]?.intValue ?? 0)
            guard wanted else {
                if requested != 0 && type != "LoadBalancer" { causes.append(.forbidden(field, "may not be used when `type` is '\(type)'")) }
                continue
            }
            if requested != 0 {
                if previous.values.contains(requested) || claimed.contains(requested) {
                    kept.insert(requested)
                } else if let problem = nodePortAllocator.claim(requested) {
                    causes.append(.invalid(field, .int(Int64(requested)), problem))
                } else {
                    claimed.append(requested)
                }
                continue
            }
            if let reused = previous[Self.servicePortKey(ports[index])], !kept.contains(reused) {
                ports[index]["nodePort"] = .int(Int64(reused))
                kept.insert(reused)
            } else if let port = nodePortAllocator.allocate() {
                ports[index]["nodePort"] = .int(Int64(port))
                claimed.append(port)
            } else {
                causes.append(.invalid(field, .int(0), "range \(nodePortAllocator.range.lowerBound)-\(nodePortAllocator.range.upperBound) is full"))
            }
        }
        guard causes.isEmpty else {
            claimed.forEach(nodePortAllocator.release)
            throw APIError.invalid(.services, name, causes)
        }
        if !ports.isEmpty { service[path: "spec", "ports"] = .array(ports) }
        let released = Set(previous.values).subtracting(kept).subtracting(claimed)
        return (claimed, Array(released))
    }

    /// "80/TCP" for a Service port entry.
    private static func servicePortKey(_ port: JSONValue) -> String {
        "\(port["port"]?.intValue ?? 0)/\(port["protocol"]?.stringValue ?? "TCP")"
    }

    /// A stored Service's node ports by service port.
    private static func nodePortsByServicePort(_ service: JSONValue) -> [String: Int] {
        var result: [String: Int] = [:]
        for port in service[path: "spec", "ports"]?.arrayValue ?? [] {
            if let nodePort = port["nodePort"]?.intValue, nodePort > 0 { result[servicePortKey(port)] = Int(nodePort) }
        }
        return result
    }
}
