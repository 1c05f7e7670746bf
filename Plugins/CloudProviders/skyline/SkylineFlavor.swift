import CloudKit
import Foundation
import PluginSDK

/// Skyline, a simulated public cloud that hands out host names: load balancers get a DNS name
/// (`<name>-<hash>.<region>.elb.skyline.example`), never an IP; instances live in zones named
/// region plus letter (`us-east-1a`, `us-east-1b`, `us-east-1c`), chosen from the node name;
/// provider IDs are `skyline:///<zone>/i-<17 hex digits>`; nodes get an InternalDNS name
/// beside their loopback InternalIP. It has no Routes.
final class SkylineFlavor: CloudFlavor {
    static let supported: CloudSupport = [.instancesV2, .loadBalancer, .zones]
    static let zoneLetters = ["a", "b", "c"]

    let settings: CloudSettings
    private let instanceType: String

    init(host: KeelsonHost, config: Data) throws {
        settings = try CloudConfigBasics.parse(config).settings(defaultRegion: "us-east-1", defaultNodeRange: "127.0.30.0/24")
        instanceType = try CloudConfigBasics.decode(Extra.self, config).instanceType ?? "sk.medium"
    }

    var hostZone: CloudZone { CloudZone(failureDomain: settings.region + Self.zoneLetters[0], region: settings.region) }

    func zone(of node: Node) -> String {
        settings.region + Self.zoneLetters[Int(CloudHash.fnv1a(node.name) % UInt32(Self.zoneLetters.count))]
    }

    func instanceType(of node: Node) -> String { instanceType }

    func providerID(of node: Node, zone: String) -> String { "skyline:///\(zone)/\(Self.instanceID(node.name))" }

    /// Provider IDs name instances by id, so the node is found among those seen by its id.
    func nodeName(fromProviderID providerID: String) -> String? {
        guard providerID.hasPrefix("skyline:///"), let id = providerID.split(separator: "/").last else { return nil }
        return knownNodes[String(id)]
    }

    func addresses(of node: Node, internalIP: String) -> [CloudNodeAddress] {
        knownNodes[Self.instanceID(node.name)] = node.name
        let dashed = internalIP.replacingOccurrences(of: ".", with: "-")
        return [
            CloudNodeAddress(type: "InternalIP", address: internalIP),
            CloudNodeAddress(type: "InternalDNS", address: "ip-\(dashed).\(settings.region).compute.skyline.internal"),
            CloudNodeAddress(type: "Hostname", address: node.name),
        ]
    }

    func ingress(for service: Service, name: String) throws -> [LoadBalancerIngress] {
        let hash = String(CloudHash.fnv1a64(service.key), radix: 16).prefix(10)
        return [LoadBalancerIngress(hostname: "\(name)-\(hash).\(settings.region).elb.skyline.example")]
    }

    /// Node names by instance id, for provider ID lookups.
    private var knownNodes: [String: String] = [:]

    /// "i-" and 17 hex digits derived from the node name.
    static func instanceID(_ name: String) -> String {
        let hex = String(CloudHash.fnv1a64(name), radix: 16)
        return "i-" + String(String(repeating: "0", count: max(0, 17 - hex.count)) + hex).suffix(17)
    }

    private struct Extra: Decodable {
        var instanceType: String?
    }

    /// The JSON Schema of the config.
    static let schema = """
        {"$schema":"https://json-schema.org/draft/2020-12/schema","type":"object","properties":{\
        \(CloudConfigBasics.schemaProperties),\
        "instanceType":{"type":"string","minLength":1}},\
        "additionalProperties":false}
        """
}
