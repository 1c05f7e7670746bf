import Kernel

/// The plugin catalogue a configuration for a framework scheduler resolves against: Kubernetes'
/// in-tree plugins (with the points kube-scheduler registers for them, so multiPoint expands
/// as in Kubernetes) plus every other plugin the bundles offer, at the points they declare.
extension FrameworkScheduler {
    /// The in-tree catalogue plus the bundles' own plugins (the first bundle offering a name wins).
    public static func catalogue(for bundles: [any SchedulerBundle]) -> SchedulerPluginCatalogue {
        catalogue(declaring: bundles.flatMap(\.plugins))
    }

    /// The in-tree catalogue plus the plugins bundles declare (read from loaded libraries
    /// without an instance); the first declaration of a name wins.
    public static func catalogue(declaring plugins: [FrameworkPluginInfo]) -> SchedulerPluginCatalogue {
        var added: [String: Set<ExtensionPoint>] = [:]
        for info in plugins where added[info.name] == nil && !SchedulerPluginCatalogue.inTree.contains(info.name) {
            added[info.name] = extensionPoints(info.points)
        }
        return SchedulerPluginCatalogue.inTree.adding(added)
    }

    /// The configuration's extension points for framework bits (Reserve covers Unreserve).
    public static func extensionPoints(_ points: FrameworkPoints) -> Set<ExtensionPoint> {
        Set(ExtensionPoint.allCases.filter { points.contains(FrameworkPluginPlan.points([$0])) })
    }
}
