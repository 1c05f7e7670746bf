import Kernel

/// What kube-scheduler's framework does with a profile's merged plugins when it instantiates the
/// profile (`NewFramework`, `expandMultiPointPlugins`, `getScoreWeights`): the ordered plugin
/// list of every extension point, with the problems it would refuse the profile for.
struct ProfilePluginResolution {
    /// The resolved plugins of every extension point (every point present, possibly empty).
    private(set) var plugins: [ExtensionPoint: [EnabledPlugin]] = [:]
    /// The problems found.
    private(set) var problems: [ConfigurationFieldError] = []

    /// Resolves `merged` (the profile at `path`) against `catalogue`.
    init(merged: PluginsConfig, catalogue: SchedulerPluginCatalogue, path: ConfigurationFieldPath) {
        let pluginsPath = path.child("plugins")
        let multiPoint = merged.multiPoint.enabled
        for entry in multiPoint where !catalogue.contains(entry.name) {
            problems.append(.invalid(
                entry.origin ?? pluginsPath.child("multiPoint"), .string(entry.name),
                "plugin \(JSONValue.string(entry.name).text) does not exist in the plugin catalogue"))
        }
        var reportedDuplicates: Set<Int> = []
        for point in ExtensionPoint.allCases {
            let set = merged[point]
            // The point's own entries: known, implementing the point, once each.
            var specific: [PluginEntry] = []
            var specificNames: Set<String> = []
            for entry in set.enabled {
                let at = entry.origin ?? pluginsPath.child(point.rawValue)
                let name = JSONValue.string(entry.name)
                if !catalogue.contains(entry.name) {
                    // Removed plugins (EBSLimits, ...) are already refused by validation.
                    if SchedulerPluginCatalogue.removedInV1.contains(entry.name) { continue }
                    problems.append(.invalid(at, name, "\(point.pluginInterfaceName) \(name.text) does not exist in the plugin catalogue"))
                } else if !catalogue.implements(entry.name, point) {
                    problems.append(.invalid(at, name, "plugin \(name.text) does not extend \(point.pluginInterfaceName)"))
                } else if !specificNames.insert(entry.name).inserted {
                    problems.append(.invalid(at, name, "plugin \(name.text) already registered as \(JSONValue.string(point.pluginInterfaceName).text)"))
                } else {
                    specific.append(entry)
                }
            }
            if set.disablesAll {
                plugins[point] = specific.map { EnabledPlugin(name: $0.name) }
                continue
            }
            // multiPoint entries implementing the point, unless disabled here or overridden here.
            let disabledNames = Set(set.disabled.map(\.name))
            var overridden: Set<String> = []
            var fromMultiPoint: [PluginEntry] = []
            var multiPointNames: Set<String> = []
            for (index, entry) in multiPoint.enumerated()
            where catalogue.implements(entry.name, point) && !disabledNames.contains(entry.name) {
                if specificNames.contains(entry.name) {
                    overridden.insert(entry.name)
                } else if !multiPointNames.insert(entry.name).inserted {
                    if reportedDuplicates.insert(index).inserted {
                        problems.append(.invalid(
                            entry.origin ?? pluginsPath.child("multiPoint"), .string(entry.name),
                            "plugin \(JSONValue.string(entry.name).text) already registered as \(JSONValue.string(point.pluginInterfaceName).text)"))
                    }
                } else {
                    fromMultiPoint.append(entry)
                }
            }
            // Overrides first (in the point's order), then multiPoint's, then the point's others.
            let ordered = specific.filter { overridden.contains($0.name) } + fromMultiPoint
                + specific.filter { !overridden.contains($0.name) }
            plugins[point] = ordered.map { EnabledPlugin(name: $0.name) }
        }
        // Score weights: the score point's own entry wins over multiPoint's; 0 or absent means 1.
        var weights: [String: Int] = [:]
        for entry in merged[.score].enabled + multiPoint
        where catalogue.implements(entry.name, .score) && weights[entry.name] == nil {
            weights[entry.name] = (entry.weight ?? 0) == 0 ? 1 : entry.weight!
        }
        plugins[.score] = plugins[.score]?.map { EnabledPlugin(name: $0.name, weight: weights[$0.name] ?? 1) }
    }
}
