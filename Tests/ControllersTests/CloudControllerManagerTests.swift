import APIServer
import Controllers
import Foundation
import Kernel
import Testing

/// The cloud controller manager over the real cloud provider plugins: load balancers for
/// LoadBalancer Services (the local provider's really forwarding to a node port), injected
/// faults retried, node lifecycle and routes after the run-time inventory.
@Suite("Cloud controller manager")
struct CloudControllerManagerTests {
    typealias T = SchedulingTesting
    typealias W = WorkloadTesting

    static func manager(_ api: ClusterAPI, plugin: String, config: JSONValue = [:]) async throws -> (CloudControllerManager, PluginInstance) {
        let instance = try await PluginInstance.create(plugin: try T.load(plugin), config: config, label: "\(plugin)@test", client: api)
        let manager = CloudControllerManager(client: api, cloud: CloudPluginClient(instance), options: CloudControllerOptions(
            clusterCIDR: try IPv4CIDR(parsing: "127.244.0.0/16"), nodeMonitorPeriod: .milliseconds(100),
            routeReconciliationPeriod: .milliseconds(200), loadBalancerRetryBaseDelay: .milliseconds(100),
            loadBalancerRetryMaxDelay: .milliseconds(400)), logger: T.logger)
        return (manager, instance)
    }

    /// Runs `body` while the manager runs; then cancels it and waits for it.
    static func running(_ manager: CloudControllerManager, _ body: () async throws -> Void) async throws {
        let task = Task { await manager.run() }
        defer { task.cancel() }
        try await body()
        task.cancel()
        await task.value
    }

    /// A node as a kubelet registers it: an InternalIP, a pod CIDR and a Ready condition (and a
    /// provider ID, so the cloud-node controller leaves its addresses alone).
    static func node(_ name: String, ip: String = "127.0.0.1", podCIDR: String? = nil, labels: [String: String] = [:]) -> JSONValue {
        var node = T.node(name, labels: labels)
        node[path: "spec", "providerID"] = .string("test://\(name)")
        node[path: "status", "addresses"] = [["type": "InternalIP", "address": .string(ip)]]
        node[path: "status", "conditions"] = [["type": "Ready", "status": "True", "reason": "KubeletReady"]]
        if let podCIDR { node[path: "spec", "podCIDR"] = .string(podCIDR) }
        return node
    }

    static func service(_ name: String, port: Int, nodePort: Int) -> JSONValue {
        [
            "apiVersion": "v1", "kind": "Service", "metadata": ["name": .string(name), "namespace": "default"],
            "spec": ["type": "LoadBalancer", "selector": ["app": "web"],
                     "ports": [["port": .int(Int64(port)), "nodePort": .int(Int64(nodePort))]]],
        ]
    }

    static func setInventory(_ api: ClusterAPI, _ data: [String: String]) async throws {
        let object: JSONValue = [
            "apiVersion": "v1", "kind": "ConfigMap", "metadata": ["name": "cloud-inventory", "namespace": "kube-system"],
            "data": .object(data.mapValues(JSONValue.string)),
        ]
        if (try? await api.get(.configMaps, namespace: "kube-system", name: "cloud-inventory")) != nil {
            _ = try await W.modify(api, .configMaps, "cloud-inventory", namespace: "kube-system") { $0["data"] = object["data"] }
        } else {
            _ = try await api.create(.configMaps, namespace: "kube-system", object: object)
        }
    }

    static func reasons(_ api: ClusterAPI, about name: String) async throws -> [String] {
        try await W.list(api, .events).filter { $0[path: "involvedObject", "name"]?.stringValue == name }.compactMap { $0["reason"]?.stringValue }
    }

