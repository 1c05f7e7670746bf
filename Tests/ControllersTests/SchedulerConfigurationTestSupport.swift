import Controllers
import Kernel
import Testing

/// Helpers of the SchedulerConfiguration suites: documents from JSON text, loading, and the
/// rendered messages of a refused configuration.
enum SchedulerConfigurationTesting {
    /// The v1 header every full configuration starts with.
    static let header = #""apiVersion": "kubescheduler.config.k8s.io/v1", "kind": "KubeSchedulerConfiguration""#

    /// A full KubeSchedulerConfiguration whose other members are `body` (JSON members, no braces).
    static func document(_ body: String) throws -> JSONValue {
        try JSONValue(parsing: body.isEmpty ? "{\(header)}" : "{\(header), \(body)}")
    }

    /// Loads a full configuration with the given members.
    static func load(_ body: String, catalogue: SchedulerPluginCatalogue = .inTree) throws -> SchedulerConfiguration {
        try SchedulerConfiguration.load(try document(body), catalogue: catalogue)
    }

    /// The messages a configuration is refused with (empty when it loads).
    static func messages(_ document: JSONValue, catalogue: SchedulerPluginCatalogue = .inTree) -> [String] {
        do {
            _ = try SchedulerConfiguration.load(document, catalogue: catalogue)
            return []
        } catch {
            return error.messages
        }
    }

    /// The messages a full configuration with the given members is refused with.
    static func messages(_ body: String, catalogue: SchedulerPluginCatalogue = .inTree) throws -> [String] {
        messages(try document(body), catalogue: catalogue)
    }

    /// The in-tree catalogue plus third-party plugins used by the tests.
    static let catalogue = SchedulerPluginCatalogue.inTree.adding([
        "LabelPreference": [.filter, .score],
        "FifoSort": [.queueSort],
    ])

    /// The expected plugin list, written `["TaintToleration:3", "NodeName"]` (weight 1 when absent).
    static func plugins(_ entries: [String]) -> [EnabledPlugin] {
        entries.map { entry in
            let parts = entry.split(separator: ":")
            return EnabledPlugin(name: String(parts[0]), weight: parts.count > 1 ? Int(parts[1])! : 1)
        }
    }
}
