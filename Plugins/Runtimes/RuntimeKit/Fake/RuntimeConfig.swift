import Foundation
import PluginSDK

/// The plugin's `config` object (see README.md and `RuntimeConfig.schema`).
struct RuntimeConfig: Decodable, Sendable {
    /// How long each PullImage of an image not yet present takes, in milliseconds.
    var pullDelayMs = 0
    /// How long each StartContainer takes, in milliseconds.
    var startDelayMs = 0
    /// Registries (`quay.io`) or repository prefixes (`docker.io/bitnami`) whose images pull at
    /// any tag, besides the built-in catalogue.
    var allowedRegistries: [String] = []
    /// The image every sandbox runs, pulled by RunPodSandbox when missing.
    var sandboxImage = "registry.k8s.io/pause:3.10"
    /// What the Status call reports for the NetworkReady condition.
    var networkReady = true

    init() {}

    init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        pullDelayMs = try c.decodeIfPresent(Int.self, forKey: .pullDelayMs) ?? 0
        startDelayMs = try c.decodeIfPresent(Int.self, forKey: .startDelayMs) ?? 0
        allowedRegistries = try c.decodeIfPresent([String].self, forKey: .allowedRegistries) ?? []
        sandboxImage = try c.decodeIfPresent(String.self, forKey: .sandboxImage) ?? "registry.k8s.io/pause:3.10"
        networkReady = try c.decodeIfPresent(Bool.self, forKey: .networkReady) ?? true
        guard pullDelayMs >= 0, startDelayMs >= 0 else {
            throw PluginError.invalidArgument("config: pullDelayMs and startDelayMs must be >= 0")
        }
    }

    private enum CodingKeys: String, CodingKey {
        case pullDelayMs, startDelayMs, allowedRegistries, sandboxImage, networkReady
    }

    /// Parses the config JSON the host passes to `create` (empty means `{}`).
    static func parse(_ data: Data, plugin: String) throws -> RuntimeConfig {
        if data.isEmpty { return RuntimeConfig() }
        return try PluginJSON.decode(RuntimeConfig.self, from: data, what: "\(plugin) config")
    }

    /// The JSON Schema the descriptor publishes.
    static let schema = """
    {"$schema":"https://json-schema.org/draft/2020-12/schema","type":"object","additionalProperties":false,\
    "properties":{\
    "pullDelayMs":{"type":"integer","minimum":0,"default":0,"description":"Time each pull of a missing image takes (ms)."},\
    "startDelayMs":{"type":"integer","minimum":0,"default":0,"description":"Time each StartContainer takes (ms)."},\
    "allowedRegistries":{"type":"array","items":{"type":"string"},"default":[],\
    "description":"Registries or repository prefixes whose images pull at any tag, besides the catalogue."},\
    "sandboxImage":{"type":"string","default":"registry.k8s.io/pause:3.10","description":"The sandbox (pause) image."},\
    "networkReady":{"type":"boolean","default":true,"description":"The NetworkReady condition Status reports."}}}
    """
}
