import Foundation
import Kernel
import PluginABI
import Testing

/// The local cloud provider as the kernel runs it: the real liblocal.so through the loader and
/// the typed client.
@Suite("local cloud provider plugin")
struct CloudProviderPluginTests {
    static func cloud(_ config: JSONValue = [:]) async throws -> CloudPluginClient {
        let instance = try await PluginInstance.create(
            plugin: try PluginLibraries.load("local"), config: config, label: "local@test")
        return CloudPluginClient(instance)
    }

    static func node(_ name: String, zone: String? = nil) -> JSONValue {
        var node: JSONValue = ["apiVersion": "v1", "kind": "Node", "metadata": ["name": .string(name)]]
        if let zone { node.labels = ["topology.kubernetes.io/zone": zone] }
        return node
    }

    static func service(_ name: String, uid: String) -> JSONValue {
        [
            "apiVersion": "v1", "kind": "Service",
            "metadata": ["name": .string(name), "namespace": "default", "uid": .string(uid)],
            "spec": ["type": "LoadBalancer", "ports": [["port": 80, "nodePort": 30080]]],
        ]
    }

    static func status(_ error: any Error) -> Int32? { (error as? PluginCallError)?.status }

    static func internalIP(_ metadata: JSONValue) -> String? {
        metadata["nodeAddresses"]?.arrayValue?.first { $0["type"] == "InternalIP" }?["address"]?.stringValue
    }

