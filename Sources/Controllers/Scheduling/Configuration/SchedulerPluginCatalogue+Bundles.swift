import Kernel

extension SchedulerPluginCatalogue {
    /// The in-tree catalogue plus every framework plugin `bundles` offer, so profiles can enable
    /// third-party plugins by name; a bundle's declaration of an in-tree name replaces it.
    public static func inTree(adding bundles: [any SchedulerBundle]) -> SchedulerPluginCatalogue {
        inTree(adding: bundles.flatMap(\.plugins))
    }

    /// The in-tree catalogue plus `plugins` (the first declaration of a name counts).
    public static func inTree(adding plugins: [FrameworkPluginInfo]) -> SchedulerPluginCatalogue {
        var declared: [String: Set<ExtensionPoint>] = [:]
        for plugin in plugins where declared[plugin.name] == nil {
            declared[plugin.name] = ExtensionPoint.points(plugin.points)
        }
        return inTree.adding(declared)
    }
}

extension ExtensionPoint {
    /// The extension point of each `FrameworkPoints` bit, in the header's order.
    public var frameworkPoint: FrameworkPoints {
        switch self {
        case .preEnqueue: .preEnqueue
        case .queueSort: .queueSort
        case .preFilter: .preFilter
        case .filter: .filter
        case .postFilter: .postFilter
        case .preScore: .preScore
        case .score: .score
        case .reserve: .reserve
        case .permit: .permit
        case .preBind: .preBind
        case .bind: .bind
        case .postBind: .postBind
        }
    }

    /// The points whose bits `points` holds.
    public static func points(_ points: FrameworkPoints) -> Set<ExtensionPoint> {
        Set(allCases.filter { points.contains($0.frameworkPoint) })
    }
}
