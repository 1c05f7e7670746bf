import Foundation
import Kernel
import Testing

@Suite("Cluster config defaults")
struct ConfigDefaultsTests {
    @Test("no file gives a complete, valid config")
    func noFile() throws {
        let config = try ClusterConfig.load(file: nil)
        #expect(config == ClusterConfig.defaults)
        #expect(config.dataDir == "./keelson-data")
        #expect(config.pluginDirs.isEmpty)
        #expect(config.store == StoreConfig(backend: .sqlite))
        #expect(config.apiServer.address == "127.0.0.1:6443")
        #expect(config.apiServer.host == "127.0.0.1")
        #expect(config.apiServer.port == 6443)
        #expect(config.network.podCIDR == "127.244.0.0/16")
        #expect(config.network.serviceCIDR == "127.96.0.0/16")
        #expect(config.network.cni == [PluginRef(plugin: "bridge-like", config: ["bridge": "cni0", "isGateway": true, "ipam": ["type": "host-local"]])])
        #expect(config.schedulers == [PluginRef(plugin: "default-scheduler")])
        #expect(config.dns == PluginRef(plugin: "cluster-dns", config: ["listen": "127.0.0.1:10053", "zone": "cluster.local"]))
        #expect(config.cloudProvider == PluginRef(plugin: "local"))
        #expect(config.nodePools.count == 1)
        let pool = try #require(config.nodePools.first)
        #expect(pool.name == "pool-a")
        #expect(pool.count == 3)
        #expect(pool.runtime == PluginRef(plugin: "containerd-like"))
        #expect(pool.capacity == ["cpu": "4", "memory": "8Gi", "pods": "110"])
        #expect(pool.labels.isEmpty && pool.taints.isEmpty)
        try config.validate()
    }

    @Test("a file with only apiVersion and kind equals the defaults")
    func minimalFile() throws {
        let config = try ClusterConfig.parse(yaml: ConfigTestSupport.header, file: "cluster.yaml")
        #expect(config == ClusterConfig.defaults)
    }

    @Test("default nodes are pool-a-1..3, each with the next /24 of the pod CIDR")
    func plannedNodes() throws {
        let nodes = try ClusterConfig.defaults.plannedNodes()
        #expect(nodes.map(\.name) == ["pool-a-1", "pool-a-2", "pool-a-3"])
        #expect(nodes.map(\.podCIDR.description) == ["127.244.0.0/24", "127.244.1.0/24", "127.244.2.0/24"])
        #expect(nodes.map(\.ordinal) == [1, 2, 3])
        #expect(nodes.allSatisfy { $0.pool.name == "pool-a" })
        #expect(ClusterConfig.defaults.nodeCount == 3)
    }

    @Test("node blocks continue across pools in config order")
    func plannedNodesAcrossPools() throws {
        var config = ClusterConfig.defaults
        config.nodePools = [NodePool(name: "big", count: 2), NodePool(name: "empty", count: 0), NodePool(name: "gpu", count: 1)]
        let nodes = try config.plannedNodes()
        #expect(nodes.map(\.name) == ["big-1", "big-2", "gpu-1"])
        #expect(nodes.map(\.podCIDR.description) == ["127.244.0.0/24", "127.244.1.0/24", "127.244.2.0/24"])
        #expect(config.nodePools[0].nodeNames == ["big-1", "big-2"])
        #expect(config.nodePools[1].nodeNames.isEmpty)
    }

    @Test("plugin slots list every plugin reference with its kind and key path")
    func pluginSlots() {
        let slots = ClusterConfig.defaults.pluginSlots
        #expect(slots.map(\.keyPath) == ["network.cni[0]", "schedulers[0]", "dns", "cloudProvider", "nodePools[0].runtime"])
        #expect(slots.map(\.kind) == [.cni, .scheduler, .dns, .cloudProvider, .runtime])
        #expect(slots.map(\.ref.plugin) == ["bridge-like", "default-scheduler", "cluster-dns", "local", "containerd-like"])
    }

    @Test("validate reports problems of a config built in code")
    func validateBuiltConfig() {
        var config = ClusterConfig.defaults
        config.network.podCIDR = "10.244.0.0/16"
        #expect(throws: ConfigError.self) { try config.validate(file: "built-in") }
        do {
            try config.validate(file: "built-in")
        } catch let error as ConfigError {
            #expect(error.description.hasPrefix("built-in: network.podCIDR: 10.244.0.0/16 is outside 127.0.0.0/8"))
        } catch {
            Issue.record("unexpected \(error)")
        }
    }
}
