import Foundation
import PluginABI

/// Drives a cloud-provider plugin instance (`keelson_cloud_v1`): Kubernetes' InstancesV2,
/// LoadBalancer, Routes and Zones, each available when its `supports…` flag is set. Calling a
/// part the plugin does not support throws `PluginCallError` with status UNSUPPORTED without
/// reaching the plugin; any failure of the plugin throws `PluginCallError`, and a result that is
/// not JSON throws `JSONValue.ParseError`.
public struct CloudPluginClient: Sendable {
    /// The plugin instance called.
    public let instance: PluginInstance

    /// Wraps an instance of a cloud-provider-kind plugin.
    public init(_ instance: PluginInstance) {
        self.instance = instance
    }

    /// The table's `KEELSON_CLOUD_*` flags.
    public var supported: UInt32 { table.supported }
    /// Whether InstancesV2 (exists, shutdown, metadata) is implemented.
    public var supportsInstances: Bool { supported & UInt32(KEELSON_CLOUD_INSTANCES_V2) != 0 }
    /// Whether LoadBalancer is implemented.
    public var supportsLoadBalancer: Bool { supported & UInt32(KEELSON_CLOUD_LOAD_BALANCER) != 0 }
    /// Whether Routes is implemented.
    public var supportsRoutes: Bool { supported & UInt32(KEELSON_CLOUD_ROUTES) != 0 }
    /// Whether Zones is implemented.
    public var supportsZones: Bool { supported & UInt32(KEELSON_CLOUD_ZONES) != 0 }

    // MARK: InstancesV2

    /// Whether the node's instance still exists.
    public func instanceExists(node: JSONValue) async throws -> Bool {
        let hook = try require(table.instance_exists, "instance_exists", supportsInstances)
        let payload = node.serialized()
        return try await flag("instance_exists") { handle, out in withBytes(payload) { hook(handle, $0, $1, out) } }
    }

    /// Whether the node's instance is shut down.
    public func instanceShutdown(node: JSONValue) async throws -> Bool {
        let hook = try require(table.instance_shutdown, "instance_shutdown", supportsInstances)
        let payload = node.serialized()
        return try await flag("instance_shutdown") { handle, out in withBytes(payload) { hook(handle, $0, $1, out) } }
    }

    /// The node's metadata: {"providerID","instanceType","nodeAddresses":[{"type","address"}],"zone","region"}.
    public func instanceMetadata(node: JSONValue) async throws -> JSONValue {
        let hook = try require(table.instance_metadata, "instance_metadata", supportsInstances)
        let payload = node.serialized()
        return try JSONValue(parsing: try await instance.call("instance_metadata") { handle, sink in
            withBytes(payload) { hook(handle, $0, $1, sink) }
        })
    }

    // MARK: LoadBalancer

    /// The Service's load balancer status (core/v1 LoadBalancerStatus), nil when it has none.
    public func getLoadBalancer(clusterName: String, service: JSONValue) async throws -> JSONValue? {
        let hook = try require(table.get_load_balancer, "get_load_balancer", supportsLoadBalancer)
        let (cluster, payload) = (Data(clusterName.utf8), service.serialized())
        let result = try JSONValue(parsing: try await instance.call("get_load_balancer") { handle, sink in
            withBytes(cluster) { c, cl in withBytes(payload) { hook(handle, c, cl, $0, $1, sink) } }
        })
        guard result["exists"]?.boolValue == true else { return nil }
        return result["status"] ?? ["ingress": []]
    }

    /// The name the provider gives the Service's load balancer.
    public func loadBalancerName(clusterName: String, service: JSONValue) async throws -> String {
        let hook = try require(table.get_load_balancer_name, "get_load_balancer_name", supportsLoadBalancer)
        let (cluster, payload) = (Data(clusterName.utf8), service.serialized())
        let name = try await instance.call("get_load_balancer_name") { handle, sink in
            withBytes(cluster) { c, cl in withBytes(payload) { hook(handle, c, cl, $0, $1, sink) } }
        }
        return String(decoding: name, as: UTF8.self)
    }

    /// Creates or updates the Service's load balancer over `nodes`; returns its status
    /// (core/v1 LoadBalancerStatus, {"ingress":[{"ip":"127.0.20.1"}]}).
    public func ensureLoadBalancer(clusterName: String, service: JSONValue, nodes: [JSONValue]) async throws -> JSONValue {
        let hook = try require(table.ensure_load_balancer, "ensure_load_balancer", supportsLoadBalancer)
        let (cluster, payload, nodeList) = (Data(clusterName.utf8), service.serialized(), JSONValue.array(nodes).serialized())
        return try JSONValue(parsing: try await instance.call("ensure_load_balancer") { handle, sink in
            withBytes(cluster) { c, cl in
                withBytes(payload) { s, sl in withBytes(nodeList) { hook(handle, c, cl, s, sl, $0, $1, sink) } }
            }
        })
    }

    /// Updates the set of nodes behind the Service's load balancer.
    public func updateLoadBalancer(clusterName: String, service: JSONValue, nodes: [JSONValue]) async throws {
        let hook = try require(table.update_load_balancer, "update_load_balancer", supportsLoadBalancer)
        let (cluster, payload, nodeList) = (Data(clusterName.utf8), service.serialized(), JSONValue.array(nodes).serialized())
        _ = try await instance.call("update_load_balancer") { handle, _ in
            withBytes(cluster) { c, cl in
                withBytes(payload) { s, sl in withBytes(nodeList) { hook(handle, c, cl, s, sl, $0, $1) } }
            }
        }
    }

