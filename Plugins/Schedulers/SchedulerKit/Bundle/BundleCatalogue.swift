import PluginSDK

/// What one scheduler bundle library serves: its name and description, the framework plugins it
/// offers and the KubeSchedulerConfiguration the host uses when a `schedulers:` entry names the
/// bundle without a config. `FrameworkBundle<Catalogue>` serves it; `SchedulerKitEntry.bundleDescriptor`
/// publishes it. A new bundle (gang-scheduler) is one more conforming enum and one entry case.
protocol BundleCatalogue {
    /// The plugin library's name ("default-scheduler").
    static var bundleName: String { get }
    /// Its semantic version.
    static var version: String { get }
    /// One line for `keelson plugins list`.
    static var summary: String { get }
    /// The framework plugins it offers, in the order it publishes them.
    static var plugins: [RegisteredPlugin] { get }
    /// The default KubeSchedulerConfiguration JSON; nil: Kubernetes' defaults.
    static var defaultConfigJSON: String? { get }
}

/// What every catalogue derives from its plugin list.
extension BundleCatalogue {
    /// The plugin named `name`.
    static func plugin(named name: String) -> RegisteredPlugin? { plugins.first { $0.name == name } }

    /// The plugins as the C table publishes them (name, `KEELSON_EP_*` bits, requeue events).
    static var pluginInfos: [SchedulerBundlePluginInfo] {
        plugins.map { plugin in
            SchedulerBundlePluginInfo(
                name: plugin.name,
                extensionPoints: FrameworkExtensionPoint.mask(plugin.extensionPoints),
                events: plugin.events.map { (resource: $0.resource, action: $0.action) })
        }
    }
}

/// `default-scheduler`: Kubernetes' default plugins, with Kubernetes' default profile.
enum DefaultSchedulerCatalogue: BundleCatalogue {
    /// The library's name.
    static let bundleName = "default-scheduler"
    /// Its version (0.2: interface 2.0).
    static let version = "0.2.0"
    /// Its description.
    static let summary = "Kubernetes' default scheduling framework plugins (scheduler interface 2.0): "
        + "PrioritySort, SchedulingGates, NodeUnschedulable, NodeName, TaintToleration, NodeAffinity, NodePorts, "
        + "NodeResourcesFit, PodTopologySpread, InterPodAffinity, DefaultPreemption, NodeResourcesBalancedAllocation, ImageLocality"
    /// Kubernetes' default plugins.
    static var plugins: [RegisteredPlugin] { PluginRegistry.defaults }
    /// None: the host applies Kubernetes' default profile.
    static let defaultConfigJSON: String? = nil
}
