import Kernel

/// Which bundle provides each plugin name of a scheduler's profiles, decided before the
/// scheduler starts: the first bundle offering a name wins; `DefaultBinder` is the host's own
/// binder; the volume and DRA plugins no bundle offers are skipped (Keelson has neither volumes
/// nor dynamic resource allocation); any other name nobody offers is an error.
struct FrameworkPluginPlan: Sendable {
    /// Where one enabled plugin comes from.
    enum Source: Sendable, Hashable {
        /// Bundle `position` offers it.
        case bundle(Int)
        /// The host's DefaultBinder.
        case hostBinder
        /// Not run (an in-tree volume or DRA plugin).
        case skipped
    }

    /// The name of the host's binder.
    static let defaultBinder = "DefaultBinder"
    /// In-tree plugins Keelson has nothing for, skipped when no bundle offers them.
    static let skippable: Set<String> = ["VolumeBinding", "VolumeZone", "VolumeRestrictions", "NodeVolumeLimits", "DynamicResources"]

    /// The source of every plugin name any profile enables.
    let sources: [String: Source]
    /// The description of every offered plugin, by name (the first bundle's).
    let infos: [String: FrameworkPluginInfo]
    /// The bundles that provide at least one enabled plugin, by position.
    let bundlesInUse: [Int]
    /// The names skipped, for one info log.
    let skipped: [String]

    /// Resolves every name of `configuration`'s profiles across `bundles`.
    init(configuration: SchedulerConfiguration, bundles: [any SchedulerBundle]) throws(FrameworkSchedulerError) {
        var offered: [String: (Int, FrameworkPluginInfo)] = [:]
        for (position, bundle) in bundles.enumerated() {
            for info in bundle.plugins where offered[info.name] == nil { offered[info.name] = (position, info) }
        }
        var sources: [String: Source] = [:]
        var skipped: Set<String> = []
        var inUse: Set<Int> = []
        for profile in configuration.profiles {
            for name in profile.enabledPluginNames where sources[name] == nil {
                if name == Self.defaultBinder {
                    sources[name] = .hostBinder
                } else if let (position, _) = offered[name] {
                    sources[name] = .bundle(position)
                    inUse.insert(position)
                } else if Self.skippable.contains(name) {
                    sources[name] = .skipped
                    skipped.insert(name)
                } else {
                    throw .unknownPlugin(profile: profile.schedulerName, plugin: name, offered: offered.keys.sorted())
                }
            }
        }
        self.sources = sources
        infos = offered.mapValues(\.1)
        bundlesInUse = inUse.sorted()
        self.skipped = skipped.sorted()
    }

    /// The framework bits of extension points.
    static func points(_ points: [ExtensionPoint]) -> FrameworkPoints {
        var bits: FrameworkPoints = []
        for point in points {
            switch point {
            case .preEnqueue: bits.insert(.preEnqueue)
            case .queueSort: bits.insert(.queueSort)
            case .preFilter: bits.insert(.preFilter)
            case .filter: bits.insert(.filter)
            case .postFilter: bits.insert(.postFilter)
            case .preScore: bits.insert(.preScore)
            case .score: bits.insert(.score)
            case .reserve: bits.insert(.reserve)
            case .permit: bits.insert(.permit)
            case .preBind: bits.insert(.preBind)
            case .bind: bits.insert(.bind)
            case .postBind: bits.insert(.postBind)
            }
        }
        return bits
    }
}
