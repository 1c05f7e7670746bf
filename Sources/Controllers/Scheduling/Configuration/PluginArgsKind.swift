import Kernel

/// The typed args of an in-tree plugin (`<Plugin>Args` in `kubescheduler.config.k8s.io/v1`):
/// their shape for strict decoding, v1's defaulting and the validation kube-scheduler applies.
/// Args of plugins without a kind here (third-party ones) are passed through untouched.
struct PluginArgsKind: Sendable {
    /// The plugin the args belong to.
    let plugin: String
    /// The args kind, `<plugin>Args`.
    var kind: String { plugin + "Args" }
    /// The members the args object may hold (besides apiVersion and kind).
    let shape: [String: FieldShape]
    /// v1's defaulting of a decoded args object.
    let applyDefaults: @Sendable (inout JSONValue) -> Void
    /// The validation of defaulted args found under `path` (`...pluginConfig[j].args`).
    let validate: @Sendable (JSONValue, ConfigurationFieldPath) -> [ConfigurationFieldError]

    /// The in-tree args kinds by plugin name.
    static let byPlugin: [String: PluginArgsKind] = Dictionary(
        uniqueKeysWithValues: [
            defaultPreemption, interPodAffinity, nodeAffinity, nodeResourcesBalancedAllocation,
            nodeResourcesFit, podTopologySpread, volumeBinding,
        ].map { ($0.plugin, $0) })

    /// The default args of `plugin`: `{}` with v1's defaulting applied; nil when the plugin has no args kind.
    static func defaultArgs(for plugin: String) -> JSONValue? {
        guard let kind = byPlugin[plugin] else { return nil }
        var args: JSONValue = [:]
        kind.applyDefaults(&args)
        return args
    }

    /// Decodes, defaults and validates a user's args object for this kind; problems go to `problems`.
    func resolve(_ args: JSONValue, at path: ConfigurationFieldPath, problems: inout ConfigurationProblems) -> JSONValue {
        var reader = StrictFieldReader()
        reader.check(args, against: .object(shape.merging(["apiVersion": .string, "kind": .string]) { a, _ in a }), at: path)
        if let kindName = args["kind"]?.stringValue, kindName != kind {
            reader.problems.add(.invalid(path.child("kind"), .string(kindName), "has to match plugin args \(JSONValue.string(kind).text)"))
        }
        if let version = args["apiVersion"]?.stringValue, version != ConfigurationDecoder.apiVersion {
            reader.problems.add(.notSupported(path.child("apiVersion"), .string(version), supported: [ConfigurationDecoder.apiVersion]))
        }
        problems.add(contentsOf: reader.problems.list)
        guard reader.problems.isEmpty else { return args }
        var defaulted = args
        defaulted["apiVersion"] = nil
        defaulted["kind"] = nil
        applyDefaults(&defaulted)
        problems.add(contentsOf: validate(defaulted, path))
        return defaulted
    }
}

extension JSONValue {
    /// The integer member `key`, as Int (0 when absent: Go's zero value).
    func int(_ key: String) -> Int { self[key]?.intValue.map(Int.init) ?? 0 }
    /// The string member `key` ("" when absent: Go's zero value).
    func string(_ key: String) -> String { self[key]?.stringValue ?? "" }
    /// The list member `key` (empty when absent).
    func list(_ key: String) -> [JSONValue] { self[key]?.arrayValue ?? [] }
    /// The 32-bit integer as a JSON value.
    static func number(_ value: Int) -> JSONValue { .int(Int64(value)) }
}
