import Foundation
import Kernel
import Logging
import Synchronization

/// The cloud-node controller of Kubernetes' cloud controller manager: initializes each Node
/// that has no `spec.providerID` or still carries the `node.cloudprovider.kubernetes.io/uninitialized`
/// taint from the cloud provider plugin's InstanceMetadata (or its Zones when it has no
/// InstancesV2): providerID, `status.addresses`, the zone, region and instance-type labels, and
/// removes the taint. A failure is logged, recorded as a Warning Event on the Node and retried.
public final class CloudNodeController: Sendable {
    /// The taint nodes carry until a cloud provider has initialized them.
    public static let uninitializedTaint = "node.cloudprovider.kubernetes.io/uninitialized"
    /// Label of the node's zone.
    public static let zoneLabel = "topology.kubernetes.io/zone"
    /// Label of the node's region.
    public static let regionLabel = "topology.kubernetes.io/region"
    /// Label of the node's instance type.
    public static let instanceTypeLabel = "node.kubernetes.io/instance-type"

    /// The client every read and write goes through.
    public let client: any ObjectClient
    /// The cloud provider plugin.
    public let cloud: CloudPluginClient
    /// How long a node whose initialization failed waits before the next attempt.
    public let retryInterval: Duration

    private let logger: Logger
    private let events: EventRecorder
    private let work = CloudNodeWork()

    /// Creates the controller; nothing happens until `run()`.
    public init(client: any ObjectClient, cloud: CloudPluginClient, retryInterval: Duration = .seconds(5), logger: Logger? = nil) {
        self.client = client
        self.cloud = cloud
        self.retryInterval = retryInterval
        let logger = logger ?? Logger(label: "keelson.cloud-node-controller")
        self.logger = logger
        events = EventRecorder(client: client, component: "cloud-node-controller", logger: logger)
    }

    /// Whether `node` still needs the cloud provider: no providerID, or the uninitialized taint.
    public static func needsInitialization(_ node: JSONValue) -> Bool {
        let providerID = node[path: "spec", "providerID"]?.stringValue ?? ""
        return providerID.isEmpty || hasUninitializedTaint(node)
    }

    /// Initializes nodes until `stop()` is called or the calling task is cancelled.
    public func run() async {
        let nodes = Informer(client: client, type: .nodes, logger: logger)
        let work = self.work
        nodes.addHandler { event in
            if case .deleted = event { return }
            if Self.needsInitialization(event.object), let name = event.object.name { work.add(name) }
        }
        await withDiscardingTaskGroup { group in
            group.addTask { await nodes.run() }
            await withTaskCancellationHandler {
                while let name = await work.next() {
                    if await initialize(name) == false {
                        group.addTask {
                            try? await Task.sleep(for: self.retryInterval)
                            if !Task.isCancelled { work.add(name) }
                        }
                    }
                }
            } onCancel: {
                work.close()
            }
            group.cancelAll()
        }
    }

    /// Stops `run()`; the call returns at once.
    public func stop() {
        work.close()
    }

    // MARK: Initialization

    /// The cloud's view of one node.
    private struct CloudFacts {
        var providerID: String?
        var addresses: [JSONValue] = []
        var labels: [String: String] = [:]
    }

