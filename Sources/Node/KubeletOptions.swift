import Kernel

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
    /// Kubernetes' container restart back-off (CrashLoopBackOff): per container, measured from
    /// its exit; 10 s doubling to 5 min, reset after 10 min of running.
    public var crashLoopBackOff: BackOffPolicy = .kubernetes()
    /// Kubernetes' image pull back-off (ImagePullBackOff): per image of a pod, measured from the
    /// failed pull; 10 s doubling to 5 min.
    public var imagePullBackOff: BackOffPolicy = .kubernetes()
    /// How soon a pod whose sync failed (sandbox, network, image, CreateContainer, a container
    /// in back-off) is synced again: Kubernetes' pod worker back-off period, 10 s.
    public var syncErrorBackOff: BackOffPolicy = .fixed(.seconds(10))
    /// All back-offs at once (a shortcut for tests): reading gives the sync error back-off;
    /// setting sets the crash-loop, image pull and sync error back-offs to the same policy.
    public var backOff: BackOffPolicy {
        get { syncErrorBackOff }
        set {
            crashLoopBackOff = newValue
            imagePullBackOff = newValue
            syncErrorBackOff = .fixed(newValue.initial)
        }
    }
    /// How many images the node status lists (largest first); -1 lists all (Kubernetes'
    /// `nodeStatusMaxImages`, default 50).
    public var nodeStatusMaxImages: Int = 50
    /// Cluster DNS servers for pods with dnsPolicy ClusterFirst; empty when no DNS add-on is known
    /// (such pods then fall back to the node's resolver, as in Kubernetes).
    public var clusterDNS: [String] = []
    /// The cluster's DNS domain.
    public var clusterDomain: String = "cluster.local"
    /// The node's resolver configuration, the base of Default pods' DNS and the source of the
    /// host search domains ClusterFirst pods get (Kubernetes' `resolvConf`). Empty: pods get
    /// the node's own address, 127.0.0.1, as nameserver and search `.`.
    public var resolverConfig: String = "/etc/resolv.conf"
    /// Where pod log directories live: `<root>/<namespace>_<name>_<uid>`.
    public var podLogRoot: String = "/var/log/pods"
    /// Where pod volumes are set up: `<root>/<pod uid>/volumes/<name>` (Kubernetes' kubelet keeps
    /// them under its root directory's `pods/`).
    public var podsRoot: String = "/var/lib/keelson/pods"
    /// Issues the ServiceAccount tokens of projected volumes; nil: pods with such a volume fail
    /// to mount it.
    public var tokenIssuer: ServiceAccountTokenIssuer?
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

    /// Takes the cluster config's `kubelet:` section: node status frequency and image cap, and
    /// the back-offs (the crash-loop maximum from `crashLoopBackOff.maxContainerRestartPeriod`,
    /// Keelson's initial period for all three, the image pull maximum).
    public mutating func apply(_ config: KubeletConfig) {
        heartbeatInterval = config.nodeStatusUpdateFrequency
        nodeStatusMaxImages = config.nodeStatusMaxImages
        crashLoopBackOff = .kubernetes(initial: config.initialBackOffPeriod, maximum: config.maxContainerRestartPeriod)
        imagePullBackOff = .kubernetes(initial: config.initialBackOffPeriod, maximum: config.maxImagePullBackOffPeriod)
        syncErrorBackOff = .fixed(config.initialBackOffPeriod)
    }
}
