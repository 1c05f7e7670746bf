/// The `kubelet:` section of the cluster config: settings every simulated node's kubelet shares.
/// Keys carry the names of Kubernetes' `KubeletConfiguration` (kubelet.config.k8s.io/v1beta1)
/// where it has the setting; what Kubernetes hard-codes and Keelson lets tests shorten sits under
/// `kubelet.keelson`. Every default is Kubernetes' own.
///
/// ```yaml
/// kubelet:
///   nodeStatusUpdateFrequency: 10s
///   nodeStatusMaxImages: 50
///   crashLoopBackOff: {maxContainerRestartPeriod: 5m}
///   keelson: {initialBackOffPeriod: 10s, maxImagePullBackOffPeriod: 5m}
/// ```
public struct KubeletConfig: Sendable, Hashable {
    /// `nodeStatusUpdateFrequency`: how often the kubelet posts node status (and renews its
    /// Lease). Kubernetes' default: 10s.
    public var nodeStatusUpdateFrequency: Duration
    /// `nodeStatusMaxImages`: how many images `status.images` lists, largest first; -1 lists
    /// all, 0 none. Kubernetes' default: 50.
    public var nodeStatusMaxImages: Int
    /// `crashLoopBackOff.maxContainerRestartPeriod`: the longest wait before restarting a
    /// crashed container, 1s to 300s. Kubernetes' default: 300s.
    public var maxContainerRestartPeriod: Duration
    /// Keelson-only (`keelson.initialBackOffPeriod`): the first wait of the container restart
    /// and image pull back-offs, and the pod worker's retry after a failed sync. Kubernetes
    /// hard-codes 10s (its `backOffPeriod`).
    public var initialBackOffPeriod: Duration
    /// Keelson-only (`keelson.maxImagePullBackOffPeriod`): the longest wait between pulls of an
    /// image that failed to pull. Kubernetes hard-codes 300s (its `MaxContainerBackOff`).
    public var maxImagePullBackOffPeriod: Duration

    /// Kubernetes' defaults.
    public init(nodeStatusUpdateFrequency: Duration = .seconds(10), nodeStatusMaxImages: Int = 50,
                maxContainerRestartPeriod: Duration = .seconds(300), initialBackOffPeriod: Duration = .seconds(10),
                maxImagePullBackOffPeriod: Duration = .seconds(300)) {
        self.nodeStatusUpdateFrequency = nodeStatusUpdateFrequency
        self.nodeStatusMaxImages = nodeStatusMaxImages
        self.maxContainerRestartPeriod = maxContainerRestartPeriod
        self.initialBackOffPeriod = initialBackOffPeriod
        self.maxImagePullBackOffPeriod = maxImagePullBackOffPeriod
    }

    /// The keys allowed under `kubelet:`.
    static let keys = ["nodeStatusUpdateFrequency", "nodeStatusMaxImages", "crashLoopBackOff", "keelson"]

    /// Reads the `kubelet:` mapping; a wrong key, type or range is a one-line error naming the
    /// key path and the fix.
    static func decode(_ cursor: ConfigCursor) throws -> KubeletConfig {
        var config = KubeletConfig()
        if cursor.isNull { return config }
        let map = try cursor.mapping(allowed: keys, expected: "a mapping like {crashLoopBackOff: {maxContainerRestartPeriod: 5m}}")
        if let value = map["nodeStatusUpdateFrequency"] {
            config.nodeStatusUpdateFrequency = try value.duration(within: .milliseconds(10) ... .seconds(3600), example: "10s")
        }
        if let value = map["nodeStatusMaxImages"] {
            config.nodeStatusMaxImages = try value.integer(in: -1...100_000, expected: "an integer >= -1 (-1: every image, 0: none) such as 50")
        }
        if let value = map["crashLoopBackOff"] {
            let backOff = try value.mapping(allowed: ["maxContainerRestartPeriod"], expected: "a mapping like {maxContainerRestartPeriod: 5m}")
            if let period = backOff["maxContainerRestartPeriod"] {
                config.maxContainerRestartPeriod = try period.duration(within: .seconds(1) ... .seconds(300), example: "300s")
            }
        }
        if let value = map["keelson"] {
            let keelson = try value.mapping(allowed: ["initialBackOffPeriod", "maxImagePullBackOffPeriod"],
                                            expected: "a mapping like {initialBackOffPeriod: 10s}")
            if let period = keelson["initialBackOffPeriod"] {
                config.initialBackOffPeriod = try period.duration(within: .milliseconds(10) ... .seconds(300), example: "10s")
            }
            if let period = keelson["maxImagePullBackOffPeriod"] {
                config.maxImagePullBackOffPeriod = try period.duration(within: .milliseconds(10) ... .seconds(3600), example: "300s")
            }
        }
        return config
    }
}
