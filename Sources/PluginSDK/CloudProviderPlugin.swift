import Foundation
import PluginABI
import Synchronization

/// The parts of the cloud-provider interface a plugin implements (the table's `supported` flags).
public struct CloudSupport: OptionSet, Sendable, Hashable {
    /// The raw `KEELSON_CLOUD_*` bits.
    public let rawValue: UInt32
    /// Creates a set from `KEELSON_CLOUD_*` bits.
    public init(rawValue: UInt32) { self.rawValue = rawValue }

    /// InstancesV2: exists, shutdown, metadata.
    public static let instancesV2 = CloudSupport(rawValue: UInt32(KEELSON_CLOUD_INSTANCES_V2))
    /// LoadBalancer: get, name, ensure, update, ensure deleted.
    public static let loadBalancer = CloudSupport(rawValue: UInt32(KEELSON_CLOUD_LOAD_BALANCER))
    /// Routes: list, create, delete.
    public static let routes = CloudSupport(rawValue: UInt32(KEELSON_CLOUD_ROUTES))
    /// Zones: the zone of the host, of a provider ID, of a node.
    public static let zones = CloudSupport(rawValue: UInt32(KEELSON_CLOUD_ZONES))
}

/// One address of a node, as core/v1 NodeAddress.
public struct CloudNodeAddress: Codable, Sendable, Equatable {
    /// "InternalIP", "ExternalIP", "Hostname", "InternalDNS" or "ExternalDNS".
    public var type: String
    /// The address.
    public var address: String
    /// Creates an address.
    public init(type: String, address: String) {
        self.type = type
        self.address = address
    }
}

/// What InstancesV2 `InstanceMetadata` returns for a node.
public struct CloudInstanceMetadata: Codable, Sendable, Equatable {
    /// The node's `spec.providerID`, "local://pool-a-1".
    public var providerID: String
    /// The `node.kubernetes.io/instance-type` label.
    public var instanceType: String
    /// The node's `status.addresses`.
    public var nodeAddresses: [CloudNodeAddress]
    /// The `topology.kubernetes.io/zone` label ("" when unknown).
    public var zone: String
    /// The `topology.kubernetes.io/region` label ("" when unknown).
    public var region: String
    /// Creates metadata.
    public init(providerID: String, instanceType: String, nodeAddresses: [CloudNodeAddress], zone: String, region: String) {
        self.providerID = providerID
        self.instanceType = instanceType
        self.nodeAddresses = nodeAddresses
        self.zone = zone
        self.region = region
    }
}

/// A failure domain, as the cloud provider's Zones interface returns it.
public struct CloudZone: Codable, Sendable, Equatable {
    /// The zone, "local-zone-a".
    public var failureDomain: String
    /// The region, "local".
    public var region: String
    /// Creates a zone.
    public init(failureDomain: String, region: String) {
        self.failureDomain = failureDomain
        self.region = region
    }
}

/// A route sending a node's pod CIDR to that node.
public struct CloudRoute: Codable, Sendable, Equatable, Hashable {
    /// The route's name (unique within a cluster).
    public var name: String
    /// The node the traffic goes to.
    public var targetNode: String
    /// The CIDR routed there.
    public var destinationCIDR: String
    /// Creates a route.
    public init(name: String, targetNode: String, destinationCIDR: String) {
        self.name = name
        self.targetNode = targetNode
        self.destinationCIDR = destinationCIDR
    }
}

/// One ingress point of a load balancer, as core/v1 LoadBalancerIngress.
public struct LoadBalancerIngress: Codable, Sendable, Equatable {
    /// An IP address, when the load balancer has one.
    public var ip: String?
    /// A host name, when the load balancer has one.
    public var hostname: String?
    /// "VIP" or "Proxy", when set.
    public var ipMode: String?
    /// Creates an ingress point.
    public init(ip: String? = nil, hostname: String? = nil, ipMode: String? = nil) {
        self.ip = ip
        self.hostname = hostname
        self.ipMode = ipMode
    }
}

/// core/v1 LoadBalancerStatus.
public struct LoadBalancerStatus: Codable, Sendable, Equatable {
    /// The load balancer's ingress points.
    public var ingress: [LoadBalancerIngress]
    /// Creates a status.
    public init(ingress: [LoadBalancerIngress]) { self.ingress = ingress }
}

