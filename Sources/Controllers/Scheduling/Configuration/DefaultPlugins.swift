/// kube-scheduler 1.32's default plugins for `kubescheduler.config.k8s.io/v1`: one multiPoint
/// list (order matters: it is the order of every expanded point), with the score weights
/// Kubernetes sets (TaintToleration 3, NodeAffinity 2, PodTopologySpread 2, InterPodAffinity 2,
/// the rest 1). No plugin is enabled at a specific point by default.
enum DefaultPlugins {
    /// The default multiPoint entries, as `(name, weight)`; nil means no weight is set.
    static let multiPoint: [(name: String, weight: Int?)] = [
        ("SchedulingGates", nil),
        ("PrioritySort", nil),
        ("NodeUnschedulable", nil),
        ("NodeName", nil),
        ("TaintToleration", 3),
        ("NodeAffinity", 2),
        ("NodePorts", nil),
        ("NodeResourcesFit", 1),
        ("VolumeRestrictions", nil),
        ("NodeVolumeLimits", nil),
        ("VolumeBinding", nil),
        ("VolumeZone", nil),
        ("PodTopologySpread", 2),
        ("InterPodAffinity", 2),
        ("DefaultPreemption", nil),
        ("NodeResourcesBalancedAllocation", 1),
        ("ImageLocality", 1),
        ("DefaultBinder", nil),
    ]

    /// The default plugins as a plugin set (the `multiPoint` set before the user's is merged in).
    static var multiPointSet: PluginSetConfig {
        PluginSetConfig(
            enabled: multiPoint.map { PluginEntry(name: $0.name, weight: $0.weight, origin: nil) }, disabled: [])
    }
}
