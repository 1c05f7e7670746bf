import Kernel

/// The pipeline behind ``SchedulerConfiguration/load(_:catalogue:)``: decoding, defaulting,
/// merging, multiPoint expansion and validation, collecting every problem on the way.
struct ConfigurationLoader {
    /// The plugins that exist.
    let catalogue: SchedulerPluginCatalogue
    /// The problems found so far.
    private(set) var problems = ConfigurationProblems()

    /// Creates a loader resolving plugins against `catalogue`.
    init(catalogue: SchedulerPluginCatalogue) {
        self.catalogue = catalogue
    }

    /// Loads `document`; the result is meaningful only when no problem was found.
    mutating func load(_ document: JSONValue) -> SchedulerConfiguration {
        var reader = StrictFieldReader()
        let raw = ConfigurationDecoder.decode(document, into: &reader)
        problems.add(contentsOf: reader.problems.list)
        let root = ConfigurationFieldPath.root

        var configuration = SchedulerConfiguration(
            parallelism: raw.parallelism ?? 16, percentageOfNodesToScore: raw.percentageOfNodesToScore,
            podInitialBackoffSeconds: raw.podInitialBackoffSeconds ?? 1, podMaxBackoffSeconds: raw.podMaxBackoffSeconds ?? 10,
            profiles: [])
        if configuration.parallelism <= 0 {
            problems.add(.invalid(root.child("parallelism"), .number(configuration.parallelism), "should be an integer value greater than zero"))
        }

        // Profiles: v1 defaulting adds one when there is none, and names a single unnamed one.
        var written = raw.profiles
        if let legacyName = raw.legacySchedulerName {
            if !written.isEmpty {
                problems.add(.forbidden(root.child("schedulerName"), "the top-level schedulerName cannot be combined with profiles; set profiles[].schedulerName"))
            } else if legacyName.isEmpty {
                problems.add(.required(root.child("schedulerName")))
            }
        }
        if written.isEmpty {
            written = [ProfileConfig(schedulerName: raw.legacySchedulerName, path: root.child("profiles").index(0))]
        }
        if written.count == 1 && written[0].schedulerName == nil {
            written[0].schedulerName = SchedulerConfiguration.defaultSchedulerName
        }

        var firstIndex: [String: Int] = [:]
        var mergedSets: [PluginsConfig] = []
        for (index, profile) in written.enumerated() {
            let (resolved, merged) = resolve(profile)
            configuration.profiles.append(resolved)
            mergedSets.append(merged)
            if firstIndex[resolved.schedulerName] != nil {
                problems.add(.duplicate(profile.path.child("schedulerName"), .string(resolved.schedulerName)))
            } else {
                firstIndex[resolved.schedulerName] = index
            }
        }
        checkCommonQueueSort(configuration.profiles, merged: mergedSets, written: written)

        if let percentage = configuration.percentageOfNodesToScore, !(0...100).contains(percentage) {
            problems.add(.invalid(root.child("percentageOfNodesToScore"), .number(percentage), "not in valid range [0-100]"))
        }
        if configuration.podInitialBackoffSeconds <= 0 {
            problems.add(.invalid(root.child("podInitialBackoffSeconds"), .number(configuration.podInitialBackoffSeconds), "must be greater than 0"))
        }
        if configuration.podMaxBackoffSeconds < configuration.podInitialBackoffSeconds {
            problems.add(.invalid(
                root.child("podMaxBackoffSeconds"), .number(configuration.podMaxBackoffSeconds),
                "must be greater than or equal to PodInitialBackoffSeconds"))
        }
        return configuration
    }

    /// Defaults, merges, expands and validates one profile; returns it and its merged plugin sets.
    private mutating func resolve(_ profile: ProfileConfig) -> (SchedulerProfile, PluginsConfig) {
        let path = profile.path
        let name = profile.schedulerName ?? ""
        if name.isEmpty { problems.add(.required(path.child("schedulerName"))) }
        if let percentage = profile.percentageOfNodesToScore, !(0...100).contains(percentage) {
            problems.add(.invalid(path.child("percentageOfNodesToScore"), .number(percentage), "not in valid range [0-100]"))
        }
        if let plugins = profile.plugins { checkWritten(plugins, at: path.child("plugins")) }

        let merged = PluginSetMerging.merge(profile.plugins)
        let resolution = ProfilePluginResolution(merged: merged, catalogue: catalogue, path: path)
        problems.add(contentsOf: resolution.problems)
        let queueSort = resolution.plugins[.queueSort] ?? []
        if queueSort.count != 1 {
            problems.add(.invalid(
                path.child("plugins", "queueSort"), .number(queueSort.count),
                "only one queue sort plugin required for profile with scheduler name \(JSONValue.string(name).text), but got \(queueSort.count)"))
        }
        if (resolution.plugins[.bind] ?? []).isEmpty {
            problems.add(.required(
                path.child("plugins", "bind"), "at least one bind plugin is needed for profile with scheduler name \(JSONValue.string(name).text)"))
        }

        let args = resolveArgs(profile, merged: merged)
        let resolved = SchedulerProfile(
            schedulerName: name, percentageOfNodesToScore: profile.percentageOfNodesToScore,
            plugins: resolution.plugins, pluginConfig: args)
        return (resolved, merged)
    }

