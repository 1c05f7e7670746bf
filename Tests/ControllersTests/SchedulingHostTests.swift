import APIServer
import Controllers
import Foundation
import Kernel
import Testing

/// The scheduling host of interface-1.0 schedulers (a plugin that places one pod per call),
/// driving the C fixture scheduler against a ClusterAPI over an in-memory store: pods bound,
/// unschedulable pods reported, pods of other schedulers left alone. Interface-2.0 bundles run
/// under `FrameworkScheduler` (the placement suite).
@Suite("Scheduling host (interface 1.0)")
struct SchedulingHostTests {
    typealias T = SchedulingTesting

    static let quick = SchedulerHost.Options(
        initialBackoff: .milliseconds(50), maxBackoff: .milliseconds(200), unschedulableRetryInterval: .seconds(30))

    /// Runs `body` with a scheduling host for a fresh instance of the fixture scheduler.
    static func withScheduler(_ api: ClusterAPI, _ body: (SchedulerHost) async throws -> Void) async throws {
        let instance = try await PluginInstance.create(plugin: try T.interfaceOneScheduler(), config: [:], label: "fixture@test", client: api)
        defer { instance.destroy() }
        let host = SchedulerHost(client: api, scheduler: SchedulerPluginClient(instance), options: quick, logger: T.logger)
        try await T.running({ await host.run() }, stop: { host.stop() }) { try await body(host) }
    }

    static func nodeName(_ api: ClusterAPI, _ pod: String) async throws -> String? {
        try await api.get(.pods, namespace: "default", name: pod)[path: "spec", "nodeName"]?.stringValue
    }

    static func podScheduled(_ api: ClusterAPI, _ pod: String) async throws -> JSONValue? {
        let object = try await api.get(.pods, namespace: "default", name: pod)
        return object[path: "status", "conditions"]?.arrayValue?.first { $0["type"] == "PodScheduled" }
    }

    @Test func bindsWhereThePluginSaysWithAScheduledEvent() async throws {
        try await T.withCluster { api in
            _ = try await api.create(.nodes, namespace: "", object: T.node("node-a"))
            try await Self.withScheduler(api) { _ in
                _ = try await api.create(.pods, namespace: "default", object: T.pod("web-1"))
                #expect(try await T.eventually("web-1 bound") { try await Self.nodeName(api, "web-1") } == "node-a")
                let scheduled = try await T.eventually("the Scheduled event of web-1") {
                    try await T.events(api, about: "web-1", reason: "Scheduled").first
                }
                #expect(scheduled["message"] == "Successfully assigned default/web-1 to node-a")
                #expect(scheduled["type"] == "Normal")
                #expect(scheduled[path: "source", "component"] == "default-scheduler")
                #expect(try await Self.podScheduled(api, "web-1")?["status"] == "True")
            }
        }
    }

    @Test func reportsThePluginsUnschedulableReason() async throws {
        try await T.withCluster { api in
            _ = try await api.create(.nodes, namespace: "", object: T.node("node-a"))
            try await Self.withScheduler(api) { _ in
                _ = try await api.create(.pods, namespace: "default", object: T.pod("fail-1"))
                let condition = try await T.eventually("PodScheduled=False on fail-1") { try await Self.podScheduled(api, "fail-1") }
                #expect(condition["status"] == "False")
                #expect(condition["reason"] == "Unschedulable")
                #expect(condition["message"] == "0/1 nodes are available: no luck.")
                let warning = try await T.eventually("FailedScheduling") { try await T.events(api, about: "fail-1", reason: "FailedScheduling").first }
                #expect(warning["type"] == "Warning")
                #expect(try await Self.nodeName(api, "fail-1") == nil)
            }
        }
    }

    @Test func leavesPodsOfOtherSchedulersAlone() async throws {
        try await T.withCluster { api in
            _ = try await api.create(.nodes, namespace: "", object: T.node("node-a"))
            try await Self.withScheduler(api) { host in
                _ = try await api.create(.pods, namespace: "default", object: T.pod("theirs", schedulerName: "gang-scheduler"))
                _ = try await api.create(.pods, namespace: "default", object: T.pod("ours"))
                #expect(try await T.eventually("ours bound") { try await Self.nodeName(api, "ours") } == "node-a")
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
