/// The kubelet's tunables (Kubernetes' KubeletConfiguration, the parts a simulated node uses).
/// The defaults are Kubernetes' where it has one.
public struct KubeletOptions: Sendable {
    /// The node's InternalIP and the pods' hostIP (loopback: a simulated node lives on this machine).
    public var nodeIP: String = "127.0.0.1"
    /// The port of the kubelet's read-only HTTP server (on `nodeIP` when it is a loopback
    /// address, else 127.0.0.1), published in `status.daemonEndpoints`. 0 (the default) picks a
    /// free port, as simulated nodes share this machine (Kubernetes' own default is 10250).
    public var port: Int = 0
    /// Whether an external cloud provider initialises nodes: registration then adds the
    /// `node.cloudprovider.kubernetes.io/uninitialized:NoSchedule` taint and keeps the addresses
    /// the provider sets.
    public var externalCloudProvider: Bool = false
    /// How often node conditions' `lastHeartbeatTime` (and the node Lease) are refreshed.
    public var heartbeatInterval: Duration = .seconds(10)
    /// How often the runtime's containers are relisted to notice exits (Kubernetes' PLEG period).
    public var relistPeriod: Duration = .seconds(1)
    /// The back-off before an exited container is restarted or a failed step (sandbox, image
    /// pull, create) is retried.
    public var backOff: BackOffPolicy = .fixed(.seconds(1))
    /// Cluster DNS servers for pods with dnsPolicy ClusterFirst; empty when no DNS add-on is known
    /// (such pods then fall back to the node's resolver, as in Kubernetes).
    public var clusterDNS: [String] = []
    /// The cluster's DNS domain.
    public var clusterDomain: String = "cluster.local"
    /// Where pod log directories live: `<root>/<namespace>_<name>_<uid>`.
    public var podLogRoot: String = "/var/log/pods"
    /// Where the synthetic network namespace paths handed to CNI point: `<root>/<sandbox id>`.
    public var netnsRoot: String = "/var/run/keelson/netns"
    /// A directory private to this node for host-local IPAM state, filled into host-local IPAM
    /// configurations that name no `dataDir`. When set, the kubelet also runs CNI GC at start with
    /// the runtime's live sandboxes as the valid attachments, releasing addresses an earlier run
    /// of the node left allocated. Nil leaves the plugins' own default (shared by every node).
    public var cniDataDir: String?
    /// CNI_PATH handed to the plugins.
    public var cniPath: [String] = ["/opt/cni/bin"]
    /// The network name and cniVersion given to CNI configurations that lack them.
    public var cniNetworkName: String = "keelson"
    /// See `cniNetworkName`.
    public var cniVersion: String = "1.1.0"
    /// The CRI runtime handler (RuntimeClass) for sandboxes; empty selects the default.
    public var runtimeHandler: String = ""
    /// Multiplies every probe duration (initialDelaySeconds, periodSeconds) so that tests can run
    /// probes fast; 1 keeps Kubernetes' seconds. ExecSync and socket timeouts are not scaled.
    public var probeTimeScale: Double = 1
    /// Creates the defaults.
    public init() {}
}
