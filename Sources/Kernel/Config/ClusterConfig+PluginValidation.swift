/// What config validation needs to know about a loaded plugin. `PluginInfo` conforms; tests and
/// tools can pass anything else that does.
public protocol PluginIdentity: Sendable {
    /// The plugin's name.
    var name: String { get }
    /// Its kind.
    var kind: PluginKind { get }
    /// Its config's JSON Schema, nil when it accepts any config.
    var configSchema: String? { get }
}

extension PluginInfo: PluginIdentity {}

extension ClusterConfig {
    /// Checks every plugin reference against the loaded plugins, before anything starts:
    /// - the plugin must be loaded and of the kind the place needs:
    ///   `cluster.yaml: schedulers[0].plugin: no loaded plugin named "foo" of kind scheduler (loaded: default-scheduler)`;
    /// - its `config` must satisfy the plugin's JSON Schema:
    ///   `cluster.yaml: dns.config.listen: expected a string matching ^127\., got 53`;
    /// - a plugin whose schema is itself malformed is reported once, naming the plugin.
    /// Returns every problem, in document order; empty when all is well.
    public func validatePluginConfigs(loaded: [any PluginIdentity], file: String) -> [ConfigError] {
        var byName: [String: any PluginIdentity] = [:]
        for plugin in loaded where byName[plugin.name] == nil { byName[plugin.name] = plugin }
        var errors: [ConfigError] = []
        var checker = PluginConfigChecker(file: file)
        for slot in pluginSlots {
            let namePath = slot.keyPath + ".plugin"
            let sameKind = loaded.filter { $0.kind == slot.kind }.map(\.name)
            let list = sameKind.isEmpty ? "none" : sameKind.joined(separator: ", ")
            guard let plugin = byName[slot.ref.plugin] else {
                let hint = NameSuggestion.hint(for: slot.ref.plugin, among: sameKind).map { "; \($0)" } ?? ""
                errors.append(ConfigError(file: file, keyPath: namePath, message:
                    "no loaded plugin named \(KeyPath.quoted(slot.ref.plugin)) of kind \(slot.kind.rawValue) (loaded: \(list))\(hint)"))
                continue
            }
            guard plugin.kind == slot.kind else {
                errors.append(ConfigError(file: file, keyPath: namePath, message:
                    "\(KeyPath.quoted(plugin.name)) is a \(plugin.kind.rawValue) plugin, but this place needs one of kind \(slot.kind.rawValue) (loaded: \(list))"))
                continue
            }
            errors += checker.check(slot, schema: plugin.configSchema)
        }
        return errors
    }

    /// Checks every plugin reference's `config` against the schema `schemas(pluginName)` returns
    /// (nil: the plugin accepts any config). Errors as in `validatePluginConfigs(loaded:file:)`,
    /// without the check that the plugin is loaded.
    public func validatePluginConfigs(schemas: (String) -> String?, file: String) -> [ConfigError] {
        var checker = PluginConfigChecker(file: file)
        return pluginSlots.flatMap { checker.check($0, schema: schemas($0.ref.plugin)) }
    }

    /// The config with every plugin config completed by the `default`s of its plugin's schema
    /// (see `JSONSchema.applyingDefaults(to:)`); plugins without a schema, or with a malformed
    /// one, keep their config as written.
    public func applyingPluginDefaults(schemas: (String) -> String?) -> ClusterConfig {
        var compiled: [String: JSONSchema?] = [:]
        func complete(_ ref: PluginRef) -> PluginRef {
            if compiled[ref.plugin] == nil {
                compiled[ref.plugin] = .some(schemas(ref.plugin).flatMap { try? JSONSchema(parsing: $0) })
            }
            guard let schema = compiled[ref.plugin] ?? nil else { return ref }
            return PluginRef(plugin: ref.plugin, config: schema.applyingDefaults(to: ref.config))
        }
        var config = self
        config.network.cni = network.cni.map(complete)
        config.schedulers = schedulers.map(complete)
        config.dns = dns.map(complete)
        config.cloudProvider = cloudProvider.map(complete)
        for index in config.nodePools.indices {
            config.nodePools[index].runtime = complete(config.nodePools[index].runtime)
        }
        return config
    }
}

/// Validates plugin configs against schemas, compiling each plugin's schema once and reporting a
/// malformed one once.
private struct PluginConfigChecker {
    let file: String
    private var compiled: [String: Result<JSONSchema, JSONSchemaError>] = [:]
    private var reportedBroken: Set<String> = []

    init(file: String) {
        self.file = file
    }

    mutating func check(_ slot: PluginSlot, schema text: String?) -> [ConfigError] {
        guard let text else { return [] }
        let name = slot.ref.plugin
        if compiled[name] == nil {
            compiled[name] = Result { try JSONSchema(parsing: text) }.mapError { $0 as? JSONSchemaError ?? JSONSchemaError(location: "", message: "\($0)") }
        }
        switch compiled[name]! {
        case .success(let schema):
            return schema.validate(slot.ref.config, at: slot.keyPath + ".config").map {
                ConfigError(file: file, keyPath: $0.path, message: $0.message)
            }
        case .failure(let error):
            guard reportedBroken.insert(name).inserted else { return [] }
            return [ConfigError(file: file, keyPath: slot.keyPath + ".plugin", message:
                "plugin \(KeyPath.quoted(name)) ships an invalid config schema (\(error)); its config cannot be checked, so fix or remove the plugin")]
        }
    }
}
