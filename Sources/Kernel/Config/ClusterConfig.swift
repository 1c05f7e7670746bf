/// The cluster config (`apiVersion: keelson.dev/v1alpha1`, `kind: ClusterConfig`): which plugins
/// run where, the address ranges, the store and the node pools. Every field has a default, so a
/// cluster starts with no file at all; `examples/cluster.yaml` shows every key.
public struct ClusterConfig: Sendable, Hashable {
    /// The `apiVersion` a config file must carry.
    public static let apiVersion = "keelson.dev/v1alpha1"
    /// The `kind` a config file must carry.
    public static let kind = "ClusterConfig"
    /// The file name used in messages about the built-in defaults.
    public static let defaultsLabel = "<default config>"

    /// Where the store, certificates and kubeconfig live (relative paths are relative to the
    /// working directory).
    public var dataDir: String
    /// Folders scanned for plugins, before the folder of the `keelson` binary (which the CLI adds).
    public var pluginDirs: [String]
    /// The store backend.
    public var store: StoreConfig
    /// Where the API server listens.
    public var apiServer: APIServerConfig
    /// Address ranges and the CNI chain.
    public var network: NetworkConfig
    /// The scheduler plugins; a pod picks one by `spec.schedulerName` (= the plugin name), and the
    /// first one also serves pods naming `default-scheduler`.
    public var schedulers: [PluginRef]
    /// The cluster DNS add-on; nil (`dns: null` in the file) runs none.
    public var dns: PluginRef?
    /// The cloud provider; nil (`cloudProvider: null`) runs none.
    public var cloudProvider: PluginRef?
    /// The simulated node pools.
    public var nodePools: [NodePool]
    /// What every node's kubelet shares (back-offs, status reporting).
    public var kubelet: KubeletConfig = KubeletConfig()
    /// The kube-proxy `keelson up` runs (scheduler, UDP idle timeout).
    public var proxy: ProxyConfig = ProxyConfig()
    /// Timings of the built-in controllers (`controllerManager:`).
    public var controllerManager: ControllerManagerConfig = ControllerManagerConfig()

    /// A config; every argument defaults to what `keelson up` uses without a file.
    public init(
        dataDir: String = "./keelson-data",
        pluginDirs: [String] = [],
        store: StoreConfig = StoreConfig(),
        apiServer: APIServerConfig = APIServerConfig(),
        network: NetworkConfig = NetworkConfig(),
        schedulers: [PluginRef] = [PluginRef(plugin: "default-scheduler")],
        dns: PluginRef? = ClusterConfig.defaultDNS,
        cloudProvider: PluginRef? = PluginRef(plugin: "local"),
        nodePools: [NodePool] = [NodePool(name: "pool-a", count: 3)]
    ) {
        self.dataDir = dataDir
        self.pluginDirs = pluginDirs
        self.store = store
        self.apiServer = apiServer
        self.network = network
        self.schedulers = schedulers
        self.dns = dns
        self.cloudProvider = cloudProvider
        self.nodePools = nodePools
    }

    /// The config used when no file is given.
    public static var defaults: ClusterConfig { ClusterConfig() }

    /// The DNS add-on used when the file does not say: cluster-dns on 127.0.0.1:10053 for cluster.local.
    public static let defaultDNS = PluginRef(plugin: "cluster-dns",
                                             config: ["listen": "127.0.0.1:10053", "zone": "cluster.local"])
}
