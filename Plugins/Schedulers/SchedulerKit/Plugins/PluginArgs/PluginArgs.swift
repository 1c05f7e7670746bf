import Foundation
import PluginSDK

/// Decoding of a framework plugin's `pluginConfig` args (the JSON of its KubeSchedulerConfiguration
/// args object, such as NodeResourcesFitArgs) and the errors bad args raise, each naming the field
/// as Kubernetes' validation does (`NodeResourcesFitArgs: scoringStrategy.resources[0].weight: ...`).
enum PluginArgs {
    /// Decodes `type` from `data`; nil when there are no args (no data, empty, or JSON null).
    static func decode<Args: Decodable>(_ type: Args.Type, from data: Data?, kind: String) throws -> Args? {
        guard let data, !data.isEmpty else { return nil }
        let text = String(decoding: data, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
        if text.isEmpty || text == "null" { return nil }
        return try PluginJSON.decode(type, from: data, what: kind)
    }

    /// The error for a field holding a value Kubernetes refuses: `<kind>: <path>: Invalid value: <value>: <detail>`.
    static func invalid(_ kind: String, _ path: String, _ value: String, _ detail: String) -> PluginError {
        PluginError.invalidArgument("\(kind): \(path): Invalid value: \(value): \(detail)")
    }

    /// The error for a field that must be given: `<kind>: <path>: Required value: <detail>`.
    static func required(_ kind: String, _ path: String, _ detail: String) -> PluginError {
        PluginError.invalidArgument("\(kind): \(path): Required value: \(detail)")
    }

    /// The error for a value outside a fixed set: `<kind>: <path>: Unsupported value: "<value>": supported values: ...`.
    static func unsupported(_ kind: String, _ path: String, _ value: String, supported: [String]) -> PluginError {
        let list = supported.map { "\"\($0)\"" }.joined(separator: ", ")
        return PluginError.invalidArgument("\(kind): \(path): Unsupported value: \"\(value)\": supported values: \(list)")
    }

    /// The error for a repeated entry: `<kind>: <path>: Duplicate value: "<value>"`.
    static func duplicate(_ kind: String, _ path: String, _ value: String) -> PluginError {
        PluginError.invalidArgument("\(kind): \(path): Duplicate value: \"\(value)\"")
    }
}
