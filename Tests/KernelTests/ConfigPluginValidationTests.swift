import Kernel
import Testing

@Suite("Plugin configs checked against the loaded plugins and their schemas")
struct ConfigPluginValidationTests {
    typealias Plugin = ConfigTestSupport.Plugin

    static let dnsSchema = #"""
        {"type": "object", "additionalProperties": false, "required": ["zone"],
         "properties": {
           "listen": {"type": "string", "pattern": "^127\\.", "default": "127.0.0.1:10053"},
           "zone": {"type": "string", "format": "hostname", "default": "cluster.local"},
           "ttl": {"type": "integer", "minimum": 0, "default": 30}}}
        """#
    static let runtimeSchema = #"""
        {"type": "object", "properties": {"imagePullDelay": {"type": "string", "format": "duration", "default": "0s"},
                                          "failPulls": {"type": "array", "items": {"type": "string"}, "default": []}}}
        """#

    static let loaded: [any PluginIdentity] = [
        Plugin(name: "default-scheduler", kind: .scheduler, configSchema: nil),
        Plugin(name: "containerd-like", kind: .runtime, configSchema: runtimeSchema),
        Plugin(name: "host-local", kind: .cni, configSchema: #"{"type": "object"}"#),
        Plugin(name: "bridge-like", kind: .cni, configSchema: #"{"type": "object"}"#),
        Plugin(name: "cluster-dns", kind: .dns, configSchema: dnsSchema),
        Plugin(name: "local", kind: .cloudProvider, configSchema: nil),
    ]

    /// The schema of the loaded plugin called `name`.
    static func schema(of name: String) -> String? {
        loaded.first { $0.name == name }?.configSchema
    }

    private func config(_ body: String) throws -> ClusterConfig {
        try ClusterConfig.parse(yaml: ConfigTestSupport.header + body, file: "cluster.yaml")
    }

    @Test("the defaults pass against the built-in plugins")
    func defaultsPass() {
        #expect(ClusterConfig.defaults.validatePluginConfigs(loaded: Self.loaded, file: "cluster.yaml").isEmpty)
        let errors = ClusterConfig.defaults.validatePluginConfigs(schemas: Self.schema(of:), file: "cluster.yaml")
        #expect(errors.isEmpty)
    }

    @Test("config errors name the key path inside the plugin config")
    func schemaErrors() throws {
        let config = try config("""
            dns: {plugin: cluster-dns, config: {listen: 53, zone: "bad zone", ttl: -5, tll: 1}}
            nodePools: [{name: a, runtime: {plugin: containerd-like, config: {imagePullDelay: soon, failPulls: [nginx, 7]}}}]
            """)
        let errors = config.validatePluginConfigs(loaded: Self.loaded, file: "cluster.yaml").map(\.description)
        #expect(errors == [
            #"cluster.yaml: dns.config.listen: expected a string matching ^127\., got 53"#,
            #"cluster.yaml: dns.config.tll: unknown property; did you mean "ttl"?"#,
            "cluster.yaml: dns.config.ttl: expected an integer >= 0, got -5",
            #"cluster.yaml: dns.config.zone: expected a hostname such as node-1.cluster.local, got "bad zone""#,
            "cluster.yaml: nodePools[0].runtime.config.failPulls[1]: expected a string, got 7",
            #"cluster.yaml: nodePools[0].runtime.config.imagePullDelay: expected a duration such as 10s, 1m30s or 500ms, got "soon""#,
        ])
    }

    @Test("a missing required property is reported at its own path")
    func missingRequired() throws {
        let errors = try config("dns: {plugin: cluster-dns, config: {}}\n").validatePluginConfigs(loaded: Self.loaded, file: "cluster.yaml")
        #expect(errors.map(\.description) == ["cluster.yaml: dns.config.zone: missing required property; expected a hostname such as node-1.cluster.local"])
    }

    @Test("a plugin that is not loaded names the loaded ones of that kind")
    func missingPlugin() throws {
        let errors = try config("schedulers: [{plugin: foo}]\n").validatePluginConfigs(loaded: Self.loaded, file: "cluster.yaml")
        #expect(errors.map(\.description) == [#"cluster.yaml: schedulers[0].plugin: no loaded plugin named "foo" of kind scheduler (loaded: default-scheduler)"#])

        let typo = try config("network: {cni: [host-locl]}\n").validatePluginConfigs(loaded: Self.loaded, file: "cluster.yaml")
        #expect(typo.map(\.description) == [#"cluster.yaml: network.cni[0].plugin: no loaded plugin named "host-locl" of kind cni (loaded: host-local, bridge-like); did you mean "host-local"?"#])

        let none = ClusterConfig.defaults.validatePluginConfigs(loaded: [], file: "cluster.yaml").map(\.description)
        #expect(none.count == 5)
        #expect(none.first == #"cluster.yaml: network.cni[0].plugin: no loaded plugin named "bridge-like" of kind cni (loaded: none)"#)
    }

    @Test("a plugin of the wrong kind is refused")
    func wrongKind() throws {
        let errors = try config("schedulers: [host-local]\n").validatePluginConfigs(loaded: Self.loaded, file: "cluster.yaml")
        #expect(errors.map(\.description) == [#"cluster.yaml: schedulers[0].plugin: "host-local" is a cni plugin, but this place needs one of kind scheduler (loaded: default-scheduler)"#])
    }

    @Test("a malformed schema is reported once, naming the plugin")
    func malformedSchema() throws {
        let broken: [any PluginIdentity] = Self.loaded.filter { $0.name != "containerd-like" }
            + [Plugin(name: "containerd-like", kind: .runtime, configSchema: #"{"type": "obj"}"#)]
        let errors = try config("nodePools: [{name: a}, {name: b}]\n").validatePluginConfigs(loaded: broken, file: "cluster.yaml")
        #expect(errors.map(\.description) == [
            #"cluster.yaml: nodePools[0].runtime.plugin: plugin "containerd-like" ships an invalid config schema (at #/type: "obj" is not a JSON Schema type (null, boolean, object, array, number, integer, string); did you mean "object"?); its config cannot be checked, so fix or remove the plugin"#,
        ])
        let notJSON = ClusterConfig.defaults.validatePluginConfigs(schemas: { $0 == "local" ? "{nope" : nil }, file: "cluster.yaml")
        #expect(notJSON.count == 1)
        #expect(notJSON.first?.keyPath == "cloudProvider.plugin")
        #expect(notJSON.first?.message.hasPrefix(#"plugin "local" ships an invalid config schema (the schema is not valid JSON: "#) == true)
    }

    @Test("plugin defaults are filled in from the schemas")
    func pluginDefaults() throws {
        let config = try config("dns: {plugin: cluster-dns, config: {zone: keelson.local}}\n")
        let completed = config.applyingPluginDefaults(schemas: Self.schema(of:))
        #expect(completed.dns?.config == ["listen": "127.0.0.1:10053", "zone": "keelson.local", "ttl": 30])
        #expect(completed.nodePools[0].runtime.config == ["imagePullDelay": "0s", "failPulls": []])
        #expect(completed.schedulers == config.schedulers)
        #expect(completed.validatePluginConfigs(loaded: Self.loaded, file: "cluster.yaml").isEmpty)
    }
}