/// A cloud provider written in Swift (interface `keelson_cloud_v1`): the Kubernetes
/// cloud-provider split into InstancesV2, LoadBalancer, Routes and Zones. A plugin states the
/// parts it implements in `supported`; the others keep their defaults, which throw
/// `PluginError.unsupported`, and their table entries are NULL. Object arguments are the
/// Kubernetes JSON of the Node / Service (and a JSON array of Nodes for load balancers).
public protocol CloudProviderPlugin: KeelsonPlugin {
    /// The parts of the interface this plugin implements.
    static var supported: CloudSupport { get }

    /// InstancesV2: whether the node's instance still exists.
    func instanceExists(node: Data) throws -> Bool
    /// InstancesV2: whether the node's instance is shut down.
    func instanceShutdown(node: Data) throws -> Bool
    /// InstancesV2: provider ID, instance type, addresses, zone and region of the node.
    func instanceMetadata(node: Data) throws -> CloudInstanceMetadata

    /// LoadBalancer: the service's load balancer status, nil when none exists.
    func getLoadBalancer(clusterName: String, service: Data) throws -> LoadBalancerStatus?
    /// LoadBalancer: the name the provider gives the service's load balancer.
    func loadBalancerName(clusterName: String, service: Data) throws -> String
    /// LoadBalancer: creates or updates the load balancer and returns its status.
    func ensureLoadBalancer(clusterName: String, service: Data, nodes: Data) throws -> LoadBalancerStatus
    /// LoadBalancer: updates the set of nodes behind the load balancer.
    func updateLoadBalancer(clusterName: String, service: Data, nodes: Data) throws
    /// LoadBalancer: deletes the load balancer; succeeds when it is already gone.
    func ensureLoadBalancerDeleted(clusterName: String, service: Data) throws

    /// Routes: every route of the cluster.
    func listRoutes(clusterName: String) throws -> [CloudRoute]
    /// Routes: creates a route (`nameHint` is a unique hint for its name).
    func createRoute(clusterName: String, nameHint: String, route: CloudRoute) throws
    /// Routes: deletes a route.
    func deleteRoute(clusterName: String, route: CloudRoute) throws

    /// Zones: the zone of the machine the host runs on.
    func zone() throws -> CloudZone
    /// Zones: the zone of an instance by provider ID.
    func zone(providerID: String) throws -> CloudZone
    /// Zones: the zone of a node by name.
    func zone(nodeName: String) throws -> CloudZone
}

extension CloudProviderPlugin {
    /// The C function table for this provider, for `PluginEntry.descriptor(interface:)`: the
    /// functions of unsupported parts are NULL.
    public static func table() -> UnsafeRawPointer { CloudProviderPluginTable.table(supported: supported) }

    /// Default: fails with `KEELSON_ERR_UNSUPPORTED`.
    public func instanceExists(node: Data) throws -> Bool { throw Self.unsupported("InstancesV2") }
    /// Default: fails with `KEELSON_ERR_UNSUPPORTED`.
    public func instanceShutdown(node: Data) throws -> Bool { throw Self.unsupported("InstancesV2") }
    /// Default: fails with `KEELSON_ERR_UNSUPPORTED`.
    public func instanceMetadata(node: Data) throws -> CloudInstanceMetadata { throw Self.unsupported("InstancesV2") }
    /// Default: fails with `KEELSON_ERR_UNSUPPORTED`.
    public func getLoadBalancer(clusterName: String, service: Data) throws -> LoadBalancerStatus? { throw Self.unsupported("LoadBalancer") }
    /// Default: fails with `KEELSON_ERR_UNSUPPORTED`.
    public func loadBalancerName(clusterName: String, service: Data) throws -> String { throw Self.unsupported("LoadBalancer") }
    /// Default: fails with `KEELSON_ERR_UNSUPPORTED`.
    public func ensureLoadBalancer(clusterName: String, service: Data, nodes: Data) throws -> LoadBalancerStatus { throw Self.unsupported("LoadBalancer") }
    /// Default: fails with `KEELSON_ERR_UNSUPPORTED`.
    public func updateLoadBalancer(clusterName: String, service: Data, nodes: Data) throws { throw Self.unsupported("LoadBalancer") }
    /// Default: fails with `KEELSON_ERR_UNSUPPORTED`.
    public func ensureLoadBalancerDeleted(clusterName: String, service: Data) throws { throw Self.unsupported("LoadBalancer") }
    /// Default: fails with `KEELSON_ERR_UNSUPPORTED`.
    public func listRoutes(clusterName: String) throws -> [CloudRoute] { throw Self.unsupported("Routes") }
    /// Default: fails with `KEELSON_ERR_UNSUPPORTED`.
    public func createRoute(clusterName: String, nameHint: String, route: CloudRoute) throws { throw Self.unsupported("Routes") }
    /// Default: fails with `KEELSON_ERR_UNSUPPORTED`.
    public func deleteRoute(clusterName: String, route: CloudRoute) throws { throw Self.unsupported("Routes") }
    /// Default: fails with `KEELSON_ERR_UNSUPPORTED`.
    public func zone() throws -> CloudZone { throw Self.unsupported("Zones") }
    /// Default: fails with `KEELSON_ERR_UNSUPPORTED`.
    public func zone(providerID: String) throws -> CloudZone { throw Self.unsupported("Zones") }
    /// Default: fails with `KEELSON_ERR_UNSUPPORTED`.
    public func zone(nodeName: String) throws -> CloudZone { throw Self.unsupported("Zones") }

