import APIServer
import Controllers
import Foundation
import Kernel
import Testing

/// Runs the placement suite's clusters: an in-memory ClusterAPI, the real scheduler bundles
/// (`.so` files) behind `SchedulerBundleClient`, and the host's `FrameworkScheduler` for a
/// KubeSchedulerConfiguration; and reads where pods went.
enum Placement {
    /// The label naming a pod's gang (the scheduler-plugins project's lightweight coscheduling).
    static let podGroupLabel = "pod-group.scheduling.sigs.k8s.io/name"
    /// The label or annotation giving the gang's minimum size.
    static let minAvailableKey = "pod-group.scheduling.sigs.k8s.io/min-available"
    /// The C example's args: prefer `disktype=ssd` nodes.
    static let nodeLabelScoreArgs: JSONValue = ["label": "disktype", "values": ["ssd": 100, "hdd": 10], "default": 0]

    /// Quick back-off so retries happen within a test.
    static let options = FrameworkScheduler.Options(
        podMaxInUnschedulablePodsDuration: .seconds(60), initialBackoff: .milliseconds(50), maxBackoff: .milliseconds(200))

    /// Runs `body` with a scheduler for `config` over the bundles named `bundles` (built
    /// products) and the library files `extraBundles`.
    static func withScheduler(
        config: JSONValue = [:], bundles: [String] = ["default-scheduler"], extraBundles: [String] = [],
        _ body: (ClusterAPI) async throws -> Void
    ) async throws {
        try await SchedulingTesting.withCluster { api in
            var instances: [PluginInstance] = []
            defer { instances.forEach { $0.destroy() } }
            var plugins = try bundles.map { try SchedulingTesting.load($0) }
            plugins += try extraBundles.map { try PluginLoader.load(file: $0).get() }
            for plugin in plugins {
                instances.append(try await PluginInstance.create(plugin: plugin, config: [:], label: "\(plugin.info.name)@placement", client: api))
            }
            let clients = try instances.map { try SchedulerBundleClient($0) }
            let document = config == [:] ? clients.first?.defaultConfig ?? [:] : config
            let configuration = try SchedulerConfiguration.load(document, catalogue: FrameworkScheduler.catalogue(for: clients))
            let scheduler = try FrameworkScheduler(client: api, configuration: configuration, bundles: clients, options: options,
                                                   logger: SchedulingTesting.logger)
            try await SchedulingTesting.running({ await scheduler.run() }, stop: { scheduler.stop() }) { try await body(api) }
        }
    }

    /// Runs `body` with the gang-scheduler bundle's own configuration (Coscheduling on top of
    /// the default plugins, which come from default-scheduler).
    static func withGangScheduler(_ body: (ClusterAPI) async throws -> Void) async throws {
        try await withScheduler(bundles: ["gang-scheduler", "default-scheduler"], body)
    }

    /// Builds the C example with its Makefile (once per run) and returns the library's path.
    static func cExampleBundle() throws -> String { try cExample.get() }

    private static let cExample: Result<String, any Error> = Result {
        let folder = SchedulingTesting.repositoryRoot.appendingPathComponent("Examples/c-node-label-score").path
        try SchedulingTesting.runTool(["make", "-s", "-C", folder])
        return folder + "/libnode-label-score.so"
    }

    /// Creates nodes.
    static func create(_ api: ClusterAPI, nodes: [JSONValue]) async throws {
        for node in nodes { _ = try await api.create(.nodes, namespace: "", object: node) }
    }

    /// Creates pods in `default`.
    static func create(_ api: ClusterAPI, pods: [JSONValue]) async throws {
        for pod in pods { _ = try await api.create(.pods, namespace: "default", object: pod) }
    }

    /// The node `pod` is bound to, nil while it is not.
    static func nodeName(_ api: ClusterAPI, _ pod: String, namespace: String = "default") async throws -> String? {
        try await api.get(.pods, namespace: namespace, name: pod)[path: "spec", "nodeName"]?.stringValue
    }

    /// Waits until `pod` is bound and returns its node.
    static func boundNode(_ api: ClusterAPI, _ pod: String, namespace: String = "default") async throws -> String {
        try await SchedulingTesting.eventually("\(pod) to be bound") { try await nodeName(api, pod, namespace: namespace) }
    }

    /// Waits until `pod` has PodScheduled=False with reason Unschedulable and returns the message.
    static func unschedulableMessage(_ api: ClusterAPI, _ pod: String) async throws -> String {
        try await SchedulingTesting.eventually("\(pod) to be reported unschedulable") {
            let object = try await api.get(.pods, namespace: "default", name: pod)
            let condition = object[path: "status", "conditions"]?.arrayValue?.first { $0["type"] == "PodScheduled" }
            guard condition?["status"] == "False", condition?["reason"] == "Unschedulable" else { return nil }
            return condition?["message"]?.stringValue
        }
    }

    /// Whether `pod` exists (preemption victims are deleted).
    static func exists(_ api: ClusterAPI, _ pod: String) async throws -> Bool {
        do {
            _ = try await api.get(.pods, namespace: "default", name: pod)
            return true
        } catch let error as APIError where error.code == 404 {
            return false
        }
    }
}
