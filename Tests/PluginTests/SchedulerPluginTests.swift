import Foundation
import Kernel
import PluginABI
import Testing

/// The default scheduler as the kernel runs it: the real libdefault-scheduler.so through the
/// loader and the typed client, fed node and pod events and asked to place pods.
@Suite("default-scheduler plugin")
struct SchedulerPluginTests {
    typealias F = SchedulerFixtures

    /// A fresh scheduler instance that knows `nodes` (and `pods`, as bound pods).
    static func scheduler(_ nodes: [JSONValue], pods: [JSONValue] = [], config: JSONValue = [:]) async throws -> SchedulerPluginClient {
        let instance = try await PluginInstance.create(
            plugin: try PluginLibraries.load("default-scheduler"), config: config, label: "default-scheduler@test")
        let client = SchedulerPluginClient(instance)
        for node in nodes { try await client.nodeEvent(F.event("ADDED", node)) }
        for pod in pods { try await client.podEvent(F.event("ADDED", pod)) }
        return client
    }

    @Test func describesItselfAsASchedulerWithAConfigSchema() throws {
        let plugin = try PluginLibraries.load("default-scheduler")
        #expect(plugin.info.name == "default-scheduler")
        #expect(plugin.info.kind == .scheduler)
        let schema = try JSONValue(parsing: try #require(plugin.info.configSchema))
        #expect(schema[path: "properties", "percentageOfNodesToScore", "maximum"] == 100)
        let validator = try JSONSchema(parsing: try #require(plugin.info.configSchema))
        #expect(validator.validate(["percentageOfNodesToScore": 50, "profiles": []]).isEmpty)
        #expect(!validator.validate(["percentageOfNodesToScore": 150]).isEmpty)
    }

    @Test func refusesAnOutOfRangeConfig() async throws {
        let plugin = try PluginLibraries.load("default-scheduler")
        await #expect(throws: PluginCallError.self) {
            _ = try await PluginInstance.create(plugin: plugin, config: ["percentageOfNodesToScore": 150])
        }
    }

    @Test func placesByResourceRequests() async throws {
        let scheduler = try await Self.scheduler([F.node("small", cpu: "1"), F.node("large", cpu: "8", memory: "16Gi")])
        #expect(try await scheduler.schedule(pod: F.pod("big", cpu: "2", memory: "1Gi")) == .node("large"))
        #expect(try await scheduler.schedule(pod: F.pod("huge", cpu: "7")) == .unschedulable("0/2 nodes are available: 2 Insufficient cpu."))
        #expect(try await scheduler.schedule(pod: F.pod("fat", memory: "9Gi")) == .node("large"))
    }

    @Test func placesByNodeSelector() async throws {
        let scheduler = try await Self.scheduler([
            F.node("a-1", labels: ["topology.kubernetes.io/zone": "zone-a"]),
            F.node("b-1", labels: ["topology.kubernetes.io/zone": "zone-b", "disk": "ssd"]),
        ])
        for index in 0..<3 {
            let pod = F.pod("web-\(index)", nodeSelector: ["topology.kubernetes.io/zone": "zone-b"])
            #expect(try await scheduler.schedule(pod: pod) == .node("b-1"))
        }
        #expect(try await scheduler.schedule(pod: F.pod("db", nodeSelector: ["disk": "hdd"]))
            == .unschedulable("0/2 nodes are available: 2 node(s) didn't match Pod's node affinity/selector."))
    }

    @Test func spreadsPodsWithoutRequests() async throws {
        let scheduler = try await Self.scheduler([F.node("n-1"), F.node("n-2"), F.node("n-3")])
        var counts: [String: Int] = [:]
        for index in 0..<9 {
            guard case .node(let node) = try await scheduler.schedule(pod: F.pod("web-\(index)")) else {
                Issue.record("web-\(index) was not placed")
                continue
            }
            counts[node, default: 0] += 1
        }
        #expect(counts == ["n-1": 3, "n-2": 3, "n-3": 3])
    }

