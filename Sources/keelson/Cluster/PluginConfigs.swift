import Foundation
import Kernel

/// Checks the plugin references of a cluster config against the loaded plugins before anything
/// starts. A config that breaks a plugin's schema stops `up` (fix the file); a reference to a
/// plugin that is missing or was rejected is reported and that component is skipped, so the rest
/// of the cluster still starts.
struct PluginConfigs {
    /// Problems that stop the cluster from starting.
    let fatal: [ConfigError]
    /// Components that will not run, each with its one-line reason.
    let skipped: [ConfigError]
    /// The config with every plugin config completed by its schema's defaults.
    let config: ClusterConfig

    init(config: ClusterConfig, catalog: PluginCatalog, file: String, dataDir: String) {
        let problems = config.validatePluginConfigs(loaded: catalog.loaded.map(\.info), file: file)
        let missing = problems.filter { $0.keyPath.hasSuffix(".plugin") || $0.keyPath.hasSuffix("plugin") }
        skipped = missing
        fatal = problems.filter { problem in !missing.contains(problem) }
        let schemas: (String) -> String? = { catalog.plugin(named: $0)?.info.configSchema }
        self.config = config.applyingPluginDefaults(schemas: schemas)
    }
}
