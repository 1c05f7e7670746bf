import Foundation
import Kernel
import Logging
import Synchronization

/// Kubernetes' taint-eviction controller (the NoExecute taint manager). A pod bound to a node
/// with NoExecute taints is deleted at once when it does not tolerate one of them, never when
/// the tolerations that match carry no `tolerationSeconds`, and otherwise once the smallest
/// `tolerationSeconds` among them has passed since the taint was added (`timeAdded`). Before
/// the delete the pod gets the `DisruptionTarget` condition (reason DeletionByTaintManager)
/// and a `TaintManagerEviction` Event; its controller then recreates it elsewhere. A taint
/// removed in time cancels the eviction.
public final class TaintEvictionController: Sendable {
    /// The client every read and write goes through.
    public let client: any ObjectClient

    let pods: Informer
    let nodes: Informer
    let queue: WorkQueue<ObjectKey>
    private let options: ControllerOptions
    private let logger: Logger
    private let events: EventRecorder
    /// When this controller first saw a NoExecute taint that has no `timeAdded`, by
    /// "node|key|effect".
    private let firstSeen = Mutex<[String: Date]>([:])

    /// Creates the controller over shared informers (Pods, Nodes).
    public init(informers: InformerFactory, logger: Logger, options: ControllerOptions = ControllerOptions()) {
        client = informers.client
        pods = informers.informer(for: .pods)
        nodes = informers.informer(for: .nodes)
        queue = WorkQueue(baseDelay: options.retryBaseDelay, maxDelay: options.retryMaxDelay)
        self.options = options
        self.logger = logger
        events = EventRecorder(client: informers.client, component: "taint-eviction-controller", logger: logger)
        pods.addHandler { [queue] event in
            if case .deleted = event { return }
            if event.object.podNodeName != nil { queue.add(ObjectKey(event.object)) }
        }
        nodes.addHandler { [weak self] event in self?.nodeChanged(event) }
    }

    /// Runs until the calling task is cancelled (the factory runs the informers).
    public func run() async {
        let pods = self.pods
        await ReconcileLoop(
            name: "taint-eviction", queue: queue, informers: [pods, nodes], runsInformers: false, options: options, logger: logger,
            allKeys: { pods.list().filter { $0.podNodeName != nil }.map { ObjectKey($0) } },
            reconcile: { [weak self] key in try await self?.reconcile(key) ?? .done }
        ).run()
    }

    /// Queues the node's pods when its NoExecute taints change.
    private func nodeChanged(_ event: InformerEvent) {
        let before: [JSONValue]
        switch event {
        case .added: before = []
        case .updated(let old, _): before = NodeTaints.noExecute(of: old)
        case .deleted: return
        }
        guard NodeTaints.noExecute(of: event.object) != before, let name = event.object.name else { return }
        for pod in pods.list() where pod.podNodeName == name { queue.add(ObjectKey(pod)) }
    }

    /// Evicts the pod now, later (requeued for then) or never.
    func reconcile(_ key: ObjectKey) async throws -> ReconcileResult {
        guard let pod = pods.get(key), !pod.isBeingDeleted, let nodeName = pod.podNodeName,
              !["Succeeded", "Failed"].contains(pod[path: "status", "phase"]?.stringValue ?? ""),
              let node = nodes.get(namespace: "", name: nodeName) else { return .done }
        let taints = NodeTaints.noExecute(of: node)
        guard !taints.isEmpty else { return .done }
        let tolerations = pod[path: "spec", "tolerations"]?.arrayValue ?? []
        var seconds: Int64?
        var start: Date?
        for taint in taints {
            let matching = tolerations.filter { NodeTaints.tolerates($0, taint) }
            if matching.isEmpty {
                try await evict(pod, message: "Marking for deletion Pod \(key)")
                return .done
            }
            for limit in matching.compactMap({ $0["tolerationSeconds"]?.intValue }) {
                seconds = min(seconds ?? limit, limit)
            }
            let added = added(taint, on: nodeName)
            start = min(start ?? added, added)
        }
        guard let seconds, let start else { return .done }  // Tolerated forever.
        let remaining = start.addingTimeInterval(TimeInterval(max(seconds, 0))).timeIntervalSinceNow
        if remaining <= 0 {
            try await evict(pod, message: "Marking for deletion Pod \(key)")
            return .done
        }
        return .requeueAfter(.milliseconds(Int64((remaining * 1000).rounded(.up))))
    }

    /// When the taint was added: its `timeAdded`, or when this controller first saw it.
    private func added(_ taint: JSONValue, on node: String) -> Date {
        if let text = taint["timeAdded"]?.stringValue, let date = KubeTime.parse(text) { return date }
        let id = "\(node)|\(taint["key"]?.stringValue ?? "")|\(taint["effect"]?.stringValue ?? "")"
        return firstSeen.withLock { seen in
            if let date = seen[id] { return date }
            let now = Date()
            seen[id] = now
            return now
        }
    }

    /// Marks the pod as a disruption target, records the eviction and deletes the pod.
    private func evict(_ pod: JSONValue, message: String) async throws {
        var conditions = pod[path: "status", "conditions"]?.arrayValue ?? []
        StatusConditions.set(&conditions, type: "DisruptionTarget", status: "True", reason: "DeletionByTaintManager",
                             message: "Taint manager: deleting due to NoExecute taint", now: KubeTime.now(), withUpdateTime: false)
        var marked = pod
        marked[path: "status", "conditions"] = .array(conditions)
        do {
            _ = try await client.updateStatus(.pods, namespace: pod.namespace ?? "", object: marked)
        } catch where isNotFound(error) {
            return
        } catch {
            logger.debug("could not mark the pod as a disruption target", metadata: ["pod": "\(ObjectKey(pod))", "error": "\(error)"])
        }
        await events.record(pod, type: .pods, reason: "TaintManagerEviction", message: message)
        do {
            _ = try await client.delete(.pods, namespace: pod.namespace ?? "", name: pod.name ?? "")
            logger.info("evicted a pod from a NoExecute-tainted node", metadata: ["pod": "\(ObjectKey(pod))"])
        } catch where isNotFound(error) {}
    }
}