    private static func unsupported(_ part: String) -> PluginError {
        .unsupported("this cloud provider does not support \(part)")
    }
}

/// Builds `keelson_cloud_v1` tables whose functions forward to a `CloudProviderPlugin` instance
/// through `InstanceBox.call` (the error barrier).
public enum CloudProviderPluginTable {
    // One table per flag set, allocated once and never freed nor written again.
    private static let built = Mutex<[UInt32: Int]>([:])

    /// The table for a provider supporting `supported`, allocated once per flag set for the
    /// lifetime of the library; the functions of unsupported parts are NULL.
    public static func table(supported: CloudSupport) -> UnsafeRawPointer {
        built.withLock { tables in
            if let address = tables[supported.rawValue], let pointer = UnsafeRawPointer(bitPattern: address) {
                return pointer
            }
            let pointer = PluginEntry.table(make(supported))
            tables[supported.rawValue] = Int(bitPattern: pointer)
            return pointer
        }
    }

    private static func make(_ supported: CloudSupport) -> keelson_cloud_v1 {
        let instances = supported.contains(.instancesV2)
        let balancers = supported.contains(.loadBalancer)
        let routes = supported.contains(.routes)
        let zones = supported.contains(.zones)
        return keelson_cloud_v1(
            struct_size: UInt32(MemoryLayout<keelson_cloud_v1>.size),
            supported: supported.rawValue,
            instance_exists: instances ? instanceExists : nil,
            instance_shutdown: instances ? instanceShutdown : nil,
            instance_metadata: instances ? instanceMetadata : nil,
            get_load_balancer: balancers ? getLoadBalancer : nil,
            get_load_balancer_name: balancers ? getLoadBalancerName : nil,
            ensure_load_balancer: balancers ? ensureLoadBalancer : nil,
            update_load_balancer: balancers ? updateLoadBalancer : nil,
            ensure_load_balancer_deleted: balancers ? ensureLoadBalancerDeleted : nil,
            list_routes: routes ? listRoutes : nil,
            create_route: routes ? createRoute : nil,
            delete_route: routes ? deleteRoute : nil,
            get_zone: zones ? getZone : nil,
            get_zone_by_provider_id: zones ? getZoneByProviderID : nil,
            get_zone_by_node_name: zones ? getZoneByNodeName : nil
        )
    }

    private typealias Text = UnsafePointer<CChar>?
    private typealias Sink = UnsafeMutablePointer<keelson_sink>?

    private static func run(_ instance: OpaquePointer?, _ body: (any CloudProviderPlugin) throws -> Void) -> keelson_status {
        InstanceBox.call(instance, as: (any CloudProviderPlugin).self, body)
    }

    private static func write<T: Encodable>(_ value: T, _ out: Sink) throws {
        try Bytes.write(PluginJSON.encode(value), to: out)
    }

    private static func route(_ pointer: Text, _ len: Int) throws -> CloudRoute {
        try PluginJSON.decode(CloudRoute.self, from: Bytes.data(pointer, len), what: "route")
    }

    // InstancesV2

    private static let instanceExists: @convention(c) (OpaquePointer?, Text, Int, UnsafeMutablePointer<Bool>?) -> keelson_status = {
        instance, node, len, out in
        run(instance) { plugin in
            guard let out else { throw PluginError.invalidArgument("out_exists is NULL") }
            out.pointee = try plugin.instanceExists(node: Bytes.data(node, len))
        }
    }

    private static let instanceShutdown: @convention(c) (OpaquePointer?, Text, Int, UnsafeMutablePointer<Bool>?) -> keelson_status = {
        instance, node, len, out in
        run(instance) { plugin in
            guard let out else { throw PluginError.invalidArgument("out_shutdown is NULL") }
            out.pointee = try plugin.instanceShutdown(node: Bytes.data(node, len))
        }
    }

