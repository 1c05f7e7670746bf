import APIServer
import Controllers
import Foundation
import Kernel
import Testing

/// The cloud-node controller initializing Nodes from the real local cloud provider plugin.
@Suite("Cloud-node controller")
struct CloudNodeControllerTests {
    typealias T = SchedulingTesting

    static let uninitialized: JSONValue = ["key": "node.cloudprovider.kubernetes.io/uninitialized", "value": "true", "effect": "NoSchedule"]

    @Test func initializesNodesFromTheLocalProvider() async throws {
        try await T.withCluster { api in
            let instance = try await PluginInstance.create(
                plugin: try T.load("local"), config: ["instanceType": "local.test"], label: "local@test", client: api)
            defer { instance.destroy() }
            let controller = CloudNodeController(client: api, cloud: CloudPluginClient(instance), retryInterval: .milliseconds(100), logger: T.logger)
            let dedicated: JSONValue = ["key": "dedicated", "value": "batch", "effect": "NoSchedule"]
            _ = try await api.create(.nodes, namespace: "", object: T.node(
                "pool-a-1", labels: ["topology.kubernetes.io/zone": "zone-b"], taints: [Self.uninitialized, dedicated]))
            try await T.running({ await controller.run() }, stop: { controller.stop() }) {
                let node = try await T.eventually("pool-a-1 initialized") { () async throws -> JSONValue? in
                    let node = try await api.get(.nodes, namespace: "", name: "pool-a-1")
                    return CloudNodeController.needsInitialization(node) ? nil : node
                }
                #expect(node[path: "spec", "providerID"] == "local://pool-a-1")
                #expect(node.labels["topology.kubernetes.io/zone"] == "zone-b")
                #expect(node.labels["topology.kubernetes.io/region"] == "local")
                #expect(node.labels["node.kubernetes.io/instance-type"] == "local.test")
                #expect(node[path: "spec", "taints"] == [dedicated])
                let addresses = try #require(node[path: "status", "addresses"]?.arrayValue)
                #expect(addresses.contains(["type": "Hostname", "address": "pool-a-1"]))
                let internalIP = try #require(addresses.first { $0["type"] == "InternalIP" }?["address"]?.stringValue)
                #expect(internalIP.hasPrefix("127.0.10."))
                #expect(node[path: "status", "allocatable", "cpu"] == "4")

                // A node registered later, without a zone label, gets the provider's zone.
                _ = try await api.create(.nodes, namespace: "", object: T.node("pool-a-2", taints: [Self.uninitialized]))
                let second = try await T.eventually("pool-a-2 initialized") { () async throws -> JSONValue? in
                    let node = try await api.get(.nodes, namespace: "", name: "pool-a-2")
                    return CloudNodeController.needsInitialization(node) ? nil : node
                }
                #expect(second.labels["topology.kubernetes.io/zone"] == "local-zone-a")
                #expect(second[path: "spec", "taints"] == nil)
            }
        }
    }
}