    @Test func respectsTaintsAndTolerations() async throws {
        let dedicated = F.taint("dedicated", "batch", "NoSchedule")
        let scheduler = try await Self.scheduler([F.node("batch-1", taints: [dedicated]), F.node("plain-1", cpu: "1")])
        // Without a toleration only the untainted node is feasible, even when it is the fuller one.
        #expect(try await scheduler.schedule(pod: F.pod("web", cpu: "500m")) == .node("plain-1"))
        #expect(try await scheduler.schedule(pod: F.pod("web-2", cpu: "600m"))
            == .unschedulable("0/2 nodes are available: 1 Insufficient cpu, 1 node(s) had untolerated taint {dedicated: batch}."))
        let equal: JSONValue = ["key": "dedicated", "operator": "Equal", "value": "batch", "effect": "NoSchedule"]
        #expect(try await scheduler.schedule(pod: F.pod("job", cpu: "600m", tolerations: [equal])) == .node("batch-1"))
        let exists: JSONValue = ["key": "dedicated", "operator": "Exists"]
        #expect(try await scheduler.schedule(pod: F.pod("job-2", cpu: "600m", tolerations: [exists])) == .node("batch-1"))
        let wrongValue: JSONValue = ["key": "dedicated", "operator": "Equal", "value": "web", "effect": "NoSchedule"]
        #expect(try await scheduler.schedule(pod: F.pod("job-3", cpu: "600m", tolerations: [wrongValue])) != .node("batch-1"))
        // NoExecute taints filter too; PreferNoSchedule ones only score.
        let evicting = try await Self.scheduler([F.node("x", taints: [F.taint("gone", nil, "NoExecute")])])
        #expect(try await evicting.schedule(pod: F.pod("p"))
            == .unschedulable("0/1 nodes are available: 1 node(s) had untolerated taint {gone: }."))
        let preferring = try await Self.scheduler([F.node("soft", taints: [F.taint("spot", "yes", "PreferNoSchedule")]), F.node("hard", cpu: "2")])
        #expect(try await preferring.schedule(pod: F.pod("p")) == .node("hard"))
    }

    @Test func writesTheReasonsInKubernetesForm() async throws {
        let zone = ["topology.kubernetes.io/zone": "zone-a"]
        let scheduler = try await Self.scheduler([
            F.node("pool-a-1", cpu: "1", labels: zone),
            F.node("pool-a-2", cpu: "1", labels: zone),
            F.node("pool-b-1", cpu: "8", labels: ["topology.kubernetes.io/zone": "zone-b"]),
        ])
        let pod = F.pod("web-1", cpu: "2", nodeSelector: zone)
        #expect(try await scheduler.schedule(pod: pod)
            == .unschedulable("0/3 nodes are available: 1 node(s) didn't match Pod's node affinity/selector, 2 Insufficient cpu."))
        let cordoned = try await Self.scheduler([F.node("c-1", unschedulable: true), F.node("c-2", pods: 0)])
        #expect(try await cordoned.schedule(pod: F.pod("p"))
            == .unschedulable("0/2 nodes are available: 1 Too many pods, 1 node(s) were unschedulable."))
        let none = try await Self.scheduler([])
        #expect(try await none.schedule(pod: F.pod("p")) == .unschedulable("no nodes available to schedule pods"))
        let both = try await Self.scheduler([F.node("tiny", cpu: "100m", memory: "64Mi")])
        #expect(try await both.schedule(pod: F.pod("p", cpu: "1", memory: "1Gi"))
            == .unschedulable("0/1 nodes are available: 1 Insufficient cpu, 1 Insufficient memory."))
    }

    @Test func parsesKubernetesQuantities() async throws {
        let scheduler = try await Self.scheduler([F.node("n", cpu: "1", memory: "1Gi")])
        // 1Gi = 1024Mi = 1073741824 bytes; 1G is smaller, 1025Mi is not.
        #expect(try await scheduler.schedule(pod: F.pod("a", memory: "1025Mi")) == .unschedulable("0/1 nodes are available: 1 Insufficient memory."))
        #expect(try await scheduler.schedule(pod: F.pod("b", memory: "1.1G")) == .unschedulable("0/1 nodes are available: 1 Insufficient memory."))
        #expect(try await scheduler.schedule(pod: F.pod("c", cpu: "0.5", memory: "1G")) == .node("n"))
        #expect(try await scheduler.schedule(pod: F.pod("d", cpu: "500m", memory: "70000k")) == .node("n"))
        #expect(try await scheduler.schedule(pod: F.pod("e", cpu: "1m")) == .unschedulable("0/1 nodes are available: 1 Insufficient cpu."))
    }

    @Test func countsTheLargestInitContainer() async throws {
        let scheduler = try await Self.scheduler([F.node("n", cpu: "2")])
        #expect(try await scheduler.schedule(pod: F.pod("init-heavy", cpu: "500m", initCPU: "3"))
            == .unschedulable("0/1 nodes are available: 1 Insufficient cpu."))
        #expect(try await scheduler.schedule(pod: F.pod("init-light", cpu: "1500m", initCPU: "1")) == .node("n"))
    }

    @Test func keepsUsageFromPodEvents() async throws {
        let scheduler = try await Self.scheduler([F.node("n", cpu: "2")], pods: [F.pod("running", cpu: "1500m", nodeName: "n")])
        let pod = F.pod("new", cpu: "1")
        #expect(try await scheduler.schedule(pod: pod) == .unschedulable("0/1 nodes are available: 1 Insufficient cpu."))
        // A finished pod gives its resources back, a deleted one too.
        try await scheduler.podEvent(F.event("MODIFIED", F.pod("running", cpu: "1500m", nodeName: "n", phase: "Succeeded")))
        #expect(try await scheduler.schedule(pod: pod) == .node("n"))
        try await scheduler.podEvent(F.event("ADDED", F.pod("new", cpu: "1", nodeName: "n")))
        #expect(try await scheduler.schedule(pod: F.pod("third", cpu: "1")) == .node("n"))
        #expect(try await scheduler.schedule(pod: F.pod("fourth", cpu: "1")) == .unschedulable("0/1 nodes are available: 1 Insufficient cpu."))
        try await scheduler.podEvent(F.event("DELETED", F.pod("new", cpu: "1", nodeName: "n")))
        #expect(try await scheduler.schedule(pod: F.pod("fourth", cpu: "1")) == .node("n"))
        // A deleted node is no longer offered.
        try await scheduler.nodeEvent(F.event("DELETED", F.node("n", cpu: "2")))
        #expect(try await scheduler.schedule(pod: F.pod("fifth")) == .unschedulable("no nodes available to schedule pods"))
    }

    @Test func unreserveForgetsTheAssumption() async throws {
        let scheduler = try await Self.scheduler([F.node("n", cpu: "4")])
        let first = F.pod("first", cpu: "3")
        #expect(try await scheduler.schedule(pod: first) == .node("n"))
        #expect(try await scheduler.schedule(pod: F.pod("second", cpu: "3")) == .unschedulable("0/1 nodes are available: 1 Insufficient cpu."))
        try await scheduler.unreserve(pod: first, node: "n")
        #expect(try await scheduler.schedule(pod: F.pod("second", cpu: "3")) == .node("n"))
    }

    @Test func honoursNodeNameAndRequiredNodeAffinity() async throws {
        let scheduler = try await Self.scheduler([F.node("n-1", labels: ["tier": "1"]), F.node("n-2", labels: ["tier": "3"])])
        var pinned = F.pod("pinned")
        pinned[path: "spec", "nodeName"] = "n-2"
        #expect(try await scheduler.schedule(pod: pinned) == .node("n-2"))
        var affine = F.pod("affine")
        affine[path: "spec", "affinity"] = ["nodeAffinity": ["requiredDuringSchedulingIgnoredDuringExecution": [
            "nodeSelectorTerms": [["matchExpressions": [["key": "tier", "operator": "Gt", "values": ["2"]]]]],
        ]]]
        #expect(try await scheduler.schedule(pod: affine) == .node("n-2"))
    }

    @Test func refusesMalformedPayloads() async throws {
        let scheduler = try await Self.scheduler([F.node("n")])
        await #expect(throws: PluginCallError.self) { try await scheduler.schedule(pod: "not a pod") }
        await #expect(throws: PluginCallError.self) { try await scheduler.nodeEvent(WatchEvent(type: "ADDED", object: 7, revision: 1)) }
    }
}
