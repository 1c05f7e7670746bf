import Kernel

/// Decodes a scheduler config document into its written form, strictly: unknown members and
/// wrong types are problems with their key paths. Two forms are accepted:
/// - a full KubeSchedulerConfiguration (`apiVersion: kubescheduler.config.k8s.io/v1`,
///   `kind: KubeSchedulerConfiguration`), with v1's fields only;
/// - Keelson's legacy default-scheduler config (neither apiVersion nor kind): the v1 fields plus
///   a top-level `schedulerName` naming the single default profile.
enum ConfigurationDecoder {
    /// The API version kube-scheduler 1.32 accepts.
    static let apiVersion = "kubescheduler.config.k8s.io/v1"
    /// The kind of the configuration object.
    static let kind = "KubeSchedulerConfiguration"

    /// The v1 top-level members. leaderElection, clientConnection, the debugging switches and
    /// delayCacheUntilActive are accepted and have no effect in Keelson (one scheduler process,
    /// no leader election); extenders must be empty.
    static let topLevelFields: Set<String> = [
        "apiVersion", "kind", "parallelism", "leaderElection", "clientConnection", "enableProfiling",
        "enableContentionProfiling", "percentageOfNodesToScore", "podInitialBackoffSeconds",
        "podMaxBackoffSeconds", "profiles", "extenders", "delayCacheUntilActive",
    ]
    /// The members of a profile.
    static let profileFields: Set<String> = ["schedulerName", "percentageOfNodesToScore", "plugins", "pluginConfig"]
    /// The members of `plugins`: every extension point plus multiPoint.
    static let pluginsFields: Set<String> = Set(ExtensionPoint.allCases.map(\.rawValue) + ["multiPoint"])

    /// Decodes `document`; problems go to `reader`.
    static func decode(_ document: JSONValue, into reader: inout StrictFieldReader) -> RawSchedulerConfiguration {
        var raw = RawSchedulerConfiguration()
        let root = ConfigurationFieldPath.root
        guard let top = document.objectValue else {
            reader.problems.add(.invalid(root.child("config"), document, "must be a KubeSchedulerConfiguration object"))
            return raw
        }
        let apiVersion = reader.string(top["apiVersion"], at: root.child("apiVersion"))
        let kind = reader.string(top["kind"], at: root.child("kind"))
        let legacy = top["apiVersion"] == nil && top["kind"] == nil
        if !legacy {
            checkTypeMeta(apiVersion: apiVersion, kind: kind, reader: &reader)
        }
        _ = reader.object(document, at: root, known: legacy ? topLevelFields.union(["schedulerName"]) : topLevelFields)

        raw.parallelism = reader.int32(top["parallelism"], at: root.child("parallelism"))
        raw.percentageOfNodesToScore = reader.int32(top["percentageOfNodesToScore"], at: root.child("percentageOfNodesToScore"))
        raw.podInitialBackoffSeconds = reader.int32(top["podInitialBackoffSeconds"], at: root.child("podInitialBackoffSeconds"))
        raw.podMaxBackoffSeconds = reader.int32(top["podMaxBackoffSeconds"], at: root.child("podMaxBackoffSeconds"))
        if legacy { raw.legacySchedulerName = reader.string(top["schedulerName"], at: root.child("schedulerName")) }
        reader.check(top["leaderElection"], against: .object(leaderElectionShape), at: root.child("leaderElection"))
        reader.check(top["clientConnection"], against: .object(clientConnectionShape), at: root.child("clientConnection"))
        _ = reader.bool(top["enableProfiling"], at: root.child("enableProfiling"))
        _ = reader.bool(top["enableContentionProfiling"], at: root.child("enableContentionProfiling"))
        _ = reader.bool(top["delayCacheUntilActive"], at: root.child("delayCacheUntilActive"))
        if let extenders = reader.array(top["extenders"], at: root.child("extenders")), !extenders.isEmpty {
            reader.problems.add(.forbidden(root.child("extenders"), "scheduler extenders are not supported; ship a framework plugin instead"))
        }

        let profilesPath = root.child("profiles")
        for (index, item) in (reader.array(top["profiles"], at: profilesPath) ?? []).enumerated() {
            raw.profiles.append(decodeProfile(item, at: profilesPath.index(index), reader: &reader))
        }
        return raw
    }

