import Foundation
import Kernel
import Logging
import Synchronization

/// The service controller of Kubernetes' cloud controller manager. A Service of type
/// LoadBalancer (without `spec.loadBalancerClass`) gets the
/// `service.kubernetes.io/load-balancer-cleanup` finalizer and a load balancer from the cloud
/// provider (`EnsureLoadBalancer` over the eligible nodes), whose ingress goes to
/// `status.loadBalancer`. When the eligible nodes change, the load balancer's hosts are
/// updated (`UpdateLoadBalancer`). When the Service is deleted or stops being a LoadBalancer,
/// the load balancer is deleted (`EnsureLoadBalancerDeleted`), the status cleared and the
/// finalizer removed. Failures are Warning Events and are retried with exponential back-off
/// (Kubernetes: 5 s doubling to 5 min). The Events are Kubernetes': EnsuringLoadBalancer,
/// EnsuredLoadBalancer, SyncLoadBalancerFailed, UpdatedLoadBalancer, UpdateLoadBalancerFailed,
/// DeletingLoadBalancer, DeletedLoadBalancer.
public final class ServiceLoadBalancerController: Sendable {
    /// The finalizer that keeps a Service until its load balancer is gone.
    public static let finalizer = "service.kubernetes.io/load-balancer-cleanup"

    /// The client every read and write goes through.
    public let client: any ObjectClient
    /// The cloud provider plugin (LoadBalancer).
    public let cloud: CloudPluginClient
    /// The cluster name passed to the cloud.
    public let clusterName: String

    let services: Informer
    let nodes: Informer
    private let queue: WorkQueue<ObjectKey>
    private let logger: Logger
    private let events: EventRecorder
    /// What each Service's load balancer was last made from: its spec and node set.
    private let synced = Mutex<[ObjectKey: (spec: JSONValue, nodes: [String])]>([:])

    /// Creates the controller over shared informers (Services, Nodes). Failed Services are
    /// retried after `retryBaseDelay`, doubling up to `retryMaxDelay`.
    public init(informers: InformerFactory, cloud: CloudPluginClient, clusterName: String,
                retryBaseDelay: Duration = .seconds(5), retryMaxDelay: Duration = .seconds(300), logger: Logger) {
        client = informers.client
        self.cloud = cloud
        self.clusterName = clusterName
        self.logger = logger
        services = informers.informer(for: .services)
        nodes = informers.informer(for: .nodes)
        queue = WorkQueue(baseDelay: retryBaseDelay, maxDelay: retryMaxDelay)
        events = EventRecorder(client: informers.client, component: "service-controller", logger: logger)
        let queue = self.queue
        let services = self.services
        services.addHandler { event in
            if case .updated(let old, let new) = event, !Self.needsSync(old, new) { return }
            queue.add(ObjectKey(event.object))
        }
        nodes.addHandler { event in
            let (before, after): (String?, String?) = switch event {
            case .added(let node): (nil, LoadBalancerNodes.entry(ifEligible: node))
            case .updated(let old, let new): (LoadBalancerNodes.entry(ifEligible: old), LoadBalancerNodes.entry(ifEligible: new))
            case .deleted(let node): (LoadBalancerNodes.entry(ifEligible: node), nil)
            }
            guard before != after else { return }
            for service in services.list() where Self.wantsLoadBalancer(service) {
                queue.add(ObjectKey(service))
            }
        }
    }

    /// Reconciles until the calling task is cancelled. Does nothing when the cloud has no
    /// LoadBalancer part.
    public func run() async {
        guard cloud.supportsLoadBalancer else { return }
        let services = self.services
        await ReconcileLoop(
            name: "service-controller", queue: queue, informers: [services, nodes], runsInformers: false,
            options: ControllerOptions(workers: 1, resyncInterval: nil), logger: logger,
            allKeys: { services.list().filter(Self.wantsOrHadLoadBalancer).map { ObjectKey($0) } },
            reconcile: { [self] key in try await reconcile(key) }
        ).run()
    }

    /// Whether a Service asks this controller for a load balancer.
    static func wantsLoadBalancer(_ service: JSONValue) -> Bool {
        service[path: "spec", "type"]?.stringValue == "LoadBalancer" && service[path: "spec", "loadBalancerClass"] == nil
    }

    /// Whether a Service wants a load balancer or still holds one this controller made.
    static func wantsOrHadLoadBalancer(_ service: JSONValue) -> Bool {
        wantsLoadBalancer(service) || finalizers(service).contains(finalizer)
    }

    /// Whether an update concerns the load balancer (anything but the status).
    static func needsSync(_ old: JSONValue, _ new: JSONValue) -> Bool {
        old["spec"] != new["spec"] || old["metadata"]?["annotations"] != new["metadata"]?["annotations"]
            || old["metadata"]?["deletionTimestamp"] != new["metadata"]?["deletionTimestamp"]
            || old["metadata"]?["finalizers"] != new["metadata"]?["finalizers"]
    }

    // MARK: Reconcile

