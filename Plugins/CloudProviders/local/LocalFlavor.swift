import Foundation
import PluginSDK
import CloudKit

/// Keelson's local cloud: the simulated nodes are its instances (providerID `local://<name>`,
/// zone from the node's `topology.kubernetes.io/zone` label), load balancer addresses come from
/// a loopback pool and really listen there, forwarding to the Service's node ports on the
/// nodes behind them, as k3s's ServiceLB does.
final class LocalFlavor: CloudFlavor {
    static let supported: CloudSupport = [.instancesV2, .loadBalancer, .routes, .zones]
    static let providerPrefix = "local://"
    static let zoneLabel = "topology.kubernetes.io/zone"

    let settings: CloudSettings
    private let config: LocalCloudConfig
    private let pool: AddressPool
    private let listeners: LoadBalancerListeners

    init(host: KeelsonHost, config: Data) throws {
        let config = try LocalCloudConfig.parse(config)
        self.config = config
        settings = CloudSettings(
            region: config.region,
            nodeAddressRange: try CloudSettings.loopbackRange(config.nodeAddressRange, key: "nodeAddressRange"),
            deletedInstances: config.deletedInstances, shutdownInstances: config.shutdownInstances)
        pool = AddressPool(range: try CloudSettings.loopbackRange(config.loadBalancerRange, key: "loadBalancerRange"))
        listeners = LoadBalancerListeners(host: host)
    }

    var hostZone: CloudZone { CloudZone(failureDomain: config.zone, region: config.region) }

    /// The node's `topology.kubernetes.io/zone` label, else the configured zone.
    func zone(of node: Node) -> String {
        if let label = node.labels[Self.zoneLabel], !label.isEmpty { return label }
        return config.zone
    }

    func instanceType(of node: Node) -> String { config.instanceType }

    func providerID(of node: Node, zone: String) -> String { Self.providerPrefix + node.name }

    func nodeName(fromProviderID providerID: String) -> String? {
        guard providerID.hasPrefix(Self.providerPrefix) else { return nil }
        return String(providerID.dropFirst(Self.providerPrefix.count))
    }

    func addresses(of node: Node, internalIP: String) -> [CloudNodeAddress] {
        [CloudNodeAddress(type: "InternalIP", address: internalIP), CloudNodeAddress(type: "Hostname", address: node.name)]
    }

    /// One address from the pool, stable per Service uid; the one in the Service's status when
    /// that is free (so a restart keeps it). `ipMode: Proxy`: the load balancer itself carries the
    /// traffic to the nodes, so kube-proxy leaves the address alone.
    func ingress(for service: Service, name: String) throws -> [LoadBalancerIngress] {
        let current = service.status?.loadBalancer?.ingress?.compactMap(\.ip).first
        let address = try pool.acquire(service.key, preferred: current)
        return [LoadBalancerIngress(ip: address, ipMode: "Proxy")]
    }

    func serve(_ service: Service, ingress: [LoadBalancerIngress], nodes: [Node]) throws {
        guard let address = ingress.compactMap(\.ip).first else { return }
        try listeners.serve(service, address: address, nodes: nodes)
    }

    func release(_ service: Service) {
        listeners.stop(service.key)
        pool.release(service.key)
    }

    func shutdown() { listeners.stopAll() }
}
