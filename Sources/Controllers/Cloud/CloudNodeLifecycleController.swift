import Foundation
import Kernel
import Logging

/// The cloud-node-lifecycle controller of Kubernetes' cloud controller manager. Every
/// `monitorPeriod` it looks at each Node that is not Ready: when the cloud says its instance is
/// shut down, the node gets the `node.cloudprovider.kubernetes.io/shutdown` NoSchedule taint;
/// when the cloud says the instance no longer exists, the Node is deleted (with a
/// `DeletingNode` Event). A Ready node loses the shutdown taint. Cloud errors skip the node
/// until the next period.
public final class CloudNodeLifecycleController: Sendable {
    /// The taint a node carries while its instance is shut down.
    public static let shutdownTaint = "node.cloudprovider.kubernetes.io/shutdown"

    /// The client every read and write goes through.
    public let client: any ObjectClient
    /// The cloud provider plugin (InstancesV2).
    public let cloud: CloudPluginClient
    /// How often nodes are checked (Kubernetes: `--node-monitor-period`, 5 s).
    public let monitorPeriod: Duration

    let nodes: Informer
    private let logger: Logger
    private let events: EventRecorder

    /// Creates the controller over a shared Node informer.
    public init(informers: InformerFactory, cloud: CloudPluginClient, monitorPeriod: Duration = .seconds(5), logger: Logger) {
        client = informers.client
        self.cloud = cloud
        self.monitorPeriod = monitorPeriod
        nodes = informers.informer(for: .nodes)
        self.logger = logger
        events = EventRecorder(client: informers.client, component: "cloud-node-lifecycle-controller", logger: logger)
    }

    /// Checks every node each `monitorPeriod` until the calling task is cancelled. Does nothing
    /// when the cloud has no InstancesV2.
    public func run() async {
        guard cloud.supportsInstances else { return }
        await nodes.waitUntilSynced()
        while !Task.isCancelled {
            for node in nodes.list() { await check(node) }
            try? await Task.sleep(for: monitorPeriod)
        }
    }

    /// One node.
    func check(_ node: JSONValue) async {
        guard let name = node.name else { return }
        let conditions = node[path: "status", "conditions"]?.arrayValue ?? []
        let ready = StatusConditions.find(conditions, type: "Ready")?["status"]?.stringValue ?? "Unknown"
        do {
            if ready == "True" {
                try await setShutdownTaint(node, present: false)
                return
            }
            let shutdown: Bool
            do {
                shutdown = try await cloud.instanceShutdown(node: node)
            } catch {
                logger.debug("could not ask whether the instance is shut down", metadata: ["node": "\(name)", "error": "\(error)"])
                shutdown = false
            }
            if shutdown {
                try await setShutdownTaint(node, present: true)
                return
            }
            guard try await !cloud.instanceExists(node: node) else { return }
            logger.info("deleting node since it is no longer present in the cloud provider", metadata: ["node": "\(name)"])
            await events.record(node, type: .nodes, reason: "DeletingNode",
                                message: "Deleting node \(name) because it does not exist in the cloud provider")
            _ = try await client.delete(.nodes, namespace: "", name: name)
        } catch where isNotFound(error) {
        } catch {
            logger.debug("cloud node lifecycle check failed; retried next period", metadata: ["node": "\(name)", "error": "\(error)"])
        }
    }

    private func setShutdownTaint(_ node: JSONValue, present: Bool) async throws {
        _ = try await ConflictRetry.update(client, .nodes, node) { node in
            var taints = node[path: "spec", "taints"]?.arrayValue ?? []
            let has = taints.contains { $0["key"]?.stringValue == Self.shutdownTaint }
            if present == has { return false }
            if present {
                taints.append(["key": .string(Self.shutdownTaint), "effect": "NoSchedule"])
            } else {
                taints.removeAll { $0["key"]?.stringValue == Self.shutdownTaint }
            }
            node[path: "spec", "taints"] = taints.isEmpty ? nil : .array(taints)
            return true
        }
    }
}