    private static let instanceMetadata: @convention(c) (OpaquePointer?, Text, Int, Sink) -> keelson_status = {
        instance, node, len, out in
        run(instance) { try write($0.instanceMetadata(node: Bytes.data(node, len)), out) }
    }

    // LoadBalancer

    private struct GetLoadBalancerResult: Encodable {
        var exists: Bool
        var status: LoadBalancerStatus
    }

    private static let getLoadBalancer: @convention(c) (OpaquePointer?, Text, Int, Text, Int, Sink) -> keelson_status = {
        instance, cluster, clusterLen, service, serviceLen, out in
        run(instance) { plugin in
            let status = try plugin.getLoadBalancer(
                clusterName: Bytes.string(cluster, clusterLen), service: Bytes.data(service, serviceLen))
            try write(GetLoadBalancerResult(exists: status != nil, status: status ?? LoadBalancerStatus(ingress: [])), out)
        }
    }

    private static let getLoadBalancerName: @convention(c) (OpaquePointer?, Text, Int, Text, Int, Sink) -> keelson_status = {
        instance, cluster, clusterLen, service, serviceLen, out in
        run(instance) { plugin in
            try Bytes.write(
                plugin.loadBalancerName(clusterName: Bytes.string(cluster, clusterLen), service: Bytes.data(service, serviceLen)),
                to: out)
        }
    }

    private static let ensureLoadBalancer: @convention(c) (OpaquePointer?, Text, Int, Text, Int, Text, Int, Sink) -> keelson_status = {
        instance, cluster, clusterLen, service, serviceLen, nodes, nodesLen, out in
        run(instance) { plugin in
            try write(
                plugin.ensureLoadBalancer(
                    clusterName: Bytes.string(cluster, clusterLen), service: Bytes.data(service, serviceLen),
                    nodes: Bytes.data(nodes, nodesLen)),
                out)
        }
    }

    private static let updateLoadBalancer: @convention(c) (OpaquePointer?, Text, Int, Text, Int, Text, Int) -> keelson_status = {
        instance, cluster, clusterLen, service, serviceLen, nodes, nodesLen in
        run(instance) { plugin in
            try plugin.updateLoadBalancer(
                clusterName: Bytes.string(cluster, clusterLen), service: Bytes.data(service, serviceLen),
                nodes: Bytes.data(nodes, nodesLen))
        }
    }

    private static let ensureLoadBalancerDeleted: @convention(c) (OpaquePointer?, Text, Int, Text, Int) -> keelson_status = {
        instance, cluster, clusterLen, service, serviceLen in
        run(instance) { plugin in
            try plugin.ensureLoadBalancerDeleted(
                clusterName: Bytes.string(cluster, clusterLen), service: Bytes.data(service, serviceLen))
        }
    }

    // Routes

    private static let listRoutes: @convention(c) (OpaquePointer?, Text, Int, Sink) -> keelson_status = {
        instance, cluster, clusterLen, out in
        run(instance) { try write($0.listRoutes(clusterName: Bytes.string(cluster, clusterLen)), out) }
    }

    private static let createRoute: @convention(c) (OpaquePointer?, Text, Int, Text, Int, Text, Int) -> keelson_status = {
        instance, cluster, clusterLen, hint, hintLen, routeJSON, routeLen in
        run(instance) { plugin in
            try plugin.createRoute(
                clusterName: Bytes.string(cluster, clusterLen), nameHint: Bytes.string(hint, hintLen),
                route: route(routeJSON, routeLen))
        }
    }

    private static let deleteRoute: @convention(c) (OpaquePointer?, Text, Int, Text, Int) -> keelson_status = {
        instance, cluster, clusterLen, routeJSON, routeLen in
        run(instance) { plugin in
            try plugin.deleteRoute(clusterName: Bytes.string(cluster, clusterLen), route: route(routeJSON, routeLen))
        }
    }

    // Zones

    private static let getZone: @convention(c) (OpaquePointer?, Sink) -> keelson_status = { instance, out in
        run(instance) { try write($0.zone(), out) }
    }

    private static let getZoneByProviderID: @convention(c) (OpaquePointer?, Text, Int, Sink) -> keelson_status = {
        instance, id, len, out in
        run(instance) { try write($0.zone(providerID: Bytes.string(id, len)), out) }
    }

    private static let getZoneByNodeName: @convention(c) (OpaquePointer?, Text, Int, Sink) -> keelson_status = {
        instance, name, len, out in
        run(instance) { try write($0.zone(nodeName: Bytes.string(name, len)), out) }
    }
}
