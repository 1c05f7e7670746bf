import Foundation
import Kernel
import Testing

@Suite("Cluster config errors: one line naming the file, the key path and the fix")
struct ConfigErrorTests {
    /// Parses `header + body` and checks the one-line description it fails with.
    private func expectError(_ body: String, _ expected: String, sourceLocation: SourceLocation = #_sourceLocation) {
        let error = ConfigTestSupport.bodyError(body)
        #expect(error?.description == expected, sourceLocation: sourceLocation)
        #expect(error?.description.contains("\n") == false, sourceLocation: sourceLocation)
    }

    @Test("wrong type: a string where an integer belongs")
    func wrongType() {
        expectError("nodePools:\n  - name: pool-a\n    count: three\n",
                    #"cluster.yaml: nodePools[0].count: expected an integer >= 0, got "three""#)
        let error = ConfigTestSupport.bodyError("nodePools:\n  - name: pool-a\n    count: three\n")
        #expect(error?.line == 5)
        #expect(error?.column == 12)
        expectError("nodePools: [{name: a, count: -1}]\n", "cluster.yaml: nodePools[0].count: expected an integer >= 0, got -1")
        expectError("nodePools: {name: a}\n", "cluster.yaml: nodePools: expected a list of node pools, got a mapping")
        expectError("pluginDirs: ./plugins\n", #"cluster.yaml: pluginDirs: expected a list of folder paths, got "./plugins""#)
        expectError("network: [a]\n", "cluster.yaml: network: expected a mapping, got a list")
    }

    @Test("a bare number or boolean where a string belongs says to quote it")
    func quoteHint() {
        expectError("nodePools: [{name: a, labels: {tier: 2}}]\n",
                    #"cluster.yaml: nodePools[0].labels.tier: expected a label value (a string), got 2; quote it ("2") to make it a string"#)
        expectError("dataDir: true\n", #"cluster.yaml: dataDir: expected a folder path, got true; quote it ("true") to make it a string"#)
    }

    @Test("unknown keys get a did-you-mean suggestion when close, the allowed keys otherwise")
    func unknownKeys() {
        expectError("nodepools: []\n", #"cluster.yaml: nodepools: unknown key; did you mean "nodePools"?"#)
        expectError("network: {podCidr: 127.1.0.0/16}\n", #"cluster.yaml: network.podCidr: unknown key; did you mean "podCIDR"?"#)
        expectError("schedulers: [{plugin: default-scheduler, confg: {}}]\n",
                    #"cluster.yaml: schedulers[0].confg: unknown key; did you mean "config"?"#)
        expectError("store: {backend: sqlite, wal: true}\n", "cluster.yaml: store.wal: unknown key; allowed keys here: backend, endpoints")
        expectError("nodePools: [{name: a, taints: [{key: k, effects: NoSchedule}]}]\n",
                    #"cluster.yaml: nodePools[0].taints[0].effects: unknown key; did you mean "effect"?"#)
        let error = ConfigTestSupport.bodyError("\nnetwork:\n  cnii: []\n")
        #expect(error?.line == 5 && error?.column == 3)
    }

    @Test("bad CIDRs: syntax, prefix, host bits")
    func badCIDR() {
        expectError("network: {podCIDR: 127.244.0.0}\n",
                    #"cluster.yaml: network.podCIDR: "127.244.0.0" is not a CIDR; write an address and a prefix length, like 127.244.0.0/16"#)
        expectError("network: {podCIDR: 127.244.0.300/16}\n",
                    #"cluster.yaml: network.podCIDR: "127.244.0.300/16" does not start with an IPv4 address; write a CIDR like 127.244.0.0/16"#)
        expectError("network: {serviceCIDR: 127.96.0.0/33}\n",
                    #"cluster.yaml: network.serviceCIDR: "127.96.0.0/33" has prefix length "33"; it must be a number from 0 to 32"#)
        expectError("network: {podCIDR: 127.244.1.0/16}\n",
                    #"cluster.yaml: network.podCIDR: "127.244.1.0/16" has host bits set; did you mean 127.244.0.0/16?"#)
        expectError("network: {podCIDR: 16}\n",
                    #"cluster.yaml: network.podCIDR: expected a loopback CIDR such as 127.244.0.0/16, got 16; quote it ("16") to make it a string"#)
    }

    @Test("CIDRs outside 127.0.0.0/8 are refused")
    func nonLoopbackCIDR() {
        expectError("network: {podCIDR: 10.244.0.0/16}\n",
                    "cluster.yaml: network.podCIDR: 10.244.0.0/16 is outside 127.0.0.0/8; Keelson keeps pod and service addresses on loopback, use a range such as 127.244.0.0/16")
        expectError("network: {serviceCIDR: 0.0.0.0/0}\n",
                    "cluster.yaml: network.serviceCIDR: 0.0.0.0/0 is outside 127.0.0.0/8; Keelson keeps pod and service addresses on loopback, use a range such as 127.96.0.0/16")
        expectError("network: {podCIDR: 126.0.0.0/7}\n",
                    "cluster.yaml: network.podCIDR: 126.0.0.0/7 is outside 127.0.0.0/8; Keelson keeps pod and service addresses on loopback, use a range such as 127.244.0.0/16")
    }

    @Test("a pod CIDR too small for the nodes, or smaller than a /24")
    func smallPodCIDR() {
        expectError("network: {podCIDR: 127.244.0.0/23}\n",
                    "cluster.yaml: network.podCIDR: 127.244.0.0/23 has room for 2 node /24 blocks but the node pools ask for 3 nodes; use a larger range such as 127.244.0.0/22")
        expectError("network: {podCIDR: 127.244.0.0/25}\nnodePools: [{name: a, count: 1}]\n",
                    "cluster.yaml: network.podCIDR: 127.244.0.0/25 is smaller than one node's /24; use a prefix of /24 or shorter, like 127.244.0.0/16")
        // Exactly enough room is fine.
        #expect(ConfigTestSupport.bodyError("network: {podCIDR: 127.244.0.0/22}\nnodePools: [{name: a, count: 4}]\n") == nil)
    }

    @Test("overlapping ranges and an API address inside them")
    func overlaps() {
        expectError("network: {podCIDR: 127.0.0.0/8}\n",
                    "cluster.yaml: network.serviceCIDR: 127.96.0.0/16 overlaps podCIDR 127.0.0.0/8; pick ranges that do not overlap, like 127.96.0.0/16 and 127.244.0.0/16")
        expectError("apiServer: {address: 127.96.0.1:6443}\n",
                    "cluster.yaml: apiServer.address: 127.96.0.1 lies inside network.serviceCIDR 127.96.0.0/16; use an address outside both ranges, like 127.0.0.1")
    }

    @Test("API server address must be loopback host:port")
    func apiAddress() {
        expectError("apiServer: {address: 0.0.0.0:6443}\n",
                    "cluster.yaml: apiServer.address: 0.0.0.0 is not a loopback address; Keelson listens only on 127.0.0.0/8, e.g. 127.0.0.1:6443")
        expectError("apiServer: {address: \"127.0.0.1\"}\n",
                    #"cluster.yaml: apiServer.address: expected host:port such as 127.0.0.1:6443, got "127.0.0.1""#)
        expectError("apiServer: {address: \"localhost:6443\"}\n",
                    #"cluster.yaml: apiServer.address: expected an IPv4 loopback host such as 127.0.0.1, got "localhost""#)
        #expect(ConfigTestSupport.bodyError("apiServer: {address: 127.0.0.1:0}\n") == nil)
    }

    @Test("YAML syntax errors name the line and column")
    func syntaxErrors() {
        let error = ConfigTestSupport.bodyError("network:\n  podCIDR: [127.0.0.0/16\ndns: x\n")
        #expect(error?.keyPath == "")
        #expect(error?.line != nil)
        #expect(error?.description.hasPrefix("cluster.yaml:\(error?.line ?? 0):\(error?.column ?? 0): invalid YAML: ") == true)
        #expect(error?.description.contains("\n") == false)

        let colon = ConfigTestSupport.bodyError("dataDir: a: b\n")
        #expect(colon?.description == "cluster.yaml:3:11: invalid YAML: mapping values are not allowed in this context")

        let tab = ConfigTestSupport.bodyError("network:\n\tpodCIDR: 127.1.0.0/16\n")
        #expect(tab?.line == 4 && tab?.column == 1)
        #expect(tab?.description.hasSuffix("; indent with spaces, YAML does not allow tabs") == true)

        let twoDocuments = ConfigTestSupport.bodyError("---\napiVersion: x\n")
        #expect(twoDocuments?.description.hasPrefix("cluster.yaml:3:1: invalid YAML: ") == true)
    }

    @Test("duplicate keys, bad tags, complex keys")
    func structureErrors() {
        expectError("dataDir: a\ndataDir: b\n", "cluster.yaml: dataDir: duplicate key (also set at line 3); keep one of them")
        expectError("dataDir: !!int abc\n", #"cluster.yaml: dataDir: "abc" is not an integer as its tag tag:yaml.org,2002:int says; fix the value or drop the tag"#)
        expectError("dataDir: !!binary aGVsbG8=\n",
                    "cluster.yaml: dataDir: unsupported YAML tag tag:yaml.org,2002:binary; use plain strings, numbers, booleans, lists and mappings")
        expectError("? [a]\n: b\n", "cluster.yaml:3:3: a mapping key must be a plain string, not a list")
    }

    @Test("apiVersion and kind are required and checked")
    func header() {
        #expect(ConfigTestSupport.error("kind: ClusterConfig\n")?.description == "cluster.yaml: apiVersion: missing; add apiVersion: keelson.dev/v1alpha1")
        #expect(ConfigTestSupport.error("apiVersion: v1\nkind: ClusterConfig\n")?.description
            == #"cluster.yaml: apiVersion: expected "keelson.dev/v1alpha1", got "v1"; this file format is apiVersion: keelson.dev/v1alpha1"#)
        #expect(ConfigTestSupport.error("apiVersion: keelson.dev/v1alpha1\nkind: Pod\n")?.description
            == #"cluster.yaml: kind: expected "ClusterConfig", got "Pod"; this file format is kind: ClusterConfig"#)
        #expect(ConfigTestSupport.error("# nothing\n")?.description
            == "cluster.yaml: holds no YAML document; start it with apiVersion: keelson.dev/v1alpha1 and kind: ClusterConfig, or omit --config to use the defaults")
        #expect(ConfigTestSupport.error("- a\n")?.description
            == "cluster.yaml:1:1: expected a mapping that starts with apiVersion: keelson.dev/v1alpha1 and kind: ClusterConfig, got a list")
    }

    @Test("store: unknown backend with suggestion, etcd needs loopback endpoints")
    func store() {
        expectError("store: {backend: sqllite}\n", #"cluster.yaml: store.backend: expected one of sqlite, memory, etcd, got "sqllite"; did you mean "sqlite"?"#)
        expectError("store: {backend: etcd}\n", "cluster.yaml: store.endpoints: missing; list the etcd URLs, e.g. endpoints: [http://127.0.0.1:2379]")
        expectError("store: {backend: memory, endpoints: [http://127.0.0.1:2379]}\n",
                    "cluster.yaml: store.endpoints: only the etcd backend uses endpoints; remove this key or set backend: etcd")
        expectError("store: {backend: etcd, endpoints: [http://10.0.0.5:2379]}\n",
                    "cluster.yaml: store.endpoints[0]: 10.0.0.5 is not a loopback address; Keelson only talks to 127.0.0.0/8, e.g. http://127.0.0.1:2379")
        expectError("store: {backend: etcd, endpoints: [127.0.0.1:2379]}\n",
                    #"cluster.yaml: store.endpoints[0]: expected an etcd URL on loopback such as http://127.0.0.1:2379, got "127.0.0.1:2379""#)
    }

    @Test("node pools: names, duplicates, quantities, labels, taints, plugin references")
    func nodePools() {
        expectError("nodePools: [{count: 1}]\n", "cluster.yaml: nodePools[0].name: missing; give the pool a name such as pool-a")
        expectError("nodePools: [{name: Pool_A}]\n",
                    #"cluster.yaml: nodePools[0].name: "Pool_A" is not a valid pool name: it may contain only lower-case letters, digits and '-' (e.g. pool-a)"#)
        expectError("nodePools: [{name: a}, {name: a}]\n", #"cluster.yaml: nodePools[1].name: "a" is already used by nodePools[0]; give each pool its own name"#)
        expectError("nodePools: [{name: a, capacity: {memory: lots}}]\n",
                    #"cluster.yaml: nodePools[0].capacity.memory: expected a non-negative quantity such as 4, 500m or 8Gi, got "lots""#)
        expectError("nodePools: [{name: a, capacity: {cpu: -1}}]\n",
                    #"cluster.yaml: nodePools[0].capacity.cpu: expected a non-negative quantity such as 4, 500m or 8Gi, got "-1""#)
        expectError("nodePools: [{name: a, labels: {\"bad key!\": x}}]\n",
                    #"cluster.yaml: nodePools[0].labels["bad key!"]: "bad key!" is not a valid label key: it may contain only letters, digits, '-', '_' and '.'"#)
        expectError("nodePools: [{name: a, labels: {topology.kubernetes.io/zone: -zone}}]\n",
                    #"cluster.yaml: nodePools[0].labels["topology.kubernetes.io/zone"]: "-zone" is not a valid label value: it must start and end with a letter or digit"#)
        expectError("nodePools: [{name: a, taints: [{key: k, effect: NoSchedul}]}]\n",
                    #"cluster.yaml: nodePools[0].taints[0].effect: expected one of NoSchedule, PreferNoSchedule, NoExecute, got "NoSchedul"; did you mean "NoSchedule"?"#)
        expectError("nodePools: [{name: a, taints: [{effect: NoSchedule}]}]\n", "cluster.yaml: nodePools[0].taints[0].key: missing; add the taint's key")
        expectError("nodePools: [{name: a, runtime: {config: {}}}]\n",
                    "cluster.yaml: nodePools[0].runtime.plugin: missing; name the plugin, e.g. plugin: NAME (see keelson plugins list)")
        expectError("nodePools: [{name: a, runtime: 5}]\n",
                    "cluster.yaml: nodePools[0].runtime: expected a plugin reference like {plugin: NAME, config: {...}}, got 5")
    }

    @Test("value errors carry the line and column of the offending node")
    func valuePositions() {
        let duplicate = ConfigTestSupport.bodyError("nodePools:\n  - name: a\n  - name: a\n")
        #expect(duplicate?.keyPath == "nodePools[1].name")
        #expect(duplicate?.line == 5 && duplicate?.column == 11)
        let label = ConfigTestSupport.bodyError("nodePools:\n  - name: a\n    labels:\n      \"topology.kubernetes.io/zone\": \"-x\"\n")
        #expect(label?.line == 6)
        let wrongVersion = ConfigTestSupport.error("apiVersion: 1\nkind: ClusterConfig\n")
        #expect(wrongVersion?.description == #"cluster.yaml: apiVersion: expected "keelson.dev/v1alpha1", got 1; this file format is apiVersion: keelson.dev/v1alpha1"#)
    }

    @Test("schedulers and the CNI chain must not be empty; schedulers are listed once")
    func pluginLists() {
        expectError("schedulers: []\n", "cluster.yaml: schedulers: needs at least one scheduler, e.g. [{plugin: default-scheduler}]")
        expectError("network: {cni: []}\n", "cluster.yaml: network.cni: needs at least one CNI plugin to give pods addresses, e.g. [{plugin: host-local}]")
        expectError("schedulers: [default-scheduler, default-scheduler]\n",
                    #"cluster.yaml: schedulers[1].plugin: "default-scheduler" is already listed at schedulers[0]; list each scheduler once"#)
    }

    @Test("file problems: missing, a directory, not UTF-8")
    func fileProblems() throws {
        let folder = try ConfigTestSupport.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let missing = folder.appendingPathComponent("nope.yaml").path
        #expect(throws: ConfigError(file: missing, keyPath: "", message: "does not exist; check the path")) {
            try ClusterConfig.load(file: missing)
        }
        #expect(throws: ConfigError(file: folder.path, keyPath: "", message: "is a directory; pass the path of a YAML file")) {
            try ClusterConfig.load(file: folder.path)
        }
        let binary = folder.appendingPathComponent("binary.yaml")
        try Data([0x61, 0x3A, 0x20, 0xFF, 0xFE, 0x0A]).write(to: binary)
        #expect(throws: ConfigError(file: binary.path, keyPath: "", message: "is not UTF-8 text; save it as UTF-8")) {
            try ClusterConfig.load(file: binary.path)
        }
    }

    @Test("errors of a real file name the path as given")
    func realFile() throws {
        let folder = try ConfigTestSupport.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let path = folder.appendingPathComponent("cluster.yaml").path
        try (ConfigTestSupport.header + "nodePools:\n  - name: pool-a\n    count: three\n").write(toFile: path, atomically: true, encoding: .utf8)
        #expect(throws: ConfigError.self) { try ClusterConfig.load(file: path) }
        do {
            _ = try ClusterConfig.load(file: path)
        } catch {
            #expect("\(error)" == #"\#(path): nodePools[0].count: expected an integer >= 0, got "three""#)
        }
    }

    @Test("alias bombs stop at the node budget")
    func aliasBomb() {
        var yaml = ConfigTestSupport.header + "dns:\n  plugin: x\n  config:\n    a0: &a0 [x, x, x, x, x, x, x, x, x, x]\n"
        for level in 1...5 {
            let previous = "*a\(level - 1)"
            yaml += "    a\(level): &a\(level) [\(Array(repeating: previous, count: 10).joined(separator: ", "))]\n"
        }
        let error = ConfigTestSupport.error(yaml)
        #expect(error?.message.hasPrefix("the document expands to more than 100000 nodes through aliases") == true)
    }
}
