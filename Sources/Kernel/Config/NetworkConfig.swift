/// The cluster network: address ranges (inside 127.0.0.0/8, so no packet leaves loopback) and the
/// CNI chain every pod sandbox goes through.
public struct NetworkConfig: Sendable, Hashable {
    /// The pod range; every node gets the next /24 of it (see `PodCIDRAllocator`).
    public var podCIDR: String
    /// The range Service cluster IPs come from.
    public var serviceCIDR: String
    /// The CNI plugins, called in order on ADD and in reverse on DEL, like a CNI config list.
    public var cni: [PluginRef]

    /// The default chain: the bridge-like main plugin with host-local as its IPAM plugin
    /// (delegated through the host), so every pod's result comes through a real chain.
    public static let defaultCNI = [
        PluginRef(plugin: "bridge-like", config: ["bridge": "cni0", "isGateway": true, "ipam": ["type": "host-local"]]),
    ]

    /// A network config.
    public init(podCIDR: String = "127.244.0.0/16", serviceCIDR: String = "127.96.0.0/16",
                cni: [PluginRef] = NetworkConfig.defaultCNI) {
        self.podCIDR = podCIDR
        self.serviceCIDR = serviceCIDR
        self.cni = cni
    }
}
