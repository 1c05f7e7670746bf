/// What the `gang-scheduler` bundle serves: its plugins and the KubeSchedulerConfiguration the
/// host uses when a `schedulers:` entry names the bundle without a `config`.
enum GangSchedulerBundle {
    /// The bundle's name.
    static let name = "gang-scheduler"

    /// The default configuration (`default_config_json` of the C table): one profile named
    /// `gang-scheduler` with Kubernetes' default plugins plus Coscheduling in multiPoint, and
    /// Coscheduling as the only QueueSort (PrioritySort disabled), as the scheduler-plugins
    /// documentation configures it.
    static let defaultConfigJSON = """
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
