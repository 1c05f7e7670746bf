/// The transport protocol of a Service port, spelled as in the Kubernetes API.
public enum ServiceProtocol: String, Sendable, Hashable, CaseIterable {
    case tcp = "TCP"
    case udp = "UDP"
    case sctp = "SCTP"

    /// The lower-case spelling iptables uses (`-p tcp`).
    public var iptablesName: String { rawValue.lowercased() }
}

/// How traffic that enters through a given kind of address picks endpoints
/// (`spec.internalTrafficPolicy` and `spec.externalTrafficPolicy`).
public enum TrafficPolicy: String, Sendable, Hashable {
    /// Every usable endpoint in the cluster.
    case cluster = "Cluster"
    /// Only endpoints on the node that received the traffic.
    case local = "Local"
}

/// One endpoint of a Service port, from an EndpointSlice.
public struct ProxyEndpoint: Sendable, Hashable, Comparable {
    /// The endpoint's address (IPv4 or IPv6).
    public var ip: String
    /// The endpoint's port for this Service port.
    public var port: Int
    /// The node the endpoint runs on (`endpoints[].nodeName`), when known.
    public var nodeName: String?
    /// `conditions.ready` (a missing condition counts as ready, as in Kubernetes).
    public var ready: Bool
    /// `conditions.serving` (defaults to `ready` when missing).
    public var serving: Bool
    /// `conditions.terminating` (false when missing).
    public var terminating: Bool

    /// Creates an endpoint.
    public init(ip: String, port: Int, nodeName: String? = nil, ready: Bool = true, serving: Bool? = nil, terminating: Bool = false) {
        self.ip = ip
        self.port = port
        self.nodeName = nodeName
        self.ready = ready
        self.serving = serving ?? ready
        self.terminating = terminating
    }

    /// `ip:port`, with IPv6 addresses in brackets, as kube-proxy writes endpoints.
    public var hostPort: String { ip.contains(":") ? "[\(ip)]:\(port)" : "\(ip):\(port)" }

    /// Whether the address is IPv6.
    public var isIPv6: Bool { ip.contains(":") }

    /// Orders endpoints by address, then port, so rules and balancing are stable.
    public static func < (lhs: ProxyEndpoint, rhs: ProxyEndpoint) -> Bool {
        (lhs.ip, lhs.port) < (rhs.ip, rhs.port)
    }
}

/// One port of one Service with everything a proxy needs to route it: the addresses traffic
/// arrives on, its policies and its endpoints. kube-proxy calls this a ServicePort.
public struct ServicePort: Sendable, Hashable {
    /// The Service's namespace.
    public var namespace: String
    /// The Service's name.
    public var serviceName: String
    /// The port's name (empty for an unnamed single port).
    public var portName: String
    /// The transport protocol.
    public var proto: ServiceProtocol
    /// The Service port (what clients connect to on the ClusterIP).
    public var port: Int
    /// `spec.clusterIPs` (empty for headless Services).
    public var clusterIPs: [String]
    /// The allocated or requested node port, for NodePort and LoadBalancer Services.
    public var nodePort: Int?
    /// `spec.externalIPs`.
    public var externalIPs: [String]
    /// `status.loadBalancer.ingress[].ip`.
    public var loadBalancerIPs: [String]
    /// Seconds a client IP sticks to its endpoint when `sessionAffinity` is ClientIP (nil: None).
    public var stickySeconds: Int?
    /// `spec.internalTrafficPolicy` (traffic to ClusterIPs).
    public var internalTrafficPolicy: TrafficPolicy
    /// `spec.externalTrafficPolicy` (traffic to node ports, external and load-balancer IPs).
    public var externalTrafficPolicy: TrafficPolicy
    /// Every endpoint the Service's EndpointSlices list for this port, sorted and de-duplicated.
    public var endpoints: [ProxyEndpoint]

    /// Creates a Service port.
    public init(namespace: String, serviceName: String, portName: String = "", proto: ServiceProtocol = .tcp, port: Int,
                clusterIPs: [String] = [], nodePort: Int? = nil, externalIPs: [String] = [], loadBalancerIPs: [String] = [],
                stickySeconds: Int? = nil, internalTrafficPolicy: TrafficPolicy = .cluster,
                externalTrafficPolicy: TrafficPolicy = .cluster, endpoints: [ProxyEndpoint] = []) {
        self.namespace = namespace
        self.serviceName = serviceName
        self.portName = portName
        self.proto = proto
        self.port = port
        self.clusterIPs = clusterIPs
        self.nodePort = nodePort
        self.externalIPs = externalIPs
        self.loadBalancerIPs = loadBalancerIPs
        self.stickySeconds = stickySeconds
        self.internalTrafficPolicy = internalTrafficPolicy
        self.externalTrafficPolicy = externalTrafficPolicy
        self.endpoints = endpoints.sorted()
    }

    /// `namespace/name:port` (or `namespace/name` for an unnamed port), kube-proxy's name for a
    /// Service port in rule comments and chain-name hashes.
    public var id: String { portName.isEmpty ? "\(namespace)/\(serviceName)" : "\(namespace)/\(serviceName):\(portName)" }

    /// The endpoints traffic may go to, as kube-proxy chooses them: the ready ones; when none is
    /// ready, the ones still serving while they terminate. With a Local policy only endpoints on
    /// `node` count. `external` selects the external traffic policy (node ports, external and
    /// load-balancer IPs) instead of the internal one.
    public func usableEndpoints(node: String?, external: Bool) -> [ProxyEndpoint] {
        let policy = external ? externalTrafficPolicy : internalTrafficPolicy
        return usableEndpoints(in: policy == .local ? .node(node) : .cluster)
    }

    /// The usable endpoints (ready, else serving and terminating) within `scope`.
    public func usableEndpoints(in scope: EndpointScope) -> [ProxyEndpoint] {
        var candidates = endpoints
        if case .node(let name) = scope { candidates = endpoints.filter { $0.nodeName != nil && $0.nodeName == name } }
        let ready = candidates.filter(\.ready)
        if !ready.isEmpty { return ready }
        return candidates.filter { $0.serving && $0.terminating }
    }
}

/// Where endpoints are taken from: the whole cluster, or one node (Local traffic policies; a
/// nil node name has no local endpoints).
public enum EndpointScope: Sendable, Hashable {
    /// Every endpoint.
    case cluster
    /// Only endpoints whose `nodeName` is this node.
    case node(String?)
}
