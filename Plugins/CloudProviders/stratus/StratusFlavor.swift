import CloudKit
import Foundation
import PluginSDK

/// Stratus, a simulated public cloud that hands out IPs: load balancers get an address from
/// its public pool (198.51.100.0/24 by default, `ipMode: VIP`); instances live in zones named
/// region, dash, letter (`europe-west1-b`, `-c`, `-d`), chosen from the node name; provider IDs
/// are `stratus://<project>/<zone>/<node-name>`; nodes get an ExternalIP from 203.0.113.0/24
/// beside their loopback InternalIP. It has Routes.
final class StratusFlavor: CloudFlavor {
    static let supported: CloudSupport = [.instancesV2, .loadBalancer, .routes, .zones]
    static let zoneLetters = ["b", "c", "d"]

    let settings: CloudSettings
    private let project: String
    private let instanceType: String
    private let balancerPool: AddressPool
    private let externalPool: AddressPool

    init(host: KeelsonHost, config: Data) throws {
        settings = try CloudConfigBasics.parse(config).settings(defaultRegion: "europe-west1", defaultNodeRange: "127.0.40.0/24")
        let extra = try CloudConfigBasics.decode(Extra.self, config)
        project = extra.project ?? "keelson-project"
        instanceType = extra.instanceType ?? "st-standard-2"
        balancerPool = AddressPool(range: try CloudSettings.range(extra.loadBalancerRange ?? "198.51.100.0/24", key: "loadBalancerRange"))
        externalPool = AddressPool(range: try CloudSettings.range(extra.externalAddressRange ?? "203.0.113.0/24", key: "externalAddressRange"))
    }

    var hostZone: CloudZone { CloudZone(failureDomain: "\(settings.region)-\(Self.zoneLetters[0])", region: settings.region) }

    func zone(of node: Node) -> String {
        "\(settings.region)-\(Self.zoneLetters[Int(CloudHash.fnv1a(node.name) % UInt32(Self.zoneLetters.count))])"
    }

    func instanceType(of node: Node) -> String { instanceType }

    func providerID(of node: Node, zone: String) -> String { "stratus://\(project)/\(zone)/\(node.name)" }

    func nodeName(fromProviderID providerID: String) -> String? {
        guard providerID.hasPrefix("stratus://") else { return nil }
        let parts = providerID.dropFirst("stratus://".count).split(separator: "/")
        return parts.count == 3 ? String(parts[2]) : nil
    }

    func addresses(of node: Node, internalIP: String) -> [CloudNodeAddress] {
        let start = CloudHash.fnv1a(node.name) % max(1, externalPool.range.usableCount)
        let external = try? externalPool.acquire(node.name, preferred: node.address("ExternalIP"), startIndex: start)
        return [CloudNodeAddress(type: "InternalIP", address: internalIP)]
            + (external.map { [CloudNodeAddress(type: "ExternalIP", address: $0)] } ?? [])
            + [CloudNodeAddress(type: "Hostname", address: node.name)]
    }

    /// One address of the public pool per Service, the one in its status when free.
    func ingress(for service: Service, name: String) throws -> [LoadBalancerIngress] {
        let current = service.status?.loadBalancer?.ingress?.compactMap(\.ip).first
        return [LoadBalancerIngress(ip: try balancerPool.acquire(service.key, preferred: current), ipMode: "VIP")]
    }

    func release(_ service: Service) { balancerPool.release(service.key) }

    private struct Extra: Decodable {
        var project: String?
        var instanceType: String?
        var loadBalancerRange: String?
        var externalAddressRange: String?
    }

    /// The JSON Schema of the config.
    static let schema = """
        {"$schema":"https://json-schema.org/draft/2020-12/schema","type":"object","properties":{\
        \(CloudConfigBasics.schemaProperties),\
        "project":{"type":"string","pattern":"^[a-z][a-z0-9-]*$"},\
        "instanceType":{"type":"string","minLength":1},\
        "loadBalancerRange":{"type":"string","pattern":"^[0-9.]+/[0-9]+$"},\
        "externalAddressRange":{"type":"string","pattern":"^[0-9.]+/[0-9]+$"}},\
        "additionalProperties":false}
        """
}
