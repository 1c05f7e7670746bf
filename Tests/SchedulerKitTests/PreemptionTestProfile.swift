@testable import SchedulerKit

/// An in-process profile for DefaultPreemption's tests: plugins with the points each is enabled
/// at, in order (the bundle's `ProfilePlugins` plays this part in a real bundle).
final class ProfilePluginSet: PreemptionProfile {
    /// One plugin of the profile and where the profile enables it.
    struct Entry {
        /// The plugin.
        let plugin: any FrameworkPlugin
        /// The extension points the profile enables it at.
        let points: Set<FrameworkExtensionPoint>
    }

    /// The profile's plugins, in creation order.
    private(set) var entries: [Entry] = []
    /// `filters`, computed once per change.
    private var cachedFilters: [any FilterPlugin]?
    /// `preFilterExtensions`, computed once per change.
    private var cachedExtensions: [any PreFilterExtensions]?

    /// Creates an empty set.
    init() {}

    /// Creates a set holding `plugins` with their enabled points (tests, in-process profiles).
    convenience init(_ plugins: [(any FrameworkPlugin, Set<FrameworkExtensionPoint>)]) {
        self.init()
        for (plugin, points) in plugins { add(plugin, enabledAt: points) }
    }

    /// Adds a plugin created for the profile, enabled at `points`.
    func add(_ plugin: any FrameworkPlugin, enabledAt points: Set<FrameworkExtensionPoint>) {
        entries.append(Entry(plugin: plugin, points: points))
        invalidate()
    }

    /// Removes a freed plugin.
    func remove(_ plugin: any FrameworkPlugin) {
        entries.removeAll { $0.plugin === plugin }
        invalidate()
    }

    /// The profile's Filter plugins, in order.
    var filterPlugins: [any FilterPlugin] {
        if let cachedFilters { return cachedFilters }
        let found = entries.compactMap { $0.points.contains(.filter) ? $0.plugin as? any FilterPlugin : nil }
        cachedFilters = found
        return found
    }

    /// The profile's PreFilter plugins that keep their cycle data right when pods are added or
    /// removed (PreFilterExtensions), in order.
    var preFilterExtensions: [any PreFilterExtensions] {
        if let cachedExtensions { return cachedExtensions }
        let found = entries.compactMap { $0.points.contains(.preFilter) ? $0.plugin as? any PreFilterExtensions : nil }
        cachedExtensions = found
        return found
    }

    /// Drops the cached lists after a change.
    private func invalidate() {
        cachedFilters = nil
        cachedExtensions = nil
    }
}