    /// Initializes one node; false when it should be retried.
    private func initialize(_ name: String) async -> Bool {
        do {
            let node = try await client.get(.nodes, namespace: "", name: name)
            guard Self.needsInitialization(node) else { return true }
            let facts = try await cloudFacts(for: node)
            if !facts.addresses.isEmpty {
                try await updateNode(name, status: true) { Self.withAddresses($0, facts.addresses) }
            }
            try await updateNode(name, status: false) { node in
                var node = node
                if (node[path: "spec", "providerID"]?.stringValue ?? "").isEmpty, let providerID = facts.providerID, !providerID.isEmpty {
                    node[path: "spec", "providerID"] = .string(providerID)
                }
                var labels = node.labels
                for (key, value) in facts.labels where !value.isEmpty { labels[key] = value }
                node.labels = labels
                let taints = (node[path: "spec", "taints"]?.arrayValue ?? []).filter {
                    $0["key"]?.stringValue != Self.uninitializedTaint
                }
                node[path: "spec", "taints"] = taints.isEmpty ? nil : .array(taints)
                return node
            }
            logger.info("initialized node \(name)", metadata: ["providerID": "\(facts.providerID ?? "")"])
            work.succeeded(name)
            return true
        } catch let error as APIError where error.code == 404 {
            return true
        } catch {
            logger.warning("could not initialize node \(name)", metadata: ["error": "\(error)"])
            let message = "Failed to initialize node \(name) from the cloud provider: \(error)"
            if work.shouldReport(name, message), let node = try? await client.get(.nodes, namespace: "", name: name) {
                await events.record(node, type: .nodes, eventType: "Warning", reason: "CloudNodeInitializationFailed", message: message)
            }
            return false
        }
    }

    /// Asks the plugin about the node: InstanceMetadata when it supports InstancesV2, else the
    /// zone of the node when it supports Zones, else nothing.
    private func cloudFacts(for node: JSONValue) async throws -> CloudFacts {
        var facts = CloudFacts()
        if cloud.supportsInstances {
            let metadata = try await cloud.instanceMetadata(node: node)
            facts.providerID = metadata["providerID"]?.stringValue
            facts.addresses = metadata["nodeAddresses"]?.arrayValue ?? []
            facts.labels[Self.instanceTypeLabel] = metadata["instanceType"]?.stringValue
            facts.labels[Self.zoneLabel] = metadata["zone"]?.stringValue
            facts.labels[Self.regionLabel] = metadata["region"]?.stringValue
            if facts.labels[Self.zoneLabel, default: ""].isEmpty, cloud.supportsZones, let name = node.name {
                let zone = try await cloud.zone(nodeName: name)
                facts.labels[Self.zoneLabel] = zone["failureDomain"]?.stringValue
                facts.labels[Self.regionLabel] = facts.labels[Self.regionLabel] ?? zone["region"]?.stringValue
            }
        } else if cloud.supportsZones, let name = node.name {
            let zone = try await cloud.zone(nodeName: name)
            facts.labels[Self.zoneLabel] = zone["failureDomain"]?.stringValue
            facts.labels[Self.regionLabel] = zone["region"]?.stringValue
        }
        return facts
    }

    /// Read-modify-write of a node (or its status), retried on conflicts.
    private func updateNode(_ name: String, status: Bool, _ change: (JSONValue) -> JSONValue) async throws {
        var attempt = 0
        while true {
            attempt += 1
            let current = try await client.get(.nodes, namespace: "", name: name)
            let updated = change(current)
            if updated == current { return }
            do {
                if status {
                    _ = try await client.updateStatus(.nodes, namespace: "", object: updated)
                } else {
                    _ = try await client.update(.nodes, namespace: "", object: updated)
                }
                return
            } catch let error as APIError where error.code == 409 && attempt < 5 {
                continue
            }
        }
    }

    /// The node with the cloud's addresses; a Hostname the cloud does not report is kept.
    static func withAddresses(_ node: JSONValue, _ addresses: [JSONValue]) -> JSONValue {
        var merged = addresses
        let cloudHasHostname = addresses.contains { $0["type"]?.stringValue == "Hostname" }
        if !cloudHasHostname {
            merged += (node[path: "status", "addresses"]?.arrayValue ?? []).filter { $0["type"]?.stringValue == "Hostname" }
        }
        var node = node
        node[path: "status", "addresses"] = .array(merged)
        return node
    }

    private static func hasUninitializedTaint(_ node: JSONValue) -> Bool {
        (node[path: "spec", "taints"]?.arrayValue ?? []).contains { $0["key"]?.stringValue == uninitializedTaint }
    }
}
