import Foundation
import Kernel
import Testing

@Suite("Cluster config files")
struct ConfigFileTests {
    static let full = """
        # every key set to something other than its default
        apiVersion: keelson.dev/v1alpha1
        kind: ClusterConfig
        dataDir: /var/lib/keelson
        pluginDirs: [./plugins, /opt/keelson/plugins]
        store: {backend: etcd, endpoints: ["http://127.0.0.1:2379", "https://localhost:2380"]}
        apiServer: {address: 127.0.0.2:7443}
        network:
          podCIDR: 127.128.0.0/12
          serviceCIDR: 127.32.0.0/16
          cni:
            - plugin: host-local
              config: {ranges: [[{subnet: 127.128.0.0/12}]], dataDir: /tmp/ipam}
            - bandwidth
        schedulers:
          - {plugin: default-scheduler, config: {profiles: [{schedulerName: default-scheduler}], percentageOfNodesToScore: 50}}
          - plugin: bin-packer
        dns: {plugin: cluster-dns, config: {listen: "127.0.0.53:53", zone: keelson.local, ttl: 30, upstream: null, cache: true, ratio: 0.5}}
        cloudProvider: null
        nodePools:
          - name: pool-a
            count: 2
            runtime: {plugin: containerd-like, config: {imagePullDelay: 10ms}}
            capacity: {cpu: 8, memory: 16Gi, nvidia.com/gpu: 1, ephemeral-storage: 100e9}
            labels: {topology.kubernetes.io/zone: zone-a, tier: "2"}
            taints: [{key: dedicated, value: batch, effect: NoSchedule}, {key: example.com/spot, effect: PreferNoSchedule}]
          - name: edge
            count: 0
        """