    @Test func supportsEveryPart() async throws {
        let cloud = try await Self.cloud()
        #expect(cloud.instance.plugin.info.kind == .cloudProvider)
        #expect(cloud.supportsInstances && cloud.supportsLoadBalancer && cloud.supportsRoutes && cloud.supportsZones)
        let schema = try JSONSchema(parsing: try #require(cloud.instance.plugin.info.configSchema))
        #expect(schema.validate(["zone": "lab-1", "nodeAddressRange": "127.0.30.0/24"]).isEmpty)
        #expect(!schema.validate(["loadBalancerRange": "10.0.0.0/24"]).isEmpty)
        #expect(!schema.validate(["zones": "typo"]).isEmpty)
    }

    @Test func describesNodesAsLocalInstances() async throws {
        let cloud = try await Self.cloud()
        let labelled = try await cloud.instanceMetadata(node: Self.node("pool-a-1", zone: "zone-b"))
        #expect(labelled["providerID"] == "local://pool-a-1")
        #expect(labelled["instanceType"] == "local.standard")
        #expect(labelled["zone"] == "zone-b")
        #expect(labelled["region"] == "local")
        let addresses = try #require(labelled["nodeAddresses"]?.arrayValue)
        #expect(addresses.contains(["type": "Hostname", "address": "pool-a-1"]))
        let address = try #require(Self.internalIP(labelled))
        #expect(address.hasPrefix("127.0.10."))
        #expect(!["127.0.10.0", "127.0.10.255"].contains(address))

        let plain = try await cloud.instanceMetadata(node: Self.node("pool-a-2"))
        #expect(plain["zone"] == "local-zone-a")
        #expect(Self.internalIP(plain) != address)
        // Deterministic: asked again, or by a fresh instance, the node keeps its address.
        #expect(Self.internalIP(try await cloud.instanceMetadata(node: Self.node("pool-a-1"))) == address)
        #expect(Self.internalIP(try await Self.cloud().instanceMetadata(node: Self.node("pool-a-1"))) == address)
        #expect(try await cloud.instanceExists(node: Self.node("pool-a-1")))
        #expect(try await cloud.instanceShutdown(node: Self.node("pool-a-1")) == false)
    }

    @Test func followsItsConfig() async throws {
        let cloud = try await Self.cloud([
            "instanceType": "local.large", "zone": "lab-1", "region": "lab", "nodeAddressRange": "127.0.30.0/29",
            "deletedInstances": ["gone"], "shutdownInstances": ["asleep"],
        ])
        let metadata = try await cloud.instanceMetadata(node: Self.node("n1"))
        #expect(metadata["instanceType"] == "local.large")
        #expect(metadata["zone"] == "lab-1")
        #expect(metadata["region"] == "lab")
        let address = try #require(Self.internalIP(metadata))
        let last = try #require(Int(address.split(separator: ".").last ?? ""))
        #expect(address.hasPrefix("127.0.30.") && (1...6).contains(last))
        #expect(try await cloud.instanceExists(node: Self.node("gone")) == false)
        #expect(try await cloud.instanceShutdown(node: Self.node("asleep")))
        #expect(try await cloud.zone() == ["failureDomain": "lab-1", "region": "lab"])

        for range in ["10.0.0.0/24", "127.0.0.0/7", "not-a-cidr"] {
            await #expect(throws: PluginCallError.self) { _ = try await Self.cloud(["loadBalancerRange": .string(range)]) }
        }
    }

    @Test func allocatesLoadBalancerAddressesFromThePool() async throws {
        let cloud = try await Self.cloud(["loadBalancerRange": "127.0.21.0/30"])
        let web = Self.service("web", uid: "0a1b2c3d-0000-4000-8000-00000000000a")
        #expect(try await cloud.getLoadBalancer(clusterName: "keelson", service: web) == nil)
        let first = try await cloud.ensureLoadBalancer(clusterName: "keelson", service: web, nodes: [Self.node("n1")])
        let ip = try #require(first["ingress"]?.arrayValue?.first?["ip"]?.stringValue)
        #expect(ip == "127.0.21.1")
        #expect(try await cloud.ensureLoadBalancer(clusterName: "keelson", service: web, nodes: []) == first)
        #expect(try await cloud.getLoadBalancer(clusterName: "keelson", service: web) == first)
        // Kubernetes' default name: "a" and the uid without dashes, cut to 32 characters.
        #expect(try await cloud.loadBalancerName(clusterName: "keelson", service: web) == "a0a1b2c3d00004000800000000000000")

        let api = Self.service("api", uid: "u-2")
        let second = try await cloud.ensureLoadBalancer(clusterName: "keelson", service: api, nodes: [])
        #expect(second["ingress"]?.arrayValue?.first?["ip"] == "127.0.21.2")
        // A /30 has two usable addresses: the third service waits for one to be released.
        let extra = Self.service("extra", uid: "u-3")
        do {
            _ = try await cloud.ensureLoadBalancer(clusterName: "keelson", service: extra, nodes: [])
            Issue.record("a third load balancer got an address from a /30")
        } catch {
            #expect(Self.status(error) == Int32(KEELSON_ERR_UNAVAILABLE))
        }
        try await cloud.ensureLoadBalancerDeleted(clusterName: "keelson", service: web)
        try await cloud.ensureLoadBalancerDeleted(clusterName: "keelson", service: web)
        #expect(try await cloud.getLoadBalancer(clusterName: "keelson", service: web) == nil)
        let reused = try await cloud.ensureLoadBalancer(clusterName: "keelson", service: extra, nodes: [])
        #expect(reused["ingress"]?.arrayValue?.first?["ip"] == "127.0.21.1")
        try await cloud.updateLoadBalancer(clusterName: "keelson", service: extra, nodes: [Self.node("n2")])
        do {
            try await cloud.updateLoadBalancer(clusterName: "keelson", service: web, nodes: [])
            Issue.record("updating a deleted load balancer succeeded")
        } catch {
            #expect(Self.status(error) == Int32(KEELSON_ERR_NOT_FOUND))
        }
    }

    @Test func keepsRoutesPerCluster() async throws {
        let cloud = try await Self.cloud()
        let route: JSONValue = ["name": "", "targetNode": "n1", "destinationCIDR": "127.244.1.0/24"]
        try await cloud.createRoute(clusterName: "one", nameHint: "uid-n1", route: route)
        try await cloud.createRoute(clusterName: "one", nameHint: "uid-n1", route: route)
        try await cloud.createRoute(clusterName: "one", nameHint: "uid-n2",
                                    route: ["name": "", "targetNode": "n2", "destinationCIDR": "127.244.2.0/24"])
        #expect(try await cloud.listRoutes(clusterName: "one").map { $0["name"]?.stringValue } == ["uid-n1", "uid-n2"])
        #expect(try await cloud.listRoutes(clusterName: "two").isEmpty)
        do {
            try await cloud.createRoute(clusterName: "one", nameHint: "uid-n3",
                                        route: ["name": "", "targetNode": "n3", "destinationCIDR": "127.244.1.0/24"])
            Issue.record("a second route for one CIDR was accepted")
        } catch {
            #expect(Self.status(error) == Int32(KEELSON_ERR_ALREADY_EXISTS))
        }
        try await cloud.deleteRoute(clusterName: "one", route: ["name": "uid-n1", "targetNode": "n1", "destinationCIDR": "127.244.1.0/24"])
        try await cloud.deleteRoute(clusterName: "one", route: ["name": "uid-n1", "targetNode": "n1", "destinationCIDR": "127.244.1.0/24"])
        #expect(try await cloud.listRoutes(clusterName: "one") == [["name": "uid-n2", "targetNode": "n2", "destinationCIDR": "127.244.2.0/24"]])
    }

    @Test func answersZoneQueries() async throws {
        let cloud = try await Self.cloud()
        #expect(try await cloud.zone() == ["failureDomain": "local-zone-a", "region": "local"])
        _ = try await cloud.instanceMetadata(node: Self.node("pool-b-1", zone: "zone-b"))
        #expect(try await cloud.zone(providerID: "local://pool-b-1") == ["failureDomain": "zone-b", "region": "local"])
        #expect(try await cloud.zone(nodeName: "pool-b-1") == ["failureDomain": "zone-b", "region": "local"])
        do {
            _ = try await cloud.zone(providerID: "aws:///us-east-1a/i-0abc")
            Issue.record("a foreign provider ID was accepted")
        } catch {
            #expect(Self.status(error) == Int32(KEELSON_ERR_INVALID_ARGUMENT))
        }
    }
}
