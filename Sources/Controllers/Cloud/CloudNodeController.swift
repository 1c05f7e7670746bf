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

    let nodes: Informer
    private let runsInformers: Bool
    private let queue = WorkQueue<ObjectKey>()
    private let logger: Logger
    private let events: EventRecorder
    /// The running loop, and whether `stop()` came first.
    private let running = Mutex<(task: Task<Void, Never>?, stopped: Bool)>((nil, false))
    /// The last failure reported per node, so that a repeated failure is not reported again.
    private let reported = Mutex<[String: String]>([:])

    /// Creates the controller with a Node informer of its own; nothing happens until `run()`.
    public convenience init(client: any ObjectClient, cloud: CloudPluginClient, retryInterval: Duration = .seconds(5), logger: Logger? = nil) {
        let logger = logger ?? Logger(label: "keelson.cloud-node-controller")
        self.init(informers: InformerFactory(client: client, logger: logger), cloud: cloud, retryInterval: retryInterval,
                  logger: logger, runsInformers: true)
    }

    /// Creates the controller on a shared Node informer; whoever owns the factory runs it.
    public convenience init(informers: InformerFactory, cloud: CloudPluginClient, retryInterval: Duration = .seconds(5), logger: Logger) {
        self.init(informers: informers, cloud: cloud, retryInterval: retryInterval, logger: logger, runsInformers: false)
    }

    private init(informers: InformerFactory, cloud: CloudPluginClient, retryInterval: Duration, logger: Logger, runsInformers: Bool) {
        client = informers.client
        self.cloud = cloud
        self.retryInterval = retryInterval
        self.logger = logger
        self.runsInformers = runsInformers
        nodes = informers.informer(for: .nodes)
        events = EventRecorder(client: client, component: "cloud-node-controller", logger: logger)
        let queue = self.queue
        nodes.addHandler { event in
            if case .deleted = event { return }
            if Self.needsInitialization(event.object) { queue.add(ObjectKey(event.object)) }
        }
    }

    /// Whether `node` still needs the cloud provider: no providerID, or the uninitialized taint.
    public static func needsInitialization(_ node: JSONValue) -> Bool {
        let providerID = node[path: "spec", "providerID"]?.stringValue ?? ""
        return providerID.isEmpty || hasUninitializedTaint(node)
    }

    /// Initializes nodes until `stop()` is called or the calling task is cancelled; a node whose
    /// initialization failed is tried again after `retryInterval`.
    public func run() async {
        let nodes = self.nodes
        let loop = ReconcileLoop(
            name: "cloud-node", queue: queue, informers: [nodes], runsInformers: runsInformers,
            options: ControllerOptions(workers: 1, resyncInterval: nil), logger: logger,
            allKeys: { nodes.list().filter(Self.needsInitialization).map { ObjectKey($0) } },
            reconcile: { [self] key in await initialize(key.name) ? .done : .requeueAfter(retryInterval) })
        let task = Task { await loop.run() }
        let stopped = running.withLock { running in
            running.task = task
            return running.stopped
        }
        if stopped { task.cancel() }
        await withTaskCancellationHandler { await task.value } onCancel: { task.cancel() }
    }

    /// Stops `run()` (its loop and, when it owns it, its informer); the call returns at once.
    public func stop() {
        let task = running.withLock { running in
            running.stopped = true
            return running.task
        }
        task?.cancel()
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
            reported.withLock { _ = $0.removeValue(forKey: name) }
            return true
        } catch let error as APIError where error.code == 404 {
            return true
        } catch {
            logger.warning("could not initialize node \(name)", metadata: ["error": "\(error)"])
            let message = "Failed to initialize node \(name) from the cloud provider: \(error)"
            let isNew = reported.withLock { reported in
                defer { reported[name] = message }
                return reported[name] != message
            }
            if isNew, let node = try? await client.get(.nodes, namespace: "", name: name) {
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
