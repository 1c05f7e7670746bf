/// The plugins one profile (the host's `profile_id`) created in this bundle, in the order the
/// host created them (it creates a profile's plugins in profile order), with the bundle's
/// snapshot and waiting pods. Plugins that need their profile's other plugins (DefaultPreemption
/// runs its profile's PreFilter extensions and Filters; Coscheduling looks at the pods waiting
/// at Permit) conform to `ProfileAwarePlugin` and receive this object right after they are made.
/// Plugins of the profile created later appear here as they come, so read the lists at call
/// time, not at `attach`. Like everything in a bundle, it is used from the scheduling thread only.
final class ProfilePlugins {
    /// The host's number for the profile.
    let id: UInt32
    /// The bundle's cluster snapshot (nodes by the host's index, placed and assumed pods).
    let snapshot: Snapshot
    /// The pods of this bundle waiting at Permit (every profile).
    let waitingPods: WaitingPods
    /// The profile's plugins in creation order.
    private(set) var instances: [PluginInstance] = []
    /// The profile's Filter plugins (enabled at Filter), in profile order.
    private(set) var filterPlugins: [any FilterPlugin] = []
    /// The profile's PreFilter plugins with PreFilterExtensions (AddPod/RemovePod), in profile order.
    private(set) var preFilterExtensions: [any PreFilterExtensions] = []

    /// An empty profile.
    init(id: UInt32, snapshot: Snapshot, waitingPods: WaitingPods) {
        self.id = id
        self.snapshot = snapshot
        self.waitingPods = waitingPods
    }

    /// The profile's plugin named `name`.
    func instance(named name: String) -> PluginInstance? { instances.first { $0.name == name } }

    /// Whether the profile has no plugin left.
    var isEmpty: Bool { instances.isEmpty }

    /// Adds a plugin the host just created for this profile.
    func add(_ instance: PluginInstance) {
        instances.append(instance)
        rebuildLists()
    }

    /// Removes a plugin the host freed.
    func remove(_ instance: PluginInstance) {
        instances.removeAll { $0 === instance }
        rebuildLists()
    }

    /// Drops every plugin (the bundle is shutting down).
    func removeAll() {
        instances.removeAll()
        rebuildLists()
    }

    private func rebuildLists() {
        filterPlugins = instances.filter { $0.isEnabled(at: .filter) }.compactMap(\.filter)
        preFilterExtensions = instances.filter { $0.isEnabled(at: .preFilter) }.compactMap { $0.plugin as? any PreFilterExtensions }
    }
}

/// A plugin that wants its profile (the other plugins of its profile, the snapshot, the pods
/// waiting at Permit). The bundle calls `attach` once, right after making the plugin and adding
/// it to its profile, before any hook. The plugin may keep the profile: the bundle drops the
/// plugin from the profile when the host frees it, which breaks the reference cycle.
protocol ProfileAwarePlugin: FrameworkPlugin {
    /// Receives the plugin's profile.
    func attach(to profile: ProfilePlugins)
}