    /// Checks what the user wrote in `plugins`: removed plugin names and score weights.
    private mutating func checkWritten(_ plugins: PluginsConfig, at path: ConfigurationFieldPath) {
        for point in ExtensionPoint.allCases {
            for (index, entry) in plugins[point].enabled.enumerated() where SchedulerPluginCatalogue.removedInV1.contains(entry.name) {
                problems.add(.invalid(
                    path.child(point.rawValue, "enabled").index(index), .string(entry.name),
                    "was invalid in version \(JSONValue.string(ConfigurationDecoder.apiVersion).text) (KubeSchedulerConfiguration is version \(JSONValue.string(ConfigurationDecoder.apiVersion).text))"))
            }
        }
        for entry in plugins[.score].enabled + plugins.multiPoint.enabled {
            guard let weight = entry.weight, !(0...100).contains(weight), let origin = entry.origin else { continue }
            problems.add(.invalid(origin.child("weight"), .number(weight), "not in valid range [1, 100] (0 or absent means 1)"))
        }
    }

    /// The profile's plugin args: the user's (unique names; in-tree kinds decoded strictly,
    /// defaulted and validated) plus default args for enabled in-tree plugins without an entry.
    private mutating func resolveArgs(_ profile: ProfileConfig, merged: PluginsConfig) -> [String: JSONValue] {
        var args: [String: JSONValue] = [:]
        for entry in profile.pluginConfig {
            let path = entry.origin ?? profile.path.child("pluginConfig")
            if args[entry.name] != nil {
                problems.add(.duplicate(path, .string(entry.name)))
                continue
            }
            if SchedulerPluginCatalogue.removedInV1.contains(entry.name) {
                problems.add(.invalid(
                    path, .string(entry.name),
                    "was invalid in version \(JSONValue.string(ConfigurationDecoder.apiVersion).text) (KubeSchedulerConfiguration is version \(JSONValue.string(ConfigurationDecoder.apiVersion).text))"))
                args[entry.name] = entry.args
                continue
            }
            if let kind = PluginArgsKind.byPlugin[entry.name] {
                args[entry.name] = kind.resolve(entry.args, at: path.child("args"), problems: &problems)
            } else {
                args[entry.name] = entry.args
            }
        }
        var enabledNames: Set<String> = Set(merged.multiPoint.enabled.map(\.name))
        for point in ExtensionPoint.allCases { enabledNames.formUnion(merged[point].enabled.map(\.name)) }
        for name in enabledNames.sorted() where args[name] == nil {
            if let defaults = PluginArgsKind.defaultArgs(for: name) { args[name] = defaults }
        }
        return args
    }

    /// Every profile must sort its queue the same way: the same written queueSort set (as
    /// kube-scheduler's validation compares), the same resolved plugin and the same args.
    private mutating func checkCommonQueueSort(_ profiles: [SchedulerProfile], merged: [PluginsConfig], written: [ProfileConfig]) {
        guard let first = profiles.first else { return }
        let canonSet = merged[0][.queueSort].comparable
        let canonPlugin = first.queueSortPlugin
        let canonArgs = canonPlugin.flatMap { first.args(for: $0) }
        for index in profiles.indices.dropFirst() {
            let profile = profiles[index], path = written[index].path
            let set = merged[index][.queueSort]
            if set.comparable != canonSet || profile.queueSortPlugin != canonPlugin {
                let shown: JSONValue = set.enabled.isEmpty && set.disabled.isEmpty
                    ? .string(profile.queueSortPlugin ?? "") : set.comparable
                problems.add(.invalid(path.child("plugins", "queueSort"), shown, "must be the same for all profiles"))
                continue
            }
            guard let plugin = profile.queueSortPlugin, profile.args(for: plugin) != canonArgs else { continue }
            let entryIndex = written[index].pluginConfig.firstIndex { $0.name == plugin }
            let argsPath = entryIndex.map { path.child("pluginConfig").index($0).child("args") } ?? path.child("pluginConfig")
            problems.add(.invalid(argsPath, profile.args(for: plugin) ?? .null, "queueSort must be the same for all profiles"))
        }
    }
}
