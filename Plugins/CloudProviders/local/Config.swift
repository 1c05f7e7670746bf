import Foundation
import CloudKit
import PluginSDK

/// The local provider's config; every key is optional.
struct LocalCloudConfig: Decodable {
    /// The `node.kubernetes.io/instance-type` of every node.
    var instanceType = "local.standard"
    /// The zone of nodes without a `topology.kubernetes.io/zone` label, and of `GetZone`.
    var zone = "local-zone-a"
    /// The region of every node.
    var region = "local"
    /// Loopback range the nodes' InternalIP addresses are derived from.
    var nodeAddressRange = "127.0.10.0/24"
    /// Loopback pool load balancer ingress addresses are allocated from.
    var loadBalancerRange = "127.0.20.0/24"
    /// Names of nodes whose instances count as deleted (InstanceExists answers false).
    var deletedInstances: [String] = []
    /// Names of nodes whose instances count as shut down (InstanceShutdown answers true).
    var shutdownInstances: [String] = []

    /// The JSON Schema of the config, published in the descriptor.
    static let schema = """
        {"$schema":"https://json-schema.org/draft/2020-12/schema","type":"object","properties":{\
        "instanceType":{"type":"string","minLength":1},\
        "zone":{"type":"string","minLength":1},\
        "region":{"type":"string","minLength":1},\
        "nodeAddressRange":{"type":"string","pattern":"^127\\\\.[0-9.]+/[0-9]+$"},\
        "loadBalancerRange":{"type":"string","pattern":"^127\\\\.[0-9.]+/[0-9]+$"},\
        "deletedInstances":{"type":"array","items":{"type":"string"}},\
        "shutdownInstances":{"type":"array","items":{"type":"string"}}},\
        "additionalProperties":false}
        """

    private enum CodingKeys: String, CodingKey {
        case instanceType, zone, region, nodeAddressRange, loadBalancerRange, deletedInstances, shutdownInstances
    }

    init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        instanceType = try c.decodeIfPresent(String.self, forKey: .instanceType) ?? instanceType
        zone = try c.decodeIfPresent(String.self, forKey: .zone) ?? zone
        region = try c.decodeIfPresent(String.self, forKey: .region) ?? region
        nodeAddressRange = try c.decodeIfPresent(String.self, forKey: .nodeAddressRange) ?? nodeAddressRange
        loadBalancerRange = try c.decodeIfPresent(String.self, forKey: .loadBalancerRange) ?? loadBalancerRange
        deletedInstances = try c.decodeIfPresent([String].self, forKey: .deletedInstances) ?? []
        shutdownInstances = try c.decodeIfPresent([String].self, forKey: .shutdownInstances) ?? []
    }

    /// Decodes and checks the config (an empty payload is the default config); the ranges are
    /// checked where they are parsed (`LocalFlavor`).
    static func parse(_ data: Data) throws -> LocalCloudConfig {
        let config = try CloudConfigBasics.decode(LocalCloudConfig.self, data)
        for (key, value) in [("instanceType", config.instanceType), ("zone", config.zone), ("region", config.region)]
        where value.isEmpty {
            throw PluginError.invalidArgument("config: \(key) must not be empty")
        }
        return config
    }
}
