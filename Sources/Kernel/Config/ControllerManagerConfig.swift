/// The `controllerManager:` section of the cluster config: timings of the built-in
/// controllers, with the names of kube-controller-manager's configuration. Every default is
/// Kubernetes' own; tests shorten them.
///
/// ```yaml
/// controllerManager:
///   nodeMonitorPeriod: 5s
///   nodeMonitorGracePeriod: 50s
///   nodeStartupGracePeriod: 1m
///   clusterName: kubernetes          # the cloud controller manager's
///   routeReconciliationPeriod: 10s
///   keelson: {podFailureBackOff: 10s}
/// ```
public struct ControllerManagerConfig: Sendable, Hashable {
    /// `nodeMonitorPeriod`: how often the node lifecycle controller checks every node (5s).
    public var nodeMonitorPeriod: Duration
    /// `nodeMonitorGracePeriod`: how long a node may stop posting status before it is marked
    /// Unknown and tainted unreachable (50s).
    public var nodeMonitorGracePeriod: Duration
    /// `nodeStartupGracePeriod`: the same allowance for a node that never posted status (1m).
    public var nodeStartupGracePeriod: Duration
    /// Keelson-only (`keelson.podFailureBackOff`): how long a Job waits before replacing its
    /// first failed pod, doubling per failure up to 6 min. Kubernetes hard-codes 10s.
    public var podFailureBackOff: Duration
    /// `clusterName`: the name the cloud controller manager passes to the cloud provider's
    /// LoadBalancer and Routes calls ("kubernetes").
    public var clusterName: String
    /// `routeReconciliationPeriod`: how often the route controller reconciles the cloud's
    /// routes (10s).
    public var routeReconciliationPeriod: Duration

    /// Kubernetes' defaults.
    public init(nodeMonitorPeriod: Duration = .seconds(5), nodeMonitorGracePeriod: Duration = .seconds(50),
                nodeStartupGracePeriod: Duration = .seconds(60), podFailureBackOff: Duration = .seconds(10),
                clusterName: String = "kubernetes", routeReconciliationPeriod: Duration = .seconds(10)) {
        self.nodeMonitorPeriod = nodeMonitorPeriod
        self.nodeMonitorGracePeriod = nodeMonitorGracePeriod
        self.nodeStartupGracePeriod = nodeStartupGracePeriod
        self.podFailureBackOff = podFailureBackOff
        self.clusterName = clusterName
        self.routeReconciliationPeriod = routeReconciliationPeriod
    }

    /// Reads the `controllerManager:` mapping; a wrong key, type or range is a one-line error
    /// naming the key path and the fix.
    static func decode(_ cursor: ConfigCursor) throws -> ControllerManagerConfig {
        var config = ControllerManagerConfig()
        if cursor.isNull { return config }
        let map = try cursor.mapping(allowed: ["nodeMonitorPeriod", "nodeMonitorGracePeriod", "nodeStartupGracePeriod",
                                                        "clusterName", "routeReconciliationPeriod", "keelson"],
                                     expected: "a mapping like {nodeMonitorGracePeriod: 50s}")
        if let value = map["nodeMonitorPeriod"] {
            config.nodeMonitorPeriod = try value.duration(within: .milliseconds(10) ... .seconds(3600), example: "5s")
        }
        if let value = map["nodeMonitorGracePeriod"] {
            config.nodeMonitorGracePeriod = try value.duration(within: .milliseconds(100) ... .seconds(86_400), example: "50s")
        }
        if let value = map["nodeStartupGracePeriod"] {
            config.nodeStartupGracePeriod = try value.duration(within: .milliseconds(100) ... .seconds(86_400), example: "1m")
        }
        if let value = map["clusterName"] {
            config.clusterName = try value.string(expected: "a cluster name such as kubernetes")
        }
        if let value = map["routeReconciliationPeriod"] {
            config.routeReconciliationPeriod = try value.duration(within: .milliseconds(10) ... .seconds(3600), example: "10s")
        }
        if let value = map["keelson"] {
            let keelson = try value.mapping(allowed: ["podFailureBackOff"], expected: "a mapping like {podFailureBackOff: 10s}")
            if let period = keelson["podFailureBackOff"] {
                config.podFailureBackOff = try period.duration(within: .milliseconds(10) ... .seconds(360), example: "10s")
            }
        }
        return config
    }
}
