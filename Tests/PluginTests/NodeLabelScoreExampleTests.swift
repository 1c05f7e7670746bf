import Foundation
import Kernel
import PluginABI
import Testing

/// The plain-C scheduler bundle under Examples/c-node-label-score, built with its Makefile (cc
/// and the ABI header only), loaded through the kernel's loader and driven through
/// `SchedulerBundleClient` as the host's scheduling framework drives it.
@Suite("C example scheduler bundle (node-label-score)")
struct NodeLabelScoreExampleTests {
    /// Builds the example once per test run with `make -C Examples/c-node-label-score`.
    static let built: Result<String, CExamplePluginTests.CExampleBuildError> = PluginLibraries.buildExample("c-node-label-score", library: "libnode-label-score.so")

    /// The args of the README's example.
    static let diskArgs: JSONValue = ["label": "disktype", "values": ["ssd": 100, "hdd": 10], "default": 0]

    /// A client over a fresh instance of the example.
    static func client() throws -> SchedulerBundleClient {
        let plugin = try PluginLoader.load(file: try built.get()).get()
        return try SchedulerBundleClient(try PluginInstance.createSync(plugin: plugin, label: "node-label-score@test"))
    }

    /// A Node with `labels`.
    static func node(_ name: String, _ labels: [String: String]) -> JSONValue {
        SchedulerFixtures.node(name, labels: labels)
    }

    /// Scores `nodes` in a fresh cycle.
    static func score(_ client: SchedulerBundleClient, _ plugin: BundleHandle, _ nodes: [UInt32]) throws -> (FrameworkStatus, [Int64]) {
        let pod = try client.newPod(SchedulerFixtures.pod("web").serialized())
        let cycle = try client.beginCycle(pod: pod)
        defer {
            client.endCycle(cycle)
            client.freePod(pod)
        }
        let pre = client.preScore(plugin, cycle: cycle, nodes: nodes)
        guard pre.isSuccess else { return (pre, []) }
        var scores = [Int64](repeating: -1, count: nodes.count)
        let status = client.score(plugin, cycle: cycle, nodes: nodes, scores: &scores)
        return (status, scores)
    }

    @Test func loadsAsABundleOfOneScorePlugin() throws {
        let plugin = try PluginLoader.load(file: try Self.built.get()).get()
        #expect(plugin.info.name == "node-label-score")
        #expect(plugin.info.kind == .scheduler)
        #expect(plugin.info.interfaceVersion == "2.0")
        #expect(SchedulerBundleClient.isFrameworkBundle(plugin))
        let client = try Self.client()
        #expect(client.plugins == [FrameworkPluginInfo(name: "NodeLabelScore", points: [.preScore, .score], events: [])])
        #expect(client.defaultConfig == nil)
    }

    @Test func scoresNodesByTheirLabelFromItsOwnCache() throws {
        let client = try Self.client()
        try client.nodeEvent(index: 0, SchedulerFixtures.event("ADDED", Self.node("n0", ["disktype": "ssd", "zone": "a"])))
        try client.nodeEvent(index: 1, SchedulerFixtures.event("ADDED", Self.node("n1", ["disktype": "hdd"])))
        try client.nodeEvent(index: 2, SchedulerFixtures.event("ADDED", Self.node("n2", [:])))
        try client.nodeEvent(index: 3, SchedulerFixtures.event("ADDED", Self.node("n3", ["disktype": "nvme"])))
        try client.podEvent(SchedulerFixtures.event("ADDED", SchedulerFixtures.pod("other", nodeName: "n0")))
        let plugin = try client.newPlugin(profile: 0, name: "NodeLabelScore", points: [.preScore, .score], args: Self.diskArgs)

        var result = try Self.score(client, plugin, [0, 1, 2, 3])
        #expect(result.0 == .success)
        #expect(result.1 == [100, 10, 0, 0])
        result = try Self.score(client, plugin, [3, 0])
        #expect(result.1 == [0, 100])

        // A changed label is seen at once (the plugin's per-node score cache is invalidated).
        try client.nodeEvent(index: 1, SchedulerFixtures.event("MODIFIED", Self.node("n1", ["disktype": "ssd"])))
        #expect(try Self.score(client, plugin, [1]).1 == [100])

        // A deleted node's index is unknown until the host reuses it for another node.
        try client.nodeEvent(index: 0, SchedulerFixtures.event("DELETED", Self.node("n0", ["disktype": "ssd"])))
        let deleted = try Self.score(client, plugin, [0])
        #expect(deleted.0 == .error("NodeLabelScore: node index 0 is not in the cache"))
        try client.nodeEvent(index: 0, SchedulerFixtures.event("ADDED", Self.node("n4", ["disktype": "hdd"])))
        #expect(try Self.score(client, plugin, [0, 1]).1 == [10, 100])

        // Two plugins (two profiles) with different args share the node cache.
        let other = try client.newPlugin(profile: 1, name: "NodeLabelScore", points: [.score], args: ["label": "zone", "values": ["a": 7], "default": 3])
        try client.nodeEvent(index: 2, SchedulerFixtures.event("MODIFIED", Self.node("n2", ["zone": "a"])))
        #expect(try Self.score(client, other, [0, 1, 2]).1 == [3, 3, 7])
        client.freePlugin(other)
        client.freePlugin(plugin)
    }

