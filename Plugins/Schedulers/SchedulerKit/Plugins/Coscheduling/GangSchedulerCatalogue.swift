/// `gang-scheduler`: Coscheduling, with the KubeSchedulerConfiguration the host uses when a
/// `schedulers:` entry names the bundle without a `config`. The default plugins its profile
/// also enables come from `default-scheduler`.
enum GangSchedulerCatalogue: BundleCatalogue {
    /// The library's name.
    static let bundleName = "gang-scheduler"
    /// Its version.
    static let version = "0.1.0"
    /// Its description.
    static let summary = "Gang scheduling (scheduler interface 2.0): Coscheduling places the pods of a group "
        + "(pod-group.scheduling.sigs.k8s.io/name, min-available) all at once or not at all"
    /// Coscheduling.
    static var plugins: [RegisteredPlugin] { PluginRegistry.gang }

    /// The default configuration (`default_config_json` of the C table): one profile named
    /// `gang-scheduler` with Kubernetes' default plugins plus Coscheduling in multiPoint, and
    /// Coscheduling as the only QueueSort (PrioritySort disabled), as the scheduler-plugins
    /// documentation configures it.
    static let defaultConfigJSON: String? = """
        {"apiVersion":"kubescheduler.config.k8s.io/v1","kind":"KubeSchedulerConfiguration",\
        "profiles":[{"schedulerName":"gang-scheduler","plugins":{\
        "multiPoint":{"enabled":[{"name":"Coscheduling"}]},\
        "queueSort":{"enabled":[{"name":"Coscheduling"}],"disabled":[{"name":"PrioritySort"}]}}}]}
        """
}

extension PluginRegistry {
    /// The plugins of the `gang-scheduler` bundle.
    static var gang: [RegisteredPlugin] { [RegisteredPlugin(type: Coscheduling.self)] }
}