    /// Checks apiVersion and kind of a full KubeSchedulerConfiguration.
    private static func checkTypeMeta(apiVersion: String?, kind: String?, reader: inout StrictFieldReader) {
        let root = ConfigurationFieldPath.root
        switch apiVersion {
        case nil: reader.problems.add(.required(root.child("apiVersion")))
        case let version? where version != Self.apiVersion:
            reader.problems.add(.notSupported(root.child("apiVersion"), .string(version), supported: [Self.apiVersion]))
        default: break
        }
        switch kind {
        case nil: reader.problems.add(.required(root.child("kind")))
        case let kind? where kind != Self.kind:
            reader.problems.add(.notSupported(root.child("kind"), .string(kind), supported: [Self.kind]))
        default: break
        }
    }

    /// Decodes one profile.
    private static func decodeProfile(_ value: JSONValue, at path: ConfigurationFieldPath, reader: inout StrictFieldReader) -> ProfileConfig {
        var profile = ProfileConfig(path: path)
        guard let members = reader.object(value, at: path, known: profileFields) else { return profile }
        profile.schedulerName = reader.string(members["schedulerName"], at: path.child("schedulerName"))
        profile.percentageOfNodesToScore = reader.int32(members["percentageOfNodesToScore"], at: path.child("percentageOfNodesToScore"))
        let pluginsPath = path.child("plugins")
        if let plugins = reader.object(members["plugins"], at: pluginsPath, known: pluginsFields) {
            var config = PluginsConfig()
            config.multiPoint = decodePluginSet(plugins["multiPoint"], at: pluginsPath.child("multiPoint"), reader: &reader)
            for point in ExtensionPoint.allCases where plugins[point.rawValue] != nil {
                config[point] = decodePluginSet(plugins[point.rawValue], at: pluginsPath.child(point.rawValue), reader: &reader)
            }
            profile.plugins = config
        }
        let configPath = path.child("pluginConfig")
        for (index, item) in (reader.array(members["pluginConfig"], at: configPath) ?? []).enumerated() {
            let entryPath = configPath.index(index)
            guard let entry = reader.object(item, at: entryPath, known: ["name", "args"]) else { continue }
            let name = reader.string(entry["name"], at: entryPath.child("name")) ?? ""
            var args = entry["args"] ?? .object([:])
            if args == .null { args = .object([:]) }
            if args.objectValue == nil {
                reader.problems.add(.invalid(entryPath.child("args"), args, "must be an object"))
                continue
            }
            profile.pluginConfig.append(PluginConfigEntry(name: name, args: args, origin: entryPath))
        }
        return profile
    }

    /// Decodes one PluginSet.
    private static func decodePluginSet(_ value: JSONValue?, at path: ConfigurationFieldPath, reader: inout StrictFieldReader) -> PluginSetConfig {
        var set = PluginSetConfig()
        guard let members = reader.object(value, at: path, known: ["enabled", "disabled"]) else { return set }
        set.enabled = decodePlugins(members["enabled"], at: path.child("enabled"), reader: &reader)
        set.disabled = decodePlugins(members["disabled"], at: path.child("disabled"), reader: &reader)
        return set
    }

    /// Decodes a list of `{name, weight}` entries.
    private static func decodePlugins(_ value: JSONValue?, at path: ConfigurationFieldPath, reader: inout StrictFieldReader) -> [PluginEntry] {
        var entries: [PluginEntry] = []
        for (index, item) in (reader.array(value, at: path) ?? []).enumerated() {
            let entryPath = path.index(index)
            guard let entry = reader.object(item, at: entryPath, known: ["name", "weight"]) else { continue }
            guard let name = reader.string(entry["name"], at: entryPath.child("name")), !name.isEmpty else {
                reader.problems.add(.required(entryPath.child("name")))
                continue
            }
            let weight = reader.int32(entry["weight"], at: entryPath.child("weight"))
            entries.append(PluginEntry(name: name, weight: weight, origin: entryPath))
        }
        return entries
    }

    /// componentbaseconfig/v1 LeaderElectionConfiguration.
    static let leaderElectionShape: [String: FieldShape] = [
        "leaderElect": .bool, "leaseDuration": .string, "renewDeadline": .string, "retryPeriod": .string,
        "resourceLock": .string, "resourceName": .string, "resourceNamespace": .string,
    ]
    /// componentbaseconfig/v1 ClientConnectionConfiguration.
    static let clientConnectionShape: [String: FieldShape] = [
        "kubeconfig": .string, "acceptContentTypes": .string, "contentType": .string, "qps": .any, "burst": .int,
    ]
}
