import Kernel

/// How a `ServiceDataPath` balances and where it listens.
public struct DataPathOptions: Sendable, Hashable {
    /// Random (kube-proxy's iptables mode) or round-robin (its IPVS `rr`).
    public var scheduler: ProxyConfig.Scheduler
    /// How long a UDP client's flow lives without traffic.
    public var udpIdleTimeout: Duration
    /// The node whose endpoints count as local for `Local` traffic policies. Nil: the proxy
    /// serves every node of the host (Keelson's simulated nodes share the loopback), so every
    /// endpoint counts as local and `Local` policies route like `Cluster`.
    public var nodeName: String?
    /// The node IP node ports listen on (every simulated node's InternalIP is 127.0.0.1).
    public var nodeIP: String

    /// Creates options; the defaults match `proxy:`'s defaults and a shared loopback node.
    public init(scheduler: ProxyConfig.Scheduler = .random, udpIdleTimeout: Duration = .seconds(60),
                nodeName: String? = nil, nodeIP: String = "127.0.0.1") {
        self.scheduler = scheduler
        self.udpIdleTimeout = udpIdleTimeout
        self.nodeName = nodeName
        self.nodeIP = nodeIP
    }

    /// The options a `proxy:` config section asks for.
    public init(_ config: ProxyConfig, nodeName: String? = nil, nodeIP: String = "127.0.0.1") {
        self.init(scheduler: config.scheduler, udpIdleTimeout: config.udpIdleTimeout, nodeName: nodeName, nodeIP: nodeIP)
    }
}
