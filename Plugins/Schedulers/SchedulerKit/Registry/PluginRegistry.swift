import Foundation

/// One framework plugin a bundle offers: its type, the extension points it implements (read
/// from the protocols it conforms to) and the cluster events it requeues pods on.
struct RegisteredPlugin {
    /// The plugin's class.
    let type: any FrameworkPlugin.Type

    /// The name profiles use.
    var name: String { type.name }

    /// The extension points the plugin implements.
    var extensionPoints: Set<FrameworkExtensionPoint> {
        var points: Set<FrameworkExtensionPoint> = []
        if type is any PreEnqueuePlugin.Type { points.insert(.preEnqueue) }
        if type is any QueueSortPlugin.Type { points.insert(.queueSort) }
        if type is any PreFilterPlugin.Type { points.insert(.preFilter) }
        if type is any FilterPlugin.Type { points.insert(.filter) }
        if type is any PreScorePlugin.Type { points.insert(.preScore) }
        if type is any ScorePlugin.Type { points.insert(.score) }
        if type is any ReservePlugin.Type { points.insert(.reserve) }
        if type is any PermitPlugin.Type { points.insert(.permit) }
        if type is any PostFilterPlugin.Type { points.insert(.postFilter) }
        if type is any PreBindPlugin.Type { points.insert(.preBind) }
        if type is any BindPlugin.Type { points.insert(.bind) }
        if type is any PostBindPlugin.Type { points.insert(.postBind) }
        return points
    }

    /// The events after which a pod this plugin rejected is worth retrying (none for plugins
    /// that never reject).
    var events: [ClusterEvent] { (type as? any EnqueueExtensions.Type)?.events ?? [] }

    /// Creates the plugin for one profile.
    func make(args: Data?, snapshot: Snapshot) throws -> any FrameworkPlugin { try type.init(args: args, snapshot: snapshot) }
}

/// The framework plugins of Kubernetes' default profile that the kit implements.
enum PluginRegistry {
    /// Every default plugin, in the order of kube-scheduler's default multiPoint list.
    static let defaults: [RegisteredPlugin] = [
        RegisteredPlugin(type: SchedulingGates.self),
        RegisteredPlugin(type: PrioritySort.self),
        RegisteredPlugin(type: NodeUnschedulable.self),
        RegisteredPlugin(type: NodeName.self),
        RegisteredPlugin(type: TaintToleration.self),
        RegisteredPlugin(type: NodeAffinity.self),
        RegisteredPlugin(type: NodePorts.self),
        RegisteredPlugin(type: NodeResourcesFit.self),
        RegisteredPlugin(type: PodTopologySpread.self),
        RegisteredPlugin(type: InterPodAffinity.self),
        RegisteredPlugin(type: DefaultPreemption.self),
        RegisteredPlugin(type: NodeResourcesBalancedAllocation.self),
        RegisteredPlugin(type: ImageLocality.self),
    ]

    /// The plugin named `name`.
    static func plugin(named name: String) -> RegisteredPlugin? { defaults.first { $0.name == name } }
}