    @Test("a file setting every key reads back exactly")
    func fullFile() throws {
        let folder = try ConfigTestSupport.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let path = folder.appendingPathComponent("cluster.yaml").path
        try Self.full.write(toFile: path, atomically: true, encoding: .utf8)

        let config = try ClusterConfig.load(file: path)
        #expect(config.dataDir == "/var/lib/keelson")
        #expect(config.pluginDirs == ["./plugins", "/opt/keelson/plugins"])
        #expect(config.store == StoreConfig(backend: .etcd, endpoints: ["http://127.0.0.1:2379", "https://localhost:2380"]))
        #expect(config.apiServer.address == "127.0.0.2:7443")
        #expect(config.network.podCIDR == "127.128.0.0/12")
        #expect(config.network.serviceCIDR == "127.32.0.0/16")
        #expect(config.network.cni == [
            PluginRef(plugin: "host-local", config: ["ranges": [[["subnet": "127.128.0.0/12"]]], "dataDir": "/tmp/ipam"]),
            PluginRef(plugin: "bandwidth"),
        ])
        #expect(config.schedulers == [
            PluginRef(plugin: "default-scheduler", config: ["profiles": [["schedulerName": "default-scheduler"]], "percentageOfNodesToScore": 50]),
            PluginRef(plugin: "bin-packer"),
        ])
        #expect(config.dns == PluginRef(plugin: "cluster-dns", config: [
            "listen": "127.0.0.53:53", "zone": "keelson.local", "ttl": 30, "upstream": .null, "cache": true, "ratio": 0.5,
        ]))
        #expect(config.cloudProvider == nil)
        #expect(config.nodePools.count == 2)
        let pool = config.nodePools[0]
        #expect(pool.name == "pool-a" && pool.count == 2)
        #expect(pool.runtime == PluginRef(plugin: "containerd-like", config: ["imagePullDelay": "10ms"]))
        #expect(pool.capacity == ["cpu": "8", "memory": "16Gi", "pods": "110", "nvidia.com/gpu": "1", "ephemeral-storage": "100e9"])
        #expect(pool.labels == ["topology.kubernetes.io/zone": "zone-a", "tier": "2"])
        #expect(pool.taints == [
            ["key": "dedicated", "value": "batch", "effect": "NoSchedule"],
            ["key": "example.com/spot", "effect": "PreferNoSchedule"],
        ])
        #expect(config.nodePools[1] == NodePool(name: "edge", count: 0))
        #expect(try config.plannedNodes().map(\.podCIDR.description) == ["127.128.0.0/24", "127.128.1.0/24"])
        #expect(config.pluginSlots.map(\.keyPath) == ["network.cni[0]", "network.cni[1]", "schedulers[0]", "schedulers[1]", "dns",
                                                      "nodePools[0].runtime", "nodePools[1].runtime"])
    }

    @Test("examples/cluster.yaml loads and spells out the defaults")
    func exampleFile() throws {
        let path = ConfigTestSupport.repositoryRoot.appendingPathComponent("examples/cluster.yaml").path
        let config = try ClusterConfig.load(file: path)
        #expect(config == ClusterConfig.defaults)
    }

    @Test("YAML 1.2 core scalars: yes/on stay strings, quoted numbers are strings, 0x/0o are integers")
    func coreSchema() throws {
        let config = try ClusterConfig.parse(yaml: ConfigTestSupport.header + """
            dns: {plugin: cluster-dns, config: {a: yes, b: on, c: "5", d: 0x1F, e: 0o17, f: 1.5e3, g: ~, h: True, i: '007', j: 2024-01-01, k: -.inf}}
            """, file: "cluster.yaml")
        let settings = try #require(config.dns?.config)
        #expect(settings["a"] == "yes")
        #expect(settings["b"] == "on")
        #expect(settings["c"] == "5")
        #expect(settings["d"] == 31)
        #expect(settings["e"] == 15)
        #expect(settings["f"] == 1500.0)
        #expect(settings["g"] == .null)
        #expect(settings["h"] == true)
        #expect(settings["i"] == "007")
        #expect(settings["j"] == "2024-01-01")
        #expect(settings["k"] == .double(-.infinity))
    }

    @Test("anchors, aliases and merge keys")
    func anchorsAndMerges() throws {
        let config = try ClusterConfig.parse(yaml: ConfigTestSupport.header + """
            nodePools:
              - &base
                name: small
                count: 1
                runtime: {plugin: containerd-like, config: {imagePullDelay: 1s}}
                labels: {tier: "1"}
              - <<: *base
                name: large
                count: 2
            """, file: "cluster.yaml")
        #expect(config.nodePools.map(\.name) == ["small", "large"])
        #expect(config.nodePools.map(\.count) == [1, 2])
        #expect(config.nodePools[1].runtime == PluginRef(plugin: "containerd-like", config: ["imagePullDelay": "1s"]))
        #expect(config.nodePools[1].labels == ["tier": "1"])
    }

    @Test("dns and cloudProvider null disable them; a plugin config of null means {}")
    func nullPlugins() throws {
        let config = try ClusterConfig.parse(yaml: ConfigTestSupport.header + """
            dns: null
            cloudProvider: ~
            schedulers: [{plugin: default-scheduler, config: }]
            store: {backend: memory}
            """, file: "cluster.yaml")
        #expect(config.dns == nil)
        #expect(config.cloudProvider == nil)
        #expect(config.schedulers == [PluginRef(plugin: "default-scheduler", config: [:])])
        #expect(config.store.backend == .memory)
        #expect(!config.pluginSlots.contains { $0.kind == .dns || $0.kind == .cloudProvider })
    }

    @Test("partial capacity keeps the other default resources")
    func capacityMerge() throws {
        let config = try ClusterConfig.parse(yaml: ConfigTestSupport.header + "nodePools: [{name: p, capacity: {cpu: 500m}}]\n", file: "c.yaml")
        #expect(config.nodePools[0].capacity == ["cpu": "500m", "memory": "8Gi", "pods": "110"])
        #expect(config.nodePools[0].count == 1)
    }
}
