/// One framework plugin of one profile, as the host's `keelson_sched_plugin *` handle points to
/// it: the plugin object made from the profile's args, the points the profile enables it at,
/// and the plugin cast once to each extension-point protocol it implements (no cast per call).
final class PluginInstance {
    /// The name profiles use.
    let name: String
    /// The plugin object (one per profile: two profiles may give the same plugin other args).
    let plugin: any FrameworkPlugin
    /// The `KEELSON_EP_*` bits the profile enables it at.
    let enabledPoints: UInt32
    /// The profile it belongs to.
    let profile: ProfilePlugins

    /// The plugin as a PreEnqueue plugin, when it is one.
    let preEnqueue: (any PreEnqueuePlugin)?
    /// The plugin as a QueueSort plugin, when it is one.
    let queueSort: (any QueueSortPlugin)?
    /// The plugin as a PreFilter plugin, when it is one.
    let preFilter: (any PreFilterPlugin)?
    /// The plugin as a Filter plugin, when it is one.
    let filter: (any FilterPlugin)?
    /// The plugin as a PostFilter plugin, when it is one.
    let postFilter: (any PostFilterPlugin)?
    /// The plugin as a PreScore plugin, when it is one.
    let preScore: (any PreScorePlugin)?
    /// The plugin as a Score plugin, when it is one.
    let score: (any ScorePlugin)?
    /// The plugin as a Reserve plugin, when it is one.
    let reserve: (any ReservePlugin)?
    /// The plugin as a Permit plugin, when it is one.
    let permit: (any PermitPlugin)?
    /// The plugin as a PreBind plugin, when it is one.
    let preBind: (any PreBindPlugin)?
    /// The plugin as a Bind plugin, when it is one.
    let bind: (any BindPlugin)?
    /// The plugin as a PostBind plugin, when it is one.
    let postBind: (any PostBindPlugin)?

    /// Wraps `plugin`, made for `profile` and enabled at `enabledPoints`.
    init(name: String, plugin: any FrameworkPlugin, enabledPoints: UInt32, profile: ProfilePlugins) {
        self.name = name
        self.plugin = plugin
        self.enabledPoints = enabledPoints
        self.profile = profile
        preEnqueue = plugin as? any PreEnqueuePlugin
        queueSort = plugin as? any QueueSortPlugin
        preFilter = plugin as? any PreFilterPlugin
        filter = plugin as? any FilterPlugin
        postFilter = plugin as? any PostFilterPlugin
        preScore = plugin as? any PreScorePlugin
        score = plugin as? any ScorePlugin
        reserve = plugin as? any ReservePlugin
        permit = plugin as? any PermitPlugin
        preBind = plugin as? any PreBindPlugin
        bind = plugin as? any BindPlugin
        postBind = plugin as? any PostBindPlugin
    }

    /// Whether the profile enables the plugin at `point`.
    func isEnabled(at point: FrameworkExtensionPoint) -> Bool { enabledPoints & point.rawValue != 0 }
}
