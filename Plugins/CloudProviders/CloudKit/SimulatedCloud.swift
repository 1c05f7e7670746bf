import Foundation
import PluginSDK

/// A cloud provider whose instances are the cluster's simulated nodes, shaped by a
/// `CloudFlavor`. Every call first passes the `InventoryGate` (run-time deleted and stopped
/// instances, injected faults and latency). Node InternalIPs are loopback addresses derived from
/// the node name; load balancers are recorded per Service uid with the flavor's ingress; routes
/// live in memory. The host serializes calls into one instance, so no lock is needed.
public final class SimulatedCloud<Flavor: CloudFlavor>: CloudProviderPlugin {
    public static var supported: CloudSupport { Flavor.supported }

    private let host: KeelsonHost
    private let flavor: Flavor
    private let gate: InventoryGate
    private let addresses: AddressPool
    private let routeTable = RouteTable()
    /// Zones of the nodes seen so far, by node name (for the Zones lookups).
    private var zones: [String: String] = [:]
    /// The load balancers, by Service key.
    private var balancers: [String: [LoadBalancerIngress]] = [:]

    public init(host: KeelsonHost, config: Data) throws {
        self.host = host
        flavor = try Flavor(host: host, config: config)
        let settings = flavor.settings
        gate = InventoryGate(host: host, deleted: settings.deletedInstances, stopped: settings.shutdownInstances)
        addresses = AddressPool(range: settings.nodeAddressRange)
    }

    public func shutdown() { flavor.shutdown() }

    // MARK: InstancesV2

    public func instanceExists(node: Data) throws -> Bool {
        let node = try remember(decodeNode(node))
        return !(try gate.pass("instanceExists")).deleted.contains(node.name)
    }

    public func instanceShutdown(node: Data) throws -> Bool {
        let node = try remember(decodeNode(node))
        let inventory = try gate.pass("instanceShutdown")
        if inventory.deleted.contains(node.name) { throw PluginError.notFound("instance \(node.name) does not exist") }
        return inventory.stopped.contains(node.name)
    }

    /// Provider ID, instance type and zone from the flavor; a loopback InternalIP from the node
    /// range (the address the node already has there, else the first free one from a position
    /// derived from the name, so names keep their addresses across runs) plus the flavor's other
    /// addresses; the region from the config.
    public func instanceMetadata(node: Data) throws -> CloudInstanceMetadata {
        let node = try remember(decodeNode(node))
        if try gate.pass("instanceMetadata").deleted.contains(node.name) {
            throw PluginError.notFound("instance \(node.name) does not exist")
        }
        let count = addresses.range.usableCount
        let start = count == 0 ? 0 : CloudHash.fnv1a(node.name) % count
        let internalIP = try addresses.acquire(node.name, preferred: node.address("InternalIP"), startIndex: start)
        let zone = flavor.zone(of: node)
        return CloudInstanceMetadata(
            providerID: flavor.providerID(of: node, zone: zone), instanceType: flavor.instanceType(of: node),
            nodeAddresses: flavor.addresses(of: node, internalIP: internalIP), zone: zone, region: flavor.settings.region)
    }

    // MARK: LoadBalancer

    public func getLoadBalancer(clusterName: String, service: Data) throws -> LoadBalancerStatus? {
        try gate.pass("getLoadBalancer")
        return balancers[try decodeService(service).key].map(LoadBalancerStatus.init)
    }

    public func loadBalancerName(clusterName: String, service: Data) throws -> String {
        try gate.pass("getLoadBalancerName")
        return try decodeService(service).defaultLoadBalancerName
    }

    public func ensureLoadBalancer(clusterName: String, service: Data, nodes: Data) throws -> LoadBalancerStatus {
        try gate.pass("ensureLoadBalancer")
        let service = try decodeService(service)
        let ingress = try balancers[service.key] ?? flavor.ingress(for: service, name: service.defaultLoadBalancerName)
        balancers[service.key] = ingress
        try flavor.serve(service, ingress: ingress, nodes: try decodeNodes(nodes))
        let shown = ingress.map { $0.ip ?? $0.hostname ?? "" }.joined(separator: ",")
        host.log(.info, "load balancer \(service.defaultLoadBalancerName) for \(service.displayName) at \(shown)")
        return LoadBalancerStatus(ingress: ingress)
    }

    public func updateLoadBalancer(clusterName: String, service: Data, nodes: Data) throws {
        try gate.pass("updateLoadBalancer")
        let service = try decodeService(service)
        guard let ingress = balancers[service.key] else {
            throw PluginError.notFound("service \(service.displayName) has no load balancer")
        }
        try flavor.serve(service, ingress: ingress, nodes: try decodeNodes(nodes))
    }

    public func ensureLoadBalancerDeleted(clusterName: String, service: Data) throws {
        try gate.pass("ensureLoadBalancerDeleted")
        let service = try decodeService(service)
        balancers[service.key] = nil
        flavor.release(service)
    }

    // MARK: Routes

    public func listRoutes(clusterName: String) throws -> [CloudRoute] {
        try gate.pass("listRoutes")
        return routeTable.list(cluster: clusterName)
    }

    public func createRoute(clusterName: String, nameHint: String, route: CloudRoute) throws {
        try gate.pass("createRoute")
        try routeTable.create(cluster: clusterName, nameHint: nameHint, route: route)
    }

    public func deleteRoute(clusterName: String, route: CloudRoute) throws {
        try gate.pass("deleteRoute")
        routeTable.delete(cluster: clusterName, route: route)
    }

    // MARK: Zones

    public func zone() throws -> CloudZone {
        try gate.pass("getZone")
        return flavor.hostZone
    }

    public func zone(providerID: String) throws -> CloudZone {
        try gate.pass("getZoneByProviderID")
        guard let name = flavor.nodeName(fromProviderID: providerID), !name.isEmpty else {
            throw PluginError.invalidArgument("provider ID \"\(providerID)\" does not name an instance of this cloud")
        }
        return CloudZone(failureDomain: try zoneOfNode(named: name), region: flavor.settings.region)
    }

    public func zone(nodeName: String) throws -> CloudZone {
        try gate.pass("getZoneByNodeName")
        return CloudZone(failureDomain: try zoneOfNode(named: nodeName), region: flavor.settings.region)
    }

    /// A node's zone: as last seen, else read from the cluster, else the host's zone when the
    /// host does not let this instance read nodes.
    private func zoneOfNode(named name: String) throws -> String {
        if let known = zones[name] { return known }
        let object: Data?
        do {
            object = try host.getObject("nodes", name: name)
        } catch {
            return flavor.hostZone.failureDomain
        }
        guard let object else { throw PluginError.notFound("node \(name) not found") }
        return flavor.zone(of: try decodeNode(object))
    }

    // MARK: Decoding

    private func remember(_ node: Node) throws -> Node {
        guard !node.name.isEmpty else { throw PluginError.invalidArgument("node: missing metadata.name") }
        zones[node.name] = flavor.zone(of: node)
        return node
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