    func reconcile(_ key: ObjectKey) async throws -> ReconcileResult {
        guard let service = services.get(key) else {
            synced.withLock { _ = $0.removeValue(forKey: key) }
            return .done
        }
        if service[path: "metadata", "deletionTimestamp"] != nil || !Self.wantsLoadBalancer(service) {
            try await deleteLoadBalancer(service)
            synced.withLock { _ = $0.removeValue(forKey: key) }
            return .done
        }
        guard let service = try await addFinalizer(service) else { return .done }
        let chosen = LoadBalancerNodes.eligible(nodes.list())
        let fingerprint = LoadBalancerNodes.fingerprint(chosen)
        let last = synced.withLock { $0[key] }
        let spec = service["spec"] ?? .null
        if let last, last.spec == spec {
            if last.nodes != fingerprint { try await updateHosts(service, chosen) }
        } else {
            try await ensure(service, chosen)
        }
        synced.withLock { $0[key] = (spec, fingerprint) }
        return .done
    }

    private func ensure(_ service: JSONValue, _ chosen: [JSONValue]) async throws {
        await events.record(service, type: .services, reason: "EnsuringLoadBalancer", message: "Ensuring load balancer")
        let status: JSONValue
        do {
            status = try await cloud.ensureLoadBalancer(clusterName: clusterName, service: service, nodes: chosen)
        } catch {
            await events.record(service, type: .services, eventType: "Warning", reason: "SyncLoadBalancerFailed",
                                message: "Error syncing load balancer: failed to ensure load balancer: \(Self.describe(error))")
            throw error
        }
        try await writeStatus(service, status)
        await events.record(service, type: .services, reason: "EnsuredLoadBalancer", message: "Ensured load balancer")
    }

    private func updateHosts(_ service: JSONValue, _ chosen: [JSONValue]) async throws {
        do {
            try await cloud.updateLoadBalancer(clusterName: clusterName, service: service, nodes: chosen)
        } catch {
            let names = chosen.compactMap(\.name).joined(separator: " ")
            await events.record(service, type: .services, eventType: "Warning", reason: "UpdateLoadBalancerFailed",
                                message: "Error updating load balancer with new hosts [\(names)]: \(Self.describe(error))")
            throw error
        }
        await events.record(service, type: .services, reason: "UpdatedLoadBalancer", message: "Updated load balancer with new hosts")
    }

    /// Deletes the load balancer of a Service that has (or had) one, clears its status and
    /// removes the finalizer.
    private func deleteLoadBalancer(_ service: JSONValue) async throws {
        let hasFinalizer = Self.finalizers(service).contains(Self.finalizer)
        let hasIngress = !(service[path: "status", "loadBalancer", "ingress"]?.arrayValue ?? []).isEmpty
        guard hasFinalizer || hasIngress else { return }
        await events.record(service, type: .services, reason: "DeletingLoadBalancer", message: "Deleting load balancer")
        do {
            try await cloud.ensureLoadBalancerDeleted(clusterName: clusterName, service: service)
        } catch {
            await events.record(service, type: .services, eventType: "Warning", reason: "SyncLoadBalancerFailed",
                                message: "Error syncing load balancer: failed to delete load balancer: \(Self.describe(error))")
            throw error
        }
        var current = service
        if hasIngress { current = try await writeStatus(service, [:]) }
        await events.record(service, type: .services, reason: "DeletedLoadBalancer", message: "Deleted load balancer")
        if hasFinalizer {
            _ = try await ConflictRetry.update(client, .services, current) { service in
                let remaining = Self.finalizers(service).filter { $0 != Self.finalizer }
                service[path: "metadata", "finalizers"] = remaining.isEmpty ? nil : .array(remaining.map(JSONValue.string))
                return true
            }
        }
    }

    /// The Service with the cleanup finalizer (added when missing); nil when it went away.
    private func addFinalizer(_ service: JSONValue) async throws -> JSONValue? {
        guard !Self.finalizers(service).contains(Self.finalizer) else { return service }
        return try await ConflictRetry.update(client, .services, service) { service in
            guard service[path: "metadata", "deletionTimestamp"] == nil else { return false }
            let finalizers = Self.finalizers(service)
            if finalizers.contains(Self.finalizer) { return true }
            service[path: "metadata", "finalizers"] = .array((finalizers + [Self.finalizer]).map(JSONValue.string))
            return true
        }
    }

    @discardableResult
    private func writeStatus(_ service: JSONValue, _ status: JSONValue) async throws -> JSONValue {
        let ingress = status["ingress"]?.arrayValue ?? []
        let wanted: JSONValue = ingress.isEmpty ? [:] : ["ingress": .array(ingress)]
        return try await ConflictRetry.updateStatus(client, .services, service) { service in
            service[path: "status", "loadBalancer"] = wanted
        }
    }

    private static func finalizers(_ object: JSONValue) -> [String] {
        (object[path: "metadata", "finalizers"]?.arrayValue ?? []).compactMap(\.stringValue)
    }

    /// A plugin failure's message without the call plumbing.
    private static func describe(_ error: any Error) -> String {
        (error as? PluginCallError)?.message ?? "\(error)"
    }
}