    @Test func localLoadBalancersForwardToNodePortsAndFollowTheirService() async throws {
        try await T.withCluster { api in
            // A node port with a greeting server behind it stands in for kube-proxy.
            var greeter: CloudTestSockets.Greeter?
            for _ in 0..<20 where greeter == nil {
                greeter = CloudTestSockets.Greeter(port: Int.random(in: 30000...32767), greeting: "hello through the node port")
            }
            let server = try #require(greeter)
            defer { server.close() }
            let octet = Int.random(in: 100...250)
            let (manager, instance) = try await Self.manager(api, plugin: "local", config: ["loadBalancerRange": .string("127.0.\(octet).0/29")])
            defer { instance.destroy() }
            _ = try await api.create(.nodes, namespace: "", object: Self.node("n1"))
            try await Self.running(manager) {
                let port = Int.random(in: 20000...29999)
                _ = try await api.create(.services, namespace: "default", object: Self.service("web", port: port, nodePort: server.port))
                let web = try await T.eventually("web has an ingress") { () async throws -> JSONValue? in
                    let web = try await api.get(.services, namespace: "default", name: "web")
                    return web[path: "status", "loadBalancer", "ingress"]?.arrayValue?.isEmpty == false ? web : nil
                }
                #expect(web[path: "status", "loadBalancer", "ingress"] == [["ip": .string("127.0.\(octet).1"), "ipMode": "Proxy"]])
                #expect(web[path: "metadata", "finalizers"] == ["service.kubernetes.io/load-balancer-cleanup"])
                #expect(await CloudTestSockets.read("127.0.\(octet).1", port) == "hello through the node port")
                #expect(try await Self.reasons(api, about: "web").contains("EnsuredLoadBalancer"))

                // A node excluded from load balancers changes nothing; another node updates the hosts.
                _ = try await api.create(.nodes, namespace: "", object: Self.node(
                    "n2", labels: ["node.kubernetes.io/exclude-from-external-load-balancers": ""]))
                _ = try await api.create(.nodes, namespace: "", object: Self.node("n3"))
                try await T.eventually("hosts updated") { try await Self.reasons(api, about: "web").contains("UpdatedLoadBalancer") ? true : nil }

                // An injected fault fails the next Service until it is lifted.
                try await Self.setInventory(api, ["faults": "ensureLoadBalancer: UNAVAILABLE quota exceeded"])
                _ = try await api.create(.services, namespace: "default", object: Self.service("api", port: port + 1, nodePort: server.port == 32767 ? 30000 : server.port + 1))
                let failure = try await T.eventually("api failed") { () async throws -> JSONValue? in
                    try await W.list(api, .events).first { $0["reason"] == "SyncLoadBalancerFailed" && $0[path: "involvedObject", "name"] == "api" }
                }
                #expect(failure["message"]?.stringValue?.contains("quota exceeded") == true)
                try await Self.setInventory(api, [:])
                try await T.eventually("api has an ingress") { () async throws -> Bool? in
                    let api = try await api.get(.services, namespace: "default", name: "api")
                    return api[path: "status", "loadBalancer", "ingress"]?.arrayValue?.isEmpty == false ? true : nil
                }

                // Deleting the Service deletes the load balancer, then the finalizer lets it go.
                _ = try await api.delete(.services, namespace: "default", name: "web")
                try await T.eventually("web gone") { () async throws -> Bool? in
                    do {
                        _ = try await api.get(.services, namespace: "default", name: "web")
                        return nil
                    } catch let error as APIError where error.code == 404 {
                        return true
                    }
                }
                #expect(await CloudTestSockets.read("127.0.\(octet).1", port) == nil)
            }
        }
    }

    @Test func nodesFollowTheInventoryAndGetRoutes() async throws {
        try await T.withCluster { api in
            let (manager, instance) = try await Self.manager(api, plugin: "stratus")
            defer { instance.destroy() }
            let cloud = CloudPluginClient(instance)
            _ = try await api.create(.nodes, namespace: "", object: Self.node("n1", podCIDR: "127.244.1.0/24"))
            _ = try await api.create(.nodes, namespace: "", object: Self.node("n2", podCIDR: "127.244.2.0/24"))
            try await Self.running(manager) {
                try await T.eventually("two routes") { () async throws -> Bool? in
                    let routes = try await cloud.listRoutes(clusterName: "kubernetes")
                    return Set(routes.compactMap { $0["destinationCIDR"]?.stringValue }) == ["127.244.1.0/24", "127.244.2.0/24"] ? true : nil
                }
                let n1 = try await T.eventually("n1 network condition") { () async throws -> JSONValue? in
                    let node = try await api.get(.nodes, namespace: "", name: "n1")
                    let conditions = node[path: "status", "conditions"]?.arrayValue ?? []
                    return conditions.first { $0["type"] == "NetworkUnavailable" }
                }
                #expect(n1["status"] == "False" && n1["reason"] == "RouteCreated")

                // n2 stops answering and its instance is shut down: tainted, not deleted.
                try await W.modifyStatus(api, .nodes, "n2", namespace: "") {
                    $0[path: "status", "conditions"] = [["type": "Ready", "status": "Unknown", "reason": "NodeStatusUnknown"]]
                }
                try await Self.setInventory(api, ["stopped": "n2"])
                try await T.eventually("n2 shutdown taint") { () async throws -> Bool? in
                    let node = try await api.get(.nodes, namespace: "", name: "n2")
                    let taints = node[path: "spec", "taints"]?.arrayValue ?? []
                    return taints.contains { $0["key"] == "node.cloudprovider.kubernetes.io/shutdown" } ? true : nil
                }
                // Its instance deleted: the Node goes, and so does its route.
                try await Self.setInventory(api, ["deleted": "n2"])
                try await T.eventually("n2 deleted") { () async throws -> Bool? in
                    (try? await api.get(.nodes, namespace: "", name: "n2")) == nil ? true : nil
                }
                try await T.eventually("n2's route deleted") { () async throws -> Bool? in
                    try await cloud.listRoutes(clusterName: "kubernetes").count == 1 ? true : nil
                }
                #expect(try await Self.reasons(api, about: "n2").contains("DeletingNode"))
                // The Ready node keeps running whatever the inventory says about others.
                #expect((try? await api.get(.nodes, namespace: "", name: "n1")) != nil)
            }
        }
    }
}
