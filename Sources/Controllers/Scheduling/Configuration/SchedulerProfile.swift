import Kernel

/// One resolved scheduling profile (`KubeSchedulerProfile`): the pods whose `spec.schedulerName`
/// is `schedulerName` are scheduled with these plugins, in this order, at each extension point.
public struct SchedulerProfile: Sendable, Hashable {
    /// The `spec.schedulerName` this profile serves.
    public var schedulerName: String
    /// The profile's own share of nodes to score; nil defers to the configuration's
    /// (0 is the adaptive rule, and overrides a non-zero global value).
    public var percentageOfNodesToScore: Int?
    /// The enabled plugins of every extension point, in calling order (every point is present,
    /// possibly with an empty list). Score entries carry their weights.
    public var plugins: [ExtensionPoint: [EnabledPlugin]]
    /// Each plugin's args after defaulting: the user's args (with v1's defaulting applied) or the
    /// default args of in-tree plugins that have args kinds, by plugin name.
    public var pluginConfig: [String: JSONValue]

    /// Creates a profile.
    public init(
        schedulerName: String, percentageOfNodesToScore: Int? = nil,
        plugins: [ExtensionPoint: [EnabledPlugin]], pluginConfig: [String: JSONValue] = [:]
    ) {
        self.schedulerName = schedulerName
        self.percentageOfNodesToScore = percentageOfNodesToScore
        self.plugins = plugins
        self.pluginConfig = pluginConfig
    }

    /// The enabled plugins at `point`, in calling order.
    public func plugins(at point: ExtensionPoint) -> [EnabledPlugin] { plugins[point] ?? [] }

    /// The plugin names at `point`, in calling order.
    public func pluginNames(at point: ExtensionPoint) -> [String] { plugins(at: point).map(\.name) }

    /// The score weight of `plugin`, nil when it does not score in this profile.
    public func scoreWeight(of plugin: String) -> Int? { plugins(at: .score).first { $0.name == plugin }?.weight }

    /// The args of `plugin` (nil when it has none).
    public func args(for plugin: String) -> JSONValue? { pluginConfig[plugin] }

    /// The profile's queue-sort plugin.
    public var queueSortPlugin: String? { plugins(at: .queueSort).first?.name }

    /// Every plugin enabled at some point, sorted by name: the plugins the host must instantiate.
    public var enabledPluginNames: [String] {
        Set(plugins.values.flatMap { $0.map(\.name) }).sorted()
    }

    /// The extension points at which `plugin` is enabled, in cycle order.
    public func extensionPoints(of plugin: String) -> [ExtensionPoint] {
        ExtensionPoint.allCases.filter { point in plugins(at: point).contains { $0.name == plugin } }
    }
}