    @Test func readsTheJSONKubernetesSendsWithEscapesAndAnyMemberOrder() throws {
        let client = try Self.client()
        let hook = try #require(client.instance.plugin.table(keelson_scheduler_v2.self).node_event)
        let json = #"""
            { "object" : {"kind":"Node","spec":{"taints":[{"key":"k","effect":"NoSchedule"}]},
              "metadata": {"annotations":{"labels":"decoy"},"name":"n0",
                "labels": {"example.com\/tier":"gold","disk\u0074ype" : "s\u0073d","e":"\ud83d\ude00"}},
              "status":{"capacity":{"cpu":"4"}}},
              "type":"ADDED" }
            """#
        let bytes = Data(json.utf8)
        let outcome = client.instance.callDirect("node_event") { handle in
            bytes.withUnsafeBytes { hook(handle, 0, $0.baseAddress?.assumingMemoryBound(to: CChar.self), $0.count) }
        }
        #expect(outcome.status == Int32(KEELSON_OK))
        let disk = try client.newPlugin(profile: 0, name: "NodeLabelScore", points: [.score], args: Self.diskArgs)
        #expect(try Self.score(client, disk, [0]).1 == [100])
        let tier = try client.newPlugin(profile: 0, name: "NodeLabelScore", points: [.score], args: ["label": "example.com/tier", "values": ["gold": 60]])
        #expect(try Self.score(client, tier, [0]).1 == [60])

        let broken = Data(#"{"type":"ADDED","object":{"metadata":{"labels":{"a":}}}}"#.utf8)
        let refused = client.instance.callDirect("node_event") { handle in
            broken.withUnsafeBytes { hook(handle, 1, $0.baseAddress?.assumingMemoryBound(to: CChar.self), $0.count) }
        }
        #expect(refused.status == Int32(KEELSON_ERR_INVALID_ARGUMENT))
        #expect(refused.lastError == "node_event: not a watch event with a Node object (malformed JSON)")
    }

    @Test func skipsScoringWhenEveryNodeWouldScoreTheSame() throws {
        let client = try Self.client()
        try client.nodeEvent(index: 0, SchedulerFixtures.event("ADDED", Self.node("n0", ["disktype": "ssd"])))
        let flat = try client.newPlugin(profile: 0, name: "NodeLabelScore", points: [.preScore, .score], args: ["label": "disktype", "values": ["ssd": 5], "default": 5])
        #expect(try Self.score(client, flat, [0]).0 == FrameworkStatus(.skip))
        let bare = try client.newPlugin(profile: 0, name: "NodeLabelScore", points: [.preScore, .score], args: ["label": "disktype"])
        #expect(try Self.score(client, bare, [0]).0 == FrameworkStatus(.skip))
    }

    @Test func refusesBadArgsWithOneLine() throws {
        let client = try Self.client()
        /// The error creating the plugin with `args` failed with, nil when it was created.
        func refusal(_ args: JSONValue?, name: String = "NodeLabelScore") -> PluginCallError? {
            do {
                _ = try client.newPlugin(profile: 0, name: name, points: [.score], args: args)
                return nil
            } catch {
                return error as? PluginCallError
            }
        }
        let shape = #"NodeLabelScore args are {"label":"<label key>","values":{"<label value>":<0-100>},"default":<0-100>}"#
        #expect(refusal(nil)?.message == shape + ": missing args")
        #expect(refusal(["values": ["ssd": 1]])?.message == shape + ": label is required")
        #expect(refusal(["label": "disktype", "values": ["ssd": 101]])?.message == "NodeLabelScore args: values.ssd must be an integer in 0..100")
        #expect(refusal(["label": "disktype", "values": ["ssd": 1.5]])?.message == "NodeLabelScore args: values.ssd must be an integer in 0..100")
        #expect(refusal(["label": "disktype", "default": -1])?.message == "NodeLabelScore args: default must be an integer in 0..100")
        #expect(refusal(["label": ""])?.message == "NodeLabelScore args: label must be a non-empty label key")
        #expect(refusal(["label": "disktype", "weight": 5])?.message == #"NodeLabelScore args: unknown field "weight" (known: label, values, default)"#)
        let wrongName = refusal(Self.diskArgs, name: "NodeResourcesFit")
        #expect(wrongName?.status == Int32(KEELSON_ERR_NOT_FOUND))
        #expect(wrongName?.message == #"this bundle offers only NodeLabelScore, not "NodeResourcesFit""#)
        for error in [refusal(nil), refusal(["label": 3])] {
            #expect(error?.status == Int32(KEELSON_ERR_INVALID_ARGUMENT))
            #expect(error?.message.contains("\n") == false)
        }
    }

    @Test func recordsStatisticsPerHook() throws {
        let client = try Self.client()
        try client.nodeEvent(index: 0, SchedulerFixtures.event("ADDED", Self.node("n0", ["disktype": "ssd"])))
        let plugin = try client.newPlugin(profile: 0, name: "NodeLabelScore", points: [.preScore, .score], args: Self.diskArgs)
        for _ in 0..<3 { _ = try Self.score(client, plugin, [0]) }
        let operations = client.instance.statistics.operations
        #expect(operations["score"]?.calls == 3)
        #expect(operations["pre_score"]?.calls == 3)
        #expect(operations["cycle_begin"]?.calls == 3)
        #expect(operations["node_event"]?.calls == 1)
        #expect(operations["score"]?.failures == 0)
    }
}
