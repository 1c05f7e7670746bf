import Controllers
import Kernel

/// How each `schedulers:` entry of a cluster config runs, decided before anything starts: a
/// scheduler of interface 1.0 runs under `SchedulerHost`; a scheduler bundle (interface 2.0)
/// runs under `FrameworkScheduler` with its KubeSchedulerConfiguration (the entry's `config`,
/// else the bundle's own default, else Kubernetes' defaults with one profile named like the
/// plugin), whose plugin names resolve across every loaded bundle. A configuration Kubernetes
/// would refuse stops `keelson up` with the key path of each problem.
struct SchedulerPlans {
    /// One entry's plan.
    enum Plan {
        /// An interface-1.0 plugin placing pods itself.
        case host(index: Int, ref: PluginRef, plugin: LoadedPlugin)
        /// A bundle whose profiles the host's framework runs; `bundles` lists the entry's own
        /// bundle first, then the other loaded bundles that offer a plugin the profiles enable
        /// (plugin names resolve in that order).
        case framework(index: Int, ref: PluginRef, bundles: [LoadedPlugin], configuration: SchedulerConfiguration)
    }

    /// The plans, in config order (entries whose plugin is missing are left out: the plugin
    /// check already reported them).
    let plans: [Plan]
    /// Configurations that stop the cluster from starting.
    let fatal: [ConfigError]

    init(config: ClusterConfig, catalog: PluginCatalog, file: String) {
        // Each bundle's plugin list, read once (the loader already validated it).
        let offered = catalog.loaded.filter(SchedulerBundleClient.isFrameworkBundle).map { bundle in
            (bundle: bundle, plugins: (try? SchedulerBundleClient.frameworkPlugins(of: bundle)) ?? [])
        }
        let catalogue = FrameworkScheduler.catalogue(declaring: offered.flatMap(\.plugins))
        var plans: [Plan] = []
        var fatal: [ConfigError] = []
        for (index, ref) in config.schedulers.enumerated() {
            guard let plugin = catalog.plugin(named: ref.plugin), plugin.info.kind == .scheduler else { continue }
            guard SchedulerBundleClient.isFrameworkBundle(plugin) else {
                plans.append(.host(index: index, ref: ref, plugin: plugin))
                continue
            }
            let document = Self.document(ref, plugin)
            do {
                let configuration = try SchedulerConfiguration.load(document, catalogue: catalogue)
                let used = Set(configuration.profiles.flatMap(\.enabledPluginNames))
                let others = offered.filter { entry in
                    entry.bundle.info.name != plugin.info.name && entry.plugins.contains { used.contains($0.name) }
                }
                let ordered = [plugin] + others.map(\.bundle)
                plans.append(.framework(index: index, ref: ref, bundles: ordered, configuration: configuration))
            } catch {
                let keyPath = "schedulers[\(index)].config"
                fatal += error.causes.map { ConfigError(file: file, keyPath: keyPath, message: $0.description) }
            }
        }
        self.plans = plans
        self.fatal = fatal
    }

    /// The KubeSchedulerConfiguration of an entry: its `config` when it has one, else the
    /// bundle's default, else one profile named like the plugin.
    static func document(_ ref: PluginRef, _ plugin: LoadedPlugin) -> JSONValue {
        if let object = ref.config.objectValue, !object.isEmpty { return ref.config }
        if let fallback = try? SchedulerBundleClient.defaultConfig(of: plugin) { return fallback }
        return ["profiles": [["schedulerName": .string(plugin.info.name)]]]
    }
}
