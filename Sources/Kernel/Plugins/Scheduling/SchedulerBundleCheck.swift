import PluginABI

/// Load-time checks of a `keelson_scheduler_v2` table: the hooks every bundle needs, a plugin
/// list, and a hook for every extension point some plugin declares.
enum SchedulerBundleCheck {
    /// Names the first required hook that is NULL, nil when all are present.
    static func missingHook(_ table: keelson_scheduler_v2) -> String? {
        let always: [(String, Bool)] = [
            ("node_event", table.node_event != nil), ("pod_event", table.pod_event != nil),
            ("namespace_event", table.namespace_event != nil), ("plugin_new", table.plugin_new != nil),
            ("plugin_free", table.plugin_free != nil), ("pod_new", table.pod_new != nil), ("pod_free", table.pod_free != nil),
            ("cycle_begin", table.cycle_begin != nil), ("cycle_end", table.cycle_end != nil),
            ("assume", table.assume != nil), ("forget", table.forget != nil),
        ]
        if let missing = always.first(where: { !$0.1 }) { return missing.0 }
        let declared = FrameworkPoints(rawValue: declaredPoints(table))
        let perPoint: [(FrameworkPoints, String, Bool)] = [
            (.preEnqueue, "pre_enqueue", table.pre_enqueue != nil), (.queueSort, "queue_less", table.queue_less != nil),
            (.preFilter, "pre_filter", table.pre_filter != nil), (.filter, "filter", table.filter != nil),
            (.postFilter, "post_filter", table.post_filter != nil), (.preScore, "pre_score", table.pre_score != nil),
            (.score, "score", table.score != nil), (.reserve, "reserve", table.reserve != nil),
            (.reserve, "unreserve", table.unreserve != nil), (.permit, "permit", table.permit != nil),
            (.preBind, "pre_bind", table.pre_bind != nil), (.bind, "bind", table.bind != nil),
            (.postBind, "post_bind", table.post_bind != nil),
        ]
        return perPoint.first { declared.contains($0.0) && !$0.2 }.map { "\($0.1) (a plugin declares that extension point)" }
    }

    /// Why the table's plugin list or default config is malformed (one line naming the field),
    /// nil when `SchedulerBundleManifest` accepts it.
    static func manifestProblem(_ table: keelson_scheduler_v2) -> String? {
        do {
            _ = try SchedulerBundleManifest(table)
            return nil
        } catch {
            return error.description
        }
    }

    /// The union of the extension points the table's plugins declare.
    /// (Read through `SchedulerBundleManifest`, which honours the entries' own struct size; a
    /// list it refuses declares nothing here and is rejected by `manifestProblem`.)
    private static func declaredPoints(_ table: keelson_scheduler_v2) -> UInt32 {
        guard let manifest = try? SchedulerBundleManifest(table) else { return 0 }
        return manifest.plugins.reduce(0) { $0 | $1.points.rawValue }
    }
}
