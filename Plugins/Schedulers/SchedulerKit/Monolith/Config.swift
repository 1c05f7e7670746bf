import Foundation
import PluginSDK

/// The scheduler's config. For now only the keys below are read; the full
/// KubeSchedulerConfiguration (profiles, plugins, weights) arrives with the scheduling framework.
struct SchedulerConfig: Decodable {
    /// Share of the cluster's nodes to find feasible before scoring stops searching: 0 (or absent)
    /// applies Kubernetes' adaptive rule, 100 scores every node. Clusters under 100 nodes are
    /// always searched in full.
    var percentageOfNodesToScore: Int?
    /// The `spec.schedulerName` of the pods this instance places (read by the host); default
    /// "default-scheduler".
    var schedulerName: String?

    /// The JSON Schema of the config, published in the descriptor.
    static let schema = """
        {"$schema":"https://json-schema.org/draft/2020-12/schema","type":"object",\
        "properties":{"percentageOfNodesToScore":{"type":"integer","minimum":0,"maximum":100},\
        "schedulerName":{"type":"string","minLength":1}},"additionalProperties":true}
        """

    /// Decodes the config object; an empty payload is the default config.
    static func parse(_ data: Data) throws -> SchedulerConfig {
        if data.allSatisfy({ $0 == 0x20 || $0 == 0x0A || $0 == 0x09 || $0 == 0x0D }) {
            return SchedulerConfig()
        }
        let config = try PluginJSON.decode(SchedulerConfig.self, from: data, what: "config")
        if let percentage = config.percentageOfNodesToScore, !(0...100).contains(percentage) {
            throw PluginError.invalidArgument("config: percentageOfNodesToScore must be between 0 and 100, got \(percentage)")
        }
        return config
    }

    /// How many feasible nodes to find among `nodeCount` before scoring, by Kubernetes' rule:
    /// every node below 100 nodes; otherwise the configured share (or 50% minus 1% per 125 nodes,
    /// at least 5%), but never fewer than 100 nodes.
    func feasibleNodesToFind(among nodeCount: Int) -> Int {
        let minimum = 100
        let configured = percentageOfNodesToScore ?? 0
        if nodeCount < minimum || configured >= 100 { return nodeCount }
        let percentage = configured > 0 ? configured : max(5, 50 - nodeCount / 125)
        return max(minimum, nodeCount * percentage / 100)
    }
}
