import Kernel

/// One `{name, weight}` entry of a plugin set as written (or as a default).
struct PluginEntry: Sendable, Hashable {
    /// The plugin's name (`*` is only meaningful in `disabled`).
    var name: String
    /// The weight as written; nil when absent (kube-scheduler then uses 1).
    var weight: Int?
    /// Where the user wrote it, for messages; nil for a default entry.
    var origin: ConfigurationFieldPath?
}

/// A `PluginSet` (`enabled` / `disabled`) as written for one extension point or `multiPoint`.
struct PluginSetConfig: Sendable, Hashable {
    /// The enabled entries, in order.
    var enabled: [PluginEntry] = []
    /// The disabled names, in order (`*` disables every default and multiPoint entry).
    var disabled: [PluginEntry] = []

    /// Whether `*` is among the disabled names.
    var disablesAll: Bool { disabled.contains { $0.name == "*" } }

    /// The set compared across profiles for the common-queueSort rule (names and weights only).
    var comparable: JSONValue {
        func list(_ entries: [PluginEntry]) -> JSONValue {
            .array(entries.map { entry in
                var object: JSONValue = ["name": .string(entry.name)]
                if let weight = entry.weight, weight != 0 { object["weight"] = .int(Int64(weight)) }
                return object
            })
        }
        var object: JSONValue = [:]
        if !enabled.isEmpty { object["enabled"] = list(enabled) }
        if !disabled.isEmpty { object["disabled"] = list(disabled) }
        return object
    }
}

/// A profile's `plugins` as written: one set per extension point plus `multiPoint`.
struct PluginsConfig: Sendable, Hashable {
    /// The multiPoint set.
    var multiPoint = PluginSetConfig()
    /// The sets of the specific extension points (absent means empty).
    var points: [ExtensionPoint: PluginSetConfig] = [:]

    /// The set of `point` (empty when not written).
    subscript(point: ExtensionPoint) -> PluginSetConfig {
        get { points[point] ?? PluginSetConfig() }
        set { points[point] = newValue }
    }
}

/// One `pluginConfig` entry as written.
struct PluginConfigEntry: Sendable, Hashable {
    /// The plugin the args are for.
    var name: String
    /// The args object (`{}` when absent).
    var args: JSONValue
    /// The entry's path, `profiles[i].pluginConfig[j]`; nil for a default entry.
    var origin: ConfigurationFieldPath?
}

/// A `KubeSchedulerProfile` as written, before defaulting.
struct ProfileConfig: Sendable, Hashable {
    /// `schedulerName`, nil when absent.
    var schedulerName: String?
    /// `percentageOfNodesToScore`, nil when absent.
    var percentageOfNodesToScore: Int?
    /// `plugins`, nil when absent.
    var plugins: PluginsConfig?
    /// `pluginConfig`.
    var pluginConfig: [PluginConfigEntry] = []
    /// The profile's path, `profiles[i]`.
    var path: ConfigurationFieldPath
}

/// The top level of a KubeSchedulerConfiguration as written, before defaulting.
struct RawSchedulerConfiguration: Sendable, Hashable {
    /// `parallelism`.
    var parallelism: Int?
    /// `percentageOfNodesToScore`.
    var percentageOfNodesToScore: Int?
    /// `podInitialBackoffSeconds`.
    var podInitialBackoffSeconds: Int?
    /// `podMaxBackoffSeconds`.
    var podMaxBackoffSeconds: Int?
    /// The legacy Keelson top-level `schedulerName` (names the single default profile).
    var legacySchedulerName: String?
    /// `profiles`.
    var profiles: [ProfileConfig] = []
}
