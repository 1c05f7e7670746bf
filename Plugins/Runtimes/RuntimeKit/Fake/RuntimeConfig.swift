import Foundation
import PluginSDK

/// The plugin's `config` object (see the plugins' READMEs and `RuntimeConfig.schema(for:)`): the
/// keys every fake runtime shares plus the flavor-specific ones its flavor accepts.
struct RuntimeConfig: Decodable, Sendable {
    /// How long each PullImage of an image not yet present takes, in milliseconds.
    var pullDelayMs = 0
    /// How long each StartContainer takes, in milliseconds.
    var startDelayMs = 0
    /// Registries (`quay.io`) or repository prefixes (`docker.io/bitnami`) whose images pull at
    /// any tag, besides the built-in catalogue.
    var allowedRegistries: [String] = []
    /// The image every sandbox runs (when its flavor runs pause containers), pulled by RunPodSandbox when missing.
    var sandboxImage = RuntimeConfig.defaultSandboxImage
    /// What the Status call reports for the NetworkReady condition.
    var networkReady = true
    /// CRI-O: registries.conf's `unqualified-search-registries`, tried in order for short names.
    var unqualifiedSearchRegistries = ["docker.io"]
    /// CRI-O: registries.conf's `[aliases]`, short name → fully qualified repository.
    var shortNameAliases: [String: String] = [:]

    /// The pause image of the sandboxes, the one Kubernetes 1.32 pins.
    static let defaultSandboxImage = "registry.k8s.io/pause:3.10"

    /// The config keys only some flavors accept.
    enum ExtraKey: String, Sendable, CaseIterable {
        case unqualifiedSearchRegistries, shortNameAliases
    }

    init() {}

    init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        pullDelayMs = try c.decodeIfPresent(Int.self, forKey: .pullDelayMs) ?? 0
        startDelayMs = try c.decodeIfPresent(Int.self, forKey: .startDelayMs) ?? 0
        allowedRegistries = try c.decodeIfPresent([String].self, forKey: .allowedRegistries) ?? []
        sandboxImage = try c.decodeIfPresent(String.self, forKey: .sandboxImage) ?? Self.defaultSandboxImage
        networkReady = try c.decodeIfPresent(Bool.self, forKey: .networkReady) ?? true
        unqualifiedSearchRegistries = try c.decodeIfPresent([String].self, forKey: .unqualifiedSearchRegistries) ?? ["docker.io"]
        shortNameAliases = try c.decodeIfPresent([String: String].self, forKey: .shortNameAliases) ?? [:]
        guard pullDelayMs >= 0, startDelayMs >= 0 else {
            throw PluginError.invalidArgument("config: pullDelayMs and startDelayMs must be >= 0")
        }
    }

    private enum CodingKeys: String, CodingKey {
        case pullDelayMs, startDelayMs, allowedRegistries, sandboxImage, networkReady
        case unqualifiedSearchRegistries, shortNameAliases
    }

    /// Parses the config JSON the host passes to `create` (empty means `{}`); a key of another
    /// flavor is refused, as the schema says.
    static func parse(_ data: Data, flavor: RuntimeFlavor) throws -> RuntimeConfig {
        if data.isEmpty { return RuntimeConfig() }
        let what = "\(flavor.pluginName) config"
        if let object = (try? JSONSerialization.jsonObject(with: data)) as? [String: Any] {
            for key in ExtraKey.allCases where object[key.rawValue] != nil && !flavor.extraConfigKeys.contains(key) {
                throw PluginError.invalidArgument("\(what): unknown key \"\(key.rawValue)\" (\(flavor.pluginName) does not use it)")
            }
        }
        return try PluginJSON.decode(RuntimeConfig.self, from: data, what: what)
    }

    /// The JSON Schema the descriptor of a plugin of `flavor` publishes.
    static func schema(for flavor: RuntimeFlavor) -> String {
        var properties = [
            "\"pullDelayMs\":{\"type\":\"integer\",\"minimum\":0,\"default\":0,\"description\":\"Time each pull of a missing image takes (ms).\"}",
            "\"startDelayMs\":{\"type\":\"integer\",\"minimum\":0,\"default\":0,\"description\":\"Time each StartContainer takes (ms).\"}",
            "\"allowedRegistries\":{\"type\":\"array\",\"items\":{\"type\":\"string\"},\"default\":[],"
                + "\"description\":\"Registries or repository prefixes whose images pull at any tag, besides the catalogue.\"}",
            "\"sandboxImage\":{\"type\":\"string\",\"default\":\"\(defaultSandboxImage)\",\"description\":\"The sandbox (pause) image.\"}",
            "\"networkReady\":{\"type\":\"boolean\",\"default\":true,\"description\":\"The NetworkReady condition Status reports.\"}",
        ]
        if flavor.extraConfigKeys.contains(.unqualifiedSearchRegistries) {
            properties.append(
                "\"unqualifiedSearchRegistries\":{\"type\":\"array\",\"items\":{\"type\":\"string\"},\"default\":[\"docker.io\"],"
                    + "\"description\":\"registries.conf unqualified-search-registries: where short names are looked up, in order.\"}")
        }
        if flavor.extraConfigKeys.contains(.shortNameAliases) {
            properties.append(
                "\"shortNameAliases\":{\"type\":\"object\",\"additionalProperties\":{\"type\":\"string\"},\"default\":{},"
                    + "\"description\":\"registries.conf [aliases]: short name to fully qualified repository.\"}")
        }
        return "{\"$schema\":\"https://json-schema.org/draft/2020-12/schema\",\"type\":\"object\",\"additionalProperties\":false,"
            + "\"properties\":{" + properties.joined(separator: ",") + "}}"
    }
}
