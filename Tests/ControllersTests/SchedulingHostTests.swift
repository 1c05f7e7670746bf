import APIServer
import Controllers
import Foundation
import Kernel
import Testing

/// The scheduling host driving the real default-scheduler plugin against a ClusterAPI over an
/// in-memory store: pods bound end to end, unschedulable pods reported and retried.
@Suite("Scheduling host")
struct SchedulingHostTests {
    typealias T = SchedulingTesting

    static let quick = SchedulerHost.Options(
        initialBackoff: .milliseconds(50), maxBackoff: .milliseconds(200), unschedulableRetryInterval: .seconds(30))

    /// Runs `body` with a scheduling host for a fresh default-scheduler instance.
    static func withScheduler(_ api: ClusterAPI, options: SchedulerHost.Options = quick, _ body: (SchedulerHost) async throws -> Void) async throws {
        let instance = try await PluginInstance.create(
            plugin: try T.load("default-scheduler"), config: [:], label: "default-scheduler@test", client: api)
        defer { instance.destroy() }
        let host = SchedulerHost(client: api, scheduler: SchedulerPluginClient(instance), options: options, logger: T.logger)
        try await T.running({ await host.run() }, stop: { host.stop() }) { try await body(host) }
    }

    static func nodeName(_ api: ClusterAPI, _ pod: String) async throws -> String? {
        try await api.get(.pods, namespace: "default", name: pod)[path: "spec", "nodeName"]?.stringValue
    }

    static func podScheduled(_ api: ClusterAPI, _ pod: String) async throws -> JSONValue? {
        let object = try await api.get(.pods, namespace: "default", name: pod)
        return object[path: "status", "conditions"]?.arrayValue?.first { $0["type"] == "PodScheduled" }
    }

    @Test func bindsPodsAndSpreadsThemOverTheNodes() async throws {
        try await T.withCluster { api in
            for index in 1...3 { _ = try await api.create(.nodes, namespace: "", object: T.node("pool-a-\(index)")) }
            try await Self.withScheduler(api) { _ in
                for index in 1...3 { _ = try await api.create(.pods, namespace: "default", object: T.pod("web-\(index)")) }
                var placements: [String: String] = [:]
                for index in 1...3 {
                    placements["web-\(index)"] = try await T.eventually("web-\(index) bound") { try await Self.nodeName(api, "web-\(index)") }
                }
                #expect(Set(placements.values) == ["pool-a-1", "pool-a-2", "pool-a-3"])
                let node = try #require(placements["web-1"])
                let scheduled = try await T.eventually("the Scheduled event of web-1") {
                    try await T.events(api, about: "web-1", reason: "Scheduled").first
                }
                #expect(scheduled["message"] == .string("Successfully assigned default/web-1 to \(node)"))
                #expect(scheduled["type"] == "Normal")
                #expect(scheduled[path: "source", "component"] == "default-scheduler")
                #expect(try await Self.podScheduled(api, "web-1")?["status"] == "True")
            }
        }
    }

    @Test func reportsAnUnschedulablePodAndRetriesItWhenANodeArrives() async throws {
        try await T.withCluster { api in
            for index in 1...2 {
                _ = try await api.create(.nodes, namespace: "", object: T.node("a-\(index)", labels: ["topology.kubernetes.io/zone": "zone-a"]))
            }
            try await Self.withScheduler(api) { _ in
                _ = try await api.create(.pods, namespace: "default", object: T.pod("web-1", nodeSelector: ["topology.kubernetes.io/zone": "zone-b"]))
                let message = "0/2 nodes are available: 2 node(s) didn't match Pod's node affinity/selector."
                let condition = try await T.eventually("PodScheduled=False on web-1") { try await Self.podScheduled(api, "web-1") }
                #expect(condition["status"] == "False")
                #expect(condition["reason"] == "Unschedulable")
                #expect(condition["message"] == .string(message))
                let warning = try await T.eventually("FailedScheduling") { try await T.events(api, about: "web-1", reason: "FailedScheduling").first }
                #expect(warning["type"] == "Warning")
                #expect(warning["message"] == .string(message))

                _ = try await api.create(.nodes, namespace: "", object: T.node("b-1", labels: ["topology.kubernetes.io/zone": "zone-b"]))
                let node = try await T.eventually("web-1 bound after b-1 arrived", timeout: .seconds(10)) { try await Self.nodeName(api, "web-1") }
                #expect(node == "b-1")
                #expect(try await Self.podScheduled(api, "web-1")?["status"] == "True")
            }
        }
    }

    @Test func placesByRequestsAndRetriesWhenResourcesAreFreed() async throws {
        try await T.withCluster { api in
            _ = try await api.create(.nodes, namespace: "", object: T.node("small", cpu: "1"))
            _ = try await api.create(.nodes, namespace: "", object: T.node("big", cpu: "4"))
            try await Self.withScheduler(api) { _ in
                for name in ["job-1", "job-2"] {
                    _ = try await api.create(.pods, namespace: "default", object: T.pod(name, cpu: "2"))
                    #expect(try await T.eventually("\(name) bound") { try await Self.nodeName(api, name) } == "big")
                }
                _ = try await api.create(.pods, namespace: "default", object: T.pod("job-3", cpu: "2"))
                let condition = try await T.eventually("job-3 unschedulable") { try await Self.podScheduled(api, "job-3") }
                #expect(condition["message"] == "0/2 nodes are available: 2 Insufficient cpu.")
                // Force (grace 0): a bound pod would otherwise wait for its kubelet, keeping its resources.
                _ = try await api.deleteWithOptions(.pods, namespace: "default", name: "job-1", options: DeleteOptions(gracePeriodSeconds: 0))
                #expect(try await T.eventually("job-3 bound after job-1 left", timeout: .seconds(10)) { try await Self.nodeName(api, "job-3") } == "big")
            }
        }
    }

    @Test func leavesPodsOfOtherSchedulersAlone() async throws {
        try await T.withCluster { api in
            _ = try await api.create(.nodes, namespace: "", object: T.node("n-1"))
            try await Self.withScheduler(api) { host in
                _ = try await api.create(.pods, namespace: "default", object: T.pod("theirs", schedulerName: "gang-scheduler"))
                _ = try await api.create(.pods, namespace: "default", object: T.pod("ours"))
                #expect(try await T.eventually("ours bound") { try await Self.nodeName(api, "ours") } == "n-1")
                #expect(try await Self.nodeName(api, "theirs") == nil)
                #expect(try await Self.podScheduled(api, "theirs") == nil)
                try await T.eventually("an empty queue") { host.pendingCount == 0 ? true : nil }
            }
        }
    }

    @Test func readsTheSchedulerNameFromItsConfig() {
        #expect(SchedulerHost.schedulerName(fromConfig: [:]) == "default-scheduler")
        #expect(SchedulerHost.schedulerName(fromConfig: ["schedulerName": "fast"]) == "fast")
        #expect(SchedulerHost.schedulerName(fromConfig: ["profiles": [["schedulerName": "profiled"]]]) == "profiled")
    }
}
