import APIServer
import Controllers
import Foundation
import Kernel
import Testing

/// Shared by the framework scheduler's tests: profiles over the fake bundle's plugins, a
/// running scheduler against an in-memory cluster, and reads of pods and Events.
enum FrameworkTesting {
    typealias T = SchedulingTesting

    /// A profile with the fake bundle's plugins; the queue sort and the host's binder are always in.
    static func profile(
        _ schedulerName: String = "default-scheduler", preEnqueue: [String] = [], preFilter: [String] = [],
        filter: [String] = [], postFilter: [String] = [], score: [EnabledPlugin] = [], reserve: [String] = ["RecordingReserve"],
        permit: [String] = [], bind: [String] = ["DefaultBinder"], pluginConfig: [String: JSONValue] = [:], percentageOfNodesToScore: Int? = nil
    ) -> SchedulerProfile {
        let named: ([String]) -> [EnabledPlugin] = { $0.map { EnabledPlugin(name: $0) } }
        return SchedulerProfile(
            schedulerName: schedulerName, percentageOfNodesToScore: percentageOfNodesToScore,
            plugins: [
                .queueSort: [EnabledPlugin(name: "FakeSort")], .preEnqueue: named(preEnqueue), .preFilter: named(preFilter),
                .filter: named(filter), .postFilter: named(postFilter), .preScore: [], .score: score, .reserve: named(reserve),
                .permit: named(permit), .preBind: [], .bind: named(bind), .postBind: [],
            ],
            pluginConfig: pluginConfig)
    }

    /// Fast back-off; unschedulable pods are flushed after `flush`.
    static func options(flush: Duration = .seconds(3600)) -> FrameworkScheduler.Options {
        FrameworkScheduler.Options(podMaxInUnschedulablePodsDuration: flush, initialBackoff: .milliseconds(50), maxBackoff: .milliseconds(200))
    }

    /// Runs `body` while a framework scheduler with `profiles` over a fresh fake bundle runs.
    static func withScheduler(
        _ api: ClusterAPI, profiles: [SchedulerProfile], options: FrameworkScheduler.Options = options(),
        _ body: (FrameworkScheduler, FrameworkFakeBundle) async throws -> Void
    ) async throws {
        let bundle = FrameworkFakeBundle()
        let scheduler = try FrameworkScheduler(
            client: api, configuration: SchedulerConfiguration(profiles: profiles), bundles: [bundle], options: options, logger: T.logger)
        try await T.running({ await scheduler.run() }, stop: { scheduler.stop() }) { try await body(scheduler, bundle) }
    }

    /// A node with labels.
    static func node(_ name: String, _ labels: [String: String] = [:]) -> JSONValue { T.node(name, labels: labels) }

    /// A pod with labels (and a scheduler name).
    static func pod(_ name: String, _ labels: [String: String] = [:], schedulerName: String? = nil) -> JSONValue {
        var pod = T.pod(name, schedulerName: schedulerName)
        if !labels.isEmpty { pod.labels = labels }
        return pod
    }

    /// Creates nodes.
    static func create(_ api: ClusterAPI, nodes: [JSONValue]) async throws {
        for node in nodes { _ = try await api.create(.nodes, namespace: "", object: node) }
    }

    /// Creates a pod in "default".
    @discardableResult
    static func create(_ api: ClusterAPI, pod: JSONValue) async throws -> JSONValue {
        try await api.create(.pods, namespace: "default", object: pod)
    }

    /// The node a pod is bound to.
    static func nodeName(_ api: ClusterAPI, _ pod: String) async throws -> String? {
        let node = try await api.get(.pods, namespace: "default", name: pod)[path: "spec", "nodeName"]?.stringValue
        return node?.isEmpty == false ? node : nil
    }

    /// Waits until a pod is bound and returns its node.
    static func bound(_ api: ClusterAPI, _ pod: String) async throws -> String {
        try await T.eventually("\(pod) bound") { try await nodeName(api, pod) }
    }

    /// The pod's PodScheduled condition.
    static func podScheduled(_ api: ClusterAPI, _ pod: String) async throws -> JSONValue? {
        let object = try await api.get(.pods, namespace: "default", name: pod)
        return object[path: "status", "conditions"]?.arrayValue?.first { $0["type"] == "PodScheduled" }
    }

    /// Waits for PodScheduled=False with `message`.
    @discardableResult
    static func unschedulable(_ api: ClusterAPI, _ pod: String, message: String) async throws -> JSONValue {
        var last = "none"
        do {
            return try await T.eventually("PodScheduled=False on \(pod) saying \(message)") { () -> JSONValue? in
                guard let condition = try await podScheduled(api, pod) else { return nil }
                last = condition["message"]?.stringValue ?? ""
                return condition["status"] == "False" && condition["message"]?.stringValue == message ? condition : nil
            }
        } catch {
            throw T.Failure(description: "\(error); the condition says: \(last)")
        }
    }

    /// The queue's state of `default/<pod>`.
    static func queueState(_ scheduler: FrameworkScheduler, _ pod: String) async -> String? {
        await scheduler.queueSnapshot()["default/\(pod)"]
    }
}
