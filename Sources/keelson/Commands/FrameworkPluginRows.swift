import Kernel

/// The rows `keelson plugins inspect` adds for a scheduler bundle (interface 2.0): each
/// framework plugin it offers with its extension points.
enum FrameworkPluginRows {
    /// The extension points in the framework's order, with Kubernetes' names.
    static let pointNames: [(FrameworkPoints, String)] = [
        (.preEnqueue, "PreEnqueue"), (.queueSort, "QueueSort"), (.preFilter, "PreFilter"), (.filter, "Filter"),
        (.postFilter, "PostFilter"), (.preScore, "PreScore"), (.score, "Score"), (.reserve, "Reserve"),
        (.permit, "Permit"), (.preBind, "PreBind"), (.bind, "Bind"), (.postBind, "PostBind"),
    ]

    /// "Framework plugins:" rows, one per plugin ("NodeLabelScore (PreScore, Score)"); none for
    /// a plugin that is not a bundle.
    static func rows(_ plugin: LoadedPlugin) -> [[String]] {
        guard SchedulerBundleClient.isFrameworkBundle(plugin), let plugins = try? SchedulerBundleClient.frameworkPlugins(of: plugin) else { return [] }
        return plugins.enumerated().map { index, info in
            let points = pointNames.filter { info.points.contains($0.0) }.map(\.1).joined(separator: ", ")
            return [index == 0 ? "Framework plugins:" : "", "\(info.name) (\(points))"]
        }
    }
}
