import Foundation
import PluginSDK

/// Keelson's local cloud provider: the simulated nodes are its instances, load balancer
/// addresses come from a loopback pool, routes live in memory. The host serializes calls into
/// one instance, so the parts need no lock.
final class LocalCloud: CloudProviderPlugin {
    static let supported: CloudSupport = [.instancesV2, .loadBalancer, .routes, .zones]

    private let host: KeelsonHost
    private let config: LocalCloudConfig
    private let instances: LocalInstances
    private let loadBalancers: LocalLoadBalancers
    private let routeTable = LocalRoutes()

    init(host: KeelsonHost, config: Data) throws {
        self.host = host
        let config = try LocalCloudConfig.parse(config)
        self.config = config
        instances = LocalInstances(
            config: config, addressRange: try LocalCloudConfig.range(config.nodeAddressRange, key: "nodeAddressRange"))
        loadBalancers = LocalLoadBalancers(
            range: try LocalCloudConfig.range(config.loadBalancerRange, key: "loadBalancerRange"))
    }

    // InstancesV2

    func instanceExists(node: Data) throws -> Bool { try instances.exists(decodeNode(node)) }
    func instanceShutdown(node: Data) throws -> Bool { try instances.shutdown(decodeNode(node)) }
    func instanceMetadata(node: Data) throws -> CloudInstanceMetadata { try instances.metadata(decodeNode(node)) }

    // LoadBalancer

    func getLoadBalancer(clusterName: String, service: Data) throws -> LoadBalancerStatus? {
        loadBalancers.get(try decodeService(service))
    }

    func loadBalancerName(clusterName: String, service: Data) throws -> String {
        loadBalancers.name(try decodeService(service))
    }

    func ensureLoadBalancer(clusterName: String, service: Data, nodes: Data) throws -> LoadBalancerStatus {
        let service = try decodeService(service)
        let status = try loadBalancers.ensure(service, nodes: try decodeNodes(nodes))
        host.log(.info, "load balancer for \(service.displayName) at \(status.ingress.compactMap(\.ip).joined(separator: ","))")
        return status
    }

    func updateLoadBalancer(clusterName: String, service: Data, nodes: Data) throws {
        try loadBalancers.update(try decodeService(service), nodes: try decodeNodes(nodes))
    }

    func ensureLoadBalancerDeleted(clusterName: String, service: Data) throws {
        loadBalancers.delete(try decodeService(service))
    }

    // Routes

    func listRoutes(clusterName: String) throws -> [CloudRoute] { routeTable.list(cluster: clusterName) }

    func createRoute(clusterName: String, nameHint: String, route: CloudRoute) throws {
        try routeTable.create(cluster: clusterName, nameHint: nameHint, route: route)
    }

    func deleteRoute(clusterName: String, route: CloudRoute) throws {
        routeTable.delete(cluster: clusterName, route: route)
    }

    // Zones

    func zone() throws -> CloudZone { CloudZone(failureDomain: config.zone, region: config.region) }

    func zone(providerID: String) throws -> CloudZone {
        guard providerID.hasPrefix(LocalInstances.providerPrefix), providerID.count > LocalInstances.providerPrefix.count else {
            throw PluginError.invalidArgument("provider ID \"\(providerID)\" is not local://<node-name>")
        }
        return try zone(nodeName: String(providerID.dropFirst(LocalInstances.providerPrefix.count)))
    }

    func zone(nodeName: String) throws -> CloudZone {
        CloudZone(failureDomain: try zoneOfNode(named: nodeName), region: config.region)
    }

    /// A node's zone: as last seen, else read from the cluster, else the configured zone when the
    /// host does not let this instance read nodes.
    private func zoneOfNode(named name: String) throws -> String {
        if let known = instances.zones[name] { return known }
        let object: Data?
        do {
            object = try host.getObject("nodes", name: name)
        } catch {
            return config.zone
        }
        guard let object else { throw PluginError.notFound("node \(name) not found") }
        return instances.zone(of: try decodeNode(object))
    }

    private func decodeNode(_ data: Data) throws -> Node { try PluginJSON.decode(Node.self, from: data, what: "node") }
    private func decodeNodes(_ data: Data) throws -> [Node] {
        if data.isEmpty { return [] }
        return try PluginJSON.decode([Node].self, from: data, what: "nodes")
    }
    private func decodeService(_ data: Data) throws -> Service {
        try PluginJSON.decode(Service.self, from: data, what: "service")
    }
}