    /// Deletes the Service's load balancer; succeeds when it is already gone.
    public func ensureLoadBalancerDeleted(clusterName: String, service: JSONValue) async throws {
        let hook = try require(table.ensure_load_balancer_deleted, "ensure_load_balancer_deleted", supportsLoadBalancer)
        let (cluster, payload) = (Data(clusterName.utf8), service.serialized())
        _ = try await instance.call("ensure_load_balancer_deleted") { handle, _ in
            withBytes(cluster) { c, cl in withBytes(payload) { hook(handle, c, cl, $0, $1) } }
        }
    }

    // MARK: Routes

    /// The cluster's routes, each {"name","targetNode","destinationCIDR"}.
    public func listRoutes(clusterName: String) async throws -> [JSONValue] {
        let hook = try require(table.list_routes, "list_routes", supportsRoutes)
        let cluster = Data(clusterName.utf8)
        let result = try JSONValue(parsing: try await instance.call("list_routes") { handle, sink in
            withBytes(cluster) { hook(handle, $0, $1, sink) }
        })
        return result.arrayValue ?? []
    }

    /// Creates a route {"name","targetNode","destinationCIDR"}; `nameHint` is unique per route
    /// (Kubernetes passes the node's uid).
    public func createRoute(clusterName: String, nameHint: String, route: JSONValue) async throws {
        let hook = try require(table.create_route, "create_route", supportsRoutes)
        let (cluster, hint, payload) = (Data(clusterName.utf8), Data(nameHint.utf8), route.serialized())
        _ = try await instance.call("create_route") { handle, _ in
            withBytes(cluster) { c, cl in
                withBytes(hint) { h, hl in withBytes(payload) { hook(handle, c, cl, h, hl, $0, $1) } }
            }
        }
    }

    /// Deletes a route.
    public func deleteRoute(clusterName: String, route: JSONValue) async throws {
        let hook = try require(table.delete_route, "delete_route", supportsRoutes)
        let (cluster, payload) = (Data(clusterName.utf8), route.serialized())
        _ = try await instance.call("delete_route") { handle, _ in
            withBytes(cluster) { c, cl in withBytes(payload) { hook(handle, c, cl, $0, $1) } }
        }
    }

    // MARK: Zones

    /// The zone of the machine the host runs on: {"failureDomain","region"}.
    public func zone() async throws -> JSONValue {
        let hook = try require(table.get_zone, "get_zone", supportsZones)
        return try JSONValue(parsing: try await instance.call("get_zone") { handle, sink in hook(handle, sink) })
    }

    /// The zone of an instance by provider ID: {"failureDomain","region"}.
    public func zone(providerID: String) async throws -> JSONValue {
        let hook = try require(table.get_zone_by_provider_id, "get_zone_by_provider_id", supportsZones)
        let id = Data(providerID.utf8)
        return try JSONValue(parsing: try await instance.call("get_zone_by_provider_id") { handle, sink in
            withBytes(id) { hook(handle, $0, $1, sink) }
        })
    }

    /// The zone of a node by name: {"failureDomain","region"}.
    public func zone(nodeName: String) async throws -> JSONValue {
        let hook = try require(table.get_zone_by_node_name, "get_zone_by_node_name", supportsZones)
        let name = Data(nodeName.utf8)
        return try JSONValue(parsing: try await instance.call("get_zone_by_node_name") { handle, sink in
            withBytes(name) { hook(handle, $0, $1, sink) }
        })
    }

    // MARK: Plumbing

    /// The plugin's `keelson_cloud_v1` table.
    private var table: keelson_cloud_v1 { instance.plugin.table(keelson_cloud_v1.self) }

    /// The hook when its part is supported and the pointer is set, else an UNSUPPORTED error.
    private func require<F>(_ hook: F?, _ operation: String, _ supported: Bool) throws -> F {
        guard supported, let hook else {
            throw PluginCallError(
                plugin: instance.plugin.info.name, operation: operation, status: Int32(KEELSON_ERR_UNSUPPORTED),
                message: "the cloud provider does not implement \(operation)")
        }
        return hook
    }

    /// Runs a call whose answer is a `bool *` out-parameter; the flag travels back through the sink.
    private func flag(
        _ operation: String, _ body: @escaping @Sendable (OpaquePointer?, UnsafeMutablePointer<Bool>) -> Int32
    ) async throws -> Bool {
        let data = try await instance.call(operation) { handle, sink in
            var answer = false
            let status = body(handle, &answer)
            guard status == KEELSON_OK else { return status }
            let byte: CChar = answer ? 1 : 0
            return withUnsafePointer(to: byte) { sink.pointee.write?(sink, $0, 1) ?? Int32(KEELSON_ERR_INTERNAL) }
        }
        return data.first == 1
    }
}

/// Calls `body` with `data` as a borrowed (pointer, length) pair valid during the call.
private func withBytes<R>(_ data: Data, _ body: (UnsafePointer<CChar>?, Int) -> R) -> R {
    data.withUnsafeBytes { raw in body(raw.baseAddress?.assumingMemoryBound(to: CChar.self), raw.count) }
}
