import Kernel
import Logging

extension Kubelet {
    /// The label naming the node pool a node belongs to.
    public static let nodePoolLabel = "keelson.dev/node-pool"

    /// Creates the kubelet of a node the cluster config plans: the pool's labels (plus
    /// `keelson.dev/node-pool`), taints and capacity, and the node's pod CIDR.
    public convenience init(
        node: PlannedNode, runtime: RuntimePluginClient, cniChain: [(client: CNIPluginClient, netConfig: JSONValue)],
        client: any ObjectClient, logger: Logger = Logger(label: "keelson.kubelet"), options: KubeletOptions = KubeletOptions()
    ) {
        var labels = node.pool.labels
        labels[Self.nodePoolLabel] = node.pool.name
        self.init(nodeName: node.name, labels: labels, taints: node.pool.taints, capacity: node.pool.capacity,
                  podCIDR: node.podCIDR.description, runtime: runtime, cniChain: cniChain, client: client,
                  logger: logger, options: options)
    }

    /// The CNI network configuration for one entry of the config's `network.cni` list: the
    /// entry's config with `type` set to the plugin's name (cniVersion, name and host-local
    /// ranges are filled in by the kubelet).
    public static func networkConfig(for plugin: PluginRef) -> JSONValue {
        var config = plugin.config.objectValue == nil ? [:] : plugin.config
        if config["type"]?.stringValue == nil { config["type"] = .string(plugin.plugin) }
        return config
    }
}
