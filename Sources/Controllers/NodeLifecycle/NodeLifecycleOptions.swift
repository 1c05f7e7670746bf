/// Timings of the node lifecycle and taint-eviction controllers. The defaults are those of
/// Kubernetes 1.32's kube-controller-manager; tests shorten them.
public struct NodeLifecycleOptions: Sendable, Hashable {
    /// `--node-monitor-period`: how often every node's health is checked.
    public var monitorPeriod: Duration
    /// `--node-monitor-grace-period`: how long a node that posted status may stay silent (no
    /// Lease renewal, no new Ready heartbeat) before its conditions turn Unknown.
    public var gracePeriod: Duration
    /// `--node-startup-grace-period`: the same allowance for a node that never posted status.
    public var startupGracePeriod: Duration

    /// Kubernetes' defaults: 5 s, 50 s, 60 s.
    public init(monitorPeriod: Duration = .seconds(5), gracePeriod: Duration = .seconds(50), startupGracePeriod: Duration = .seconds(60)) {
        self.monitorPeriod = monitorPeriod
        self.gracePeriod = gracePeriod
        self.startupGracePeriod = startupGracePeriod
    }
}
