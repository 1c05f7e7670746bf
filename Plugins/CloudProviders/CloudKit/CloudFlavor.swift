import Foundation
import PluginSDK

/// What makes one simulated cloud differ from another: how it names, places and addresses
/// instances and what its load balancers hand out. `SimulatedCloud` does the rest (inventory,
/// address bookkeeping, load balancer records, routes, zone lookups).
public protocol CloudFlavor: AnyObject {
    /// The parts of the cloud-provider interface the cloud offers.
    static var supported: CloudSupport { get }

    /// Creates the flavor from the plugin's config JSON (already checked against its schema).
    init(host: KeelsonHost, config: Data) throws

    /// The common settings from the config.
    var settings: CloudSettings { get }
    /// The zone of the machine the host runs on (`GetZone`).
    var hostZone: CloudZone { get }
    /// The zone the cloud placed `node`'s instance in.
    func zone(of node: Node) -> String
    /// The instance type of `node`'s instance.
    func instanceType(of node: Node) -> String
    /// The provider ID of `node`'s instance in `zone`.
    func providerID(of node: Node, zone: String) -> String
    /// The node name a provider ID of this cloud names; nil when it is not this cloud's.
    func nodeName(fromProviderID providerID: String) -> String?
    /// The node's addresses, given the loopback InternalIP the cloud gave it.
    func addresses(of node: Node, internalIP: String) -> [CloudNodeAddress]

    /// The ingress points of a new or existing load balancer named `name` for `service`.
    func ingress(for service: Service, name: String) throws -> [LoadBalancerIngress]
    /// The load balancer now sends `service`'s traffic to `nodes` (after ensure and update).
    func serve(_ service: Service, ingress: [LoadBalancerIngress], nodes: [Node]) throws
    /// The service's load balancer is gone: release what `ingress` and `serve` took.
    func release(_ service: Service)
    /// The instance is being destroyed.
    func shutdown()
}

extension CloudFlavor {
    /// Default: nothing to program.
    public func serve(_ service: Service, ingress: [LoadBalancerIngress], nodes: [Node]) throws {}
    /// Default: nothing to release.
    public func release(_ service: Service) {}
    /// Default: nothing to stop.
    public func shutdown() {}
}

/// Settings every simulated cloud takes from its config.
public struct CloudSettings: Sendable {
    /// The region of every instance.
    public var region: String
    /// The loopback range node InternalIPs come from.
    public var nodeAddressRange: IPv4Range
    /// Instances that count as deleted from the start.
    public var deletedInstances: [String]
    /// Instances that count as shut down from the start.
    public var shutdownInstances: [String]

    /// Creates settings.
    public init(region: String, nodeAddressRange: IPv4Range, deletedInstances: [String] = [], shutdownInstances: [String] = []) {
        self.region = region
        self.nodeAddressRange = nodeAddressRange
        self.deletedInstances = deletedInstances
        self.shutdownInstances = shutdownInstances
    }

    /// Parses a range from the config, refusing anything outside loopback.
    public static func loopbackRange(_ cidr: String, key: String) throws -> IPv4Range {
        let range = try range(cidr, key: key)
        guard range.isLoopback else {
            throw PluginError.invalidArgument("config: \(key) \"\(cidr)\" must lie inside 127.0.0.0/8 (loopback)")
        }
        return range
    }

    /// Parses a range from the config.
    public static func range(_ cidr: String, key: String) throws -> IPv4Range {
        guard let range = IPv4Range(cidr: cidr) else {
            throw PluginError.invalidArgument("config: \(key) \"\(cidr)\" is not an IPv4 CIDR like 127.0.10.0/24")
        }
        return range
    }
}

/// Hashes for deterministic, run-independent choices (addresses, zones, instance ids).
public enum CloudHash {
    /// FNV-1a (32 bit) of the UTF-8 bytes of `text`.
    public static func fnv1a(_ text: String) -> UInt32 {
        var hash: UInt32 = 0x811C_9DC5
        for byte in text.utf8 { hash = (hash ^ UInt32(byte)) &* 0x0100_0193 }
        return hash
    }

    /// FNV-1a (64 bit) of the UTF-8 bytes of `text`.
    public static func fnv1a64(_ text: String) -> UInt64 {
        var hash: UInt64 = 0xCBF2_9CE4_8422_2325
        for byte in text.utf8 { hash = (hash ^ UInt64(byte)) &* 0x0000_0100_0000_01B3 }
        return hash
    }
}

/// The config keys every simulated cloud shares, decoded from the plugin's config JSON (other
/// keys are the flavor's own and ignored here).
public struct CloudConfigBasics: Decodable, Sendable {
    /// The region.
    public var region: String?
    /// The loopback range node InternalIPs come from.
    public var nodeAddressRange: String?
    /// Instances that count as deleted from the start.
    public var deletedInstances: [String]?
    /// Instances that count as shut down from the start.
    public var shutdownInstances: [String]?

    /// The JSON Schema properties of these keys, for a flavor's schema.
    public static let schemaProperties = """
        "region":{"type":"string","pattern":"^[a-z][a-z0-9-]*[0-9]$"},\
        "nodeAddressRange":{"type":"string","pattern":"^127\\\\.[0-9.]+/[0-9]+$"},\
        "deletedInstances":{"type":"array","items":{"type":"string"}},\
        "shutdownInstances":{"type":"array","items":{"type":"string"}}
        """

    /// Decodes the config (an empty payload has no keys set).
    public static func parse(_ data: Data) throws -> CloudConfigBasics {
        try decode(CloudConfigBasics.self, data)
    }

    /// Decodes `type` from a config payload; a blank payload decodes as `{}`.
    public static func decode<T: Decodable>(_ type: T.Type, _ data: Data) throws -> T {
        let blank = data.allSatisfy { $0 == 0x20 || $0 == 0x0A || $0 == 0x09 || $0 == 0x0D }
        return try PluginJSON.decode(type, from: blank ? Data("{}".utf8) : data, what: "config")
    }

    /// The settings, with defaults for the region and node range.
    public func settings(defaultRegion: String, defaultNodeRange: String) throws -> CloudSettings {
        CloudSettings(
            region: region ?? defaultRegion,
            nodeAddressRange: try CloudSettings.loopbackRange(nodeAddressRange ?? defaultNodeRange, key: "nodeAddressRange"),
            deletedInstances: deletedInstances ?? [], shutdownInstances: shutdownInstances ?? [])
    }
}
