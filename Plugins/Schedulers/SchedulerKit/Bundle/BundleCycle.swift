/// One scheduling attempt of one pod, as the host's `keelson_sched_cycle *` handle points to it:
/// the pod, Kubernetes' CycleState shared by the plugins of the pod's profile, and the node the
/// pod is assumed on (for `forget`).
final class BundleCycle {
    /// The pod being scheduled.
    let pod: PodInfo
    /// The cycle's state (PreFilter/PreScore data, Skip bookkeeping).
    let state = CycleState()
    /// The node name `assume` counted the pod on, until `forget` or the cycle's end.
    var assumedNode: String?

    /// Starts an attempt of `pod`.
    init(pod: PodInfo) {
        self.pod = pod
    }
}
