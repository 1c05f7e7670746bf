import Foundation
import PluginSDK

/// The `process` runtime's `config` object (see its README and `ProcessRuntimeConfig.schema`).
struct ProcessRuntimeConfig: Decodable, Sendable {
    /// Default commands of images, by repository (`python`, `docker.io/library/python`,
    /// `quay.io/team/app`): what a container of that image runs when it has no command and no
    /// args. Added to (and overriding) the built-in table of `ProcessImages`.
    var imageCommands: [String: [String]] = [:]
    /// What a container runs in when its config has no `workingDir`.
    var defaultWorkingDir = "/"
    /// What the Status call reports for the NetworkReady condition.
    var networkReady = true
    /// Where each sandbox gets a directory for its files (its resolv.conf); empty: a
    /// `keelson-process` directory in the temporary directory.
    var stateDir = ""

    /// `stateDir`, or its default.
    var sandboxRoot: String {
        stateDir.isEmpty ? FileManager.default.temporaryDirectory.appendingPathComponent("keelson-process").path : stateDir
    }

    init() {}

    init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        imageCommands = try c.decodeIfPresent([String: [String]].self, forKey: .imageCommands) ?? [:]
        defaultWorkingDir = try c.decodeIfPresent(String.self, forKey: .defaultWorkingDir) ?? "/"
        networkReady = try c.decodeIfPresent(Bool.self, forKey: .networkReady) ?? true
        stateDir = try c.decodeIfPresent(String.self, forKey: .stateDir) ?? ""
        guard stateDir.isEmpty || stateDir.hasPrefix("/") else {
            throw PluginError.invalidArgument("config: stateDir must be an absolute path")
        }
        if let empty = imageCommands.first(where: { $0.value.isEmpty }) {
            throw PluginError.invalidArgument("config: imageCommands[\"\(empty.key)\"] must not be empty")
        }
        guard defaultWorkingDir.hasPrefix("/") else {
            throw PluginError.invalidArgument("config: defaultWorkingDir must be an absolute path")
        }
    }

    private enum CodingKeys: String, CodingKey {
        case imageCommands, defaultWorkingDir, networkReady, stateDir
    }

    /// Parses the config JSON the host passes to `create` (empty means `{}`).
    static func parse(_ data: Data) throws -> ProcessRuntimeConfig {
        if data.isEmpty { return ProcessRuntimeConfig() }
        return try PluginJSON.decode(ProcessRuntimeConfig.self, from: data, what: "process config")
    }

    /// The JSON Schema the descriptor publishes.
    static let schema = """
    {"$schema":"https://json-schema.org/draft/2020-12/schema","type":"object","additionalProperties":false,\
    "properties":{\
    "imageCommands":{"type":"object","additionalProperties":{"type":"array","items":{"type":"string"},"minItems":1},\
    "default":{},"description":"Default argv of images by repository, used when a container has no command and no args."},\
    "defaultWorkingDir":{"type":"string","default":"/","description":"The working directory of containers without workingDir."},\
    "networkReady":{"type":"boolean","default":true,"description":"The NetworkReady condition Status reports."},\
    "stateDir":{"type":"string","description":"Absolute directory for the sandboxes' files (resolv.conf); default: keelson-process in the temporary directory."}}}
    """
}
