import Foundation
import Kernel
import Logging
import Synchronization

/// Kubernetes' node lifecycle controller. Every `monitorPeriod` it looks at each Node's
/// heartbeats, its Lease's `renewTime` and its Ready condition's `lastHeartbeatTime`. A node
/// silent for longer than the grace period gets its Ready, MemoryPressure, DiskPressure and
/// PIDPressure conditions set to Unknown ("Kubelet stopped posting node status."), and the
/// pods on it are marked not Ready so Services stop sending them traffic. The taints follow
/// the Ready condition: `node.kubernetes.io/unreachable` (Unknown) or
/// `node.kubernetes.io/not-ready` (False), each as NoSchedule and NoExecute, all removed once
/// the node is Ready again. The NoExecute taint is what `TaintEvictionController` evicts by.
///
/// Silence is measured on this controller's own clock from the moment it last saw a heartbeat
/// change, as Kubernetes does, so clock skew between components does not matter and a
/// restarted controller gives every node a full grace period.
public final class NodeLifecycleController: Sendable {
    /// The node conditions whose status turns Unknown when the kubelet goes silent.
    public static let conditionTypes = ["Ready", "MemoryPressure", "DiskPressure", "PIDPressure"]

    /// The client every read and write goes through.
    public let client: any ObjectClient
    /// Timings.
    public let options: NodeLifecycleOptions

    let nodes: Informer
    let leases: Informer
    let pods: Informer
    private let logger: Logger
    private let events: EventRecorder
    /// Per node: the heartbeat last seen and when it was first seen (our clock).
    private let heartbeats = Mutex<[String: (signal: String, since: ContinuousClock.Instant)]>([:])

    /// Creates the controller over shared informers (Nodes, Leases, Pods); whoever owns the
    /// factory runs them.
    public init(informers: InformerFactory, options: NodeLifecycleOptions = NodeLifecycleOptions(), logger: Logger) {
        client = informers.client
        self.options = options
        self.logger = logger
        nodes = informers.informer(for: .nodes)
        leases = informers.informer(for: .leases)
        pods = informers.informer(for: .pods)
        events = EventRecorder(client: informers.client, component: "node-controller", logger: logger)
    }

    /// Checks every node each `monitorPeriod` until the calling task is cancelled.
    public func run() async {
        await nodes.waitUntilSynced()
        await leases.waitUntilSynced()
        await pods.waitUntilSynced()
        while !Task.isCancelled {
            await monitorAll()
            try? await Task.sleep(for: options.monitorPeriod)
        }
    }

    /// One pass over every node.
    func monitorAll() async {
        let all = nodes.list()
        let names = Set(all.compactMap(\.name))
        heartbeats.withLock { $0 = $0.filter { names.contains($0.key) } }
        for node in all {
            do {
                try await monitor(node, at: .now)
            } catch {
                logger.debug("node health check failed; retried next period", metadata: ["node": "\(node.name ?? "")", "error": "\(error)"])
            }
        }
    }

    /// Checks one node: conditions to Unknown when silent too long, taints after the Ready
    /// condition, pods of an unreachable node not Ready.
    func monitor(_ node: JSONValue, at now: ContinuousClock.Instant) async throws {
        guard let name = node.name else { return }
        let ready = StatusConditions.find(node[path: "status", "conditions"]?.arrayValue ?? [], type: "Ready")
        let lease = leases.get(namespace: "kube-node-lease", name: name)
        // Any change counts: a new heartbeat (whole seconds), a renewed Lease (microseconds), or
        // a new Ready status (the kubelet's True after our Unknown, within the same second).
        let signal = [ready?["status"]?.stringValue, ready?["lastHeartbeatTime"]?.stringValue, lease?[path: "spec", "renewTime"]?.stringValue]
            .map { $0 ?? "" }.joined(separator: "|")
        let since = heartbeats.withLock { seen -> ContinuousClock.Instant in
            if let last = seen[name], last.signal == signal { return last.since }
            seen[name] = (signal, now)
            return now
        }
        let grace = ready == nil ? options.startupGracePeriod : options.gracePeriod
        var current = node
        if now - since > grace, let updated = try await markUnknown(node, everPosted: ready != nil) {
            current = updated
        }
        let status = StatusConditions.find(current[path: "status", "conditions"]?.arrayValue ?? [], type: "Ready")?["status"]?.stringValue
        guard let status else { return }  // A node that has not posted status yet, within its startup grace.
        try await taint(current, readyStatus: status)
        if status == "Unknown" { await markPodsNotReady(on: name) }
    }

    /// Sets the node's conditions to Unknown; nil when they already are. One attempt: on a
    /// conflict the kubelet has just written, and the next pass looks again.
    private func markUnknown(_ node: JSONValue, everPosted: Bool) async throws -> JSONValue? {
        let now = KubeTime.now()
        var conditions = node[path: "status", "conditions"]?.arrayValue ?? []
        var changed = false
        for type in Self.conditionTypes {
            if let index = conditions.firstIndex(where: { $0["type"]?.stringValue == type }) {
                guard conditions[index]["status"]?.stringValue != "Unknown" else { continue }
                conditions[index]["status"] = "Unknown"
                conditions[index]["reason"] = "NodeStatusUnknown"
                conditions[index]["message"] = "Kubelet stopped posting node status."
                conditions[index]["lastTransitionTime"] = .string(now)
            } else {
                conditions.append([
                    "type": .string(type), "status": "Unknown", "reason": "NodeStatusNeverUpdated",
                    "message": "Kubelet never posted node status.",
                    "lastHeartbeatTime": node[path: "metadata", "creationTimestamp"] ?? .string(now),
                    "lastTransitionTime": .string(now),
                ])
            }
            changed = true
        }
        guard changed else { return nil }
        var updated = node
        updated[path: "status", "conditions"] = .array(conditions)
        let written = try await client.updateStatus(.nodes, namespace: "", object: updated)
        logger.info("node stopped posting status", metadata: ["node": "\(node.name ?? "")", "everPosted": "\(everPosted)"])
        await events.record(written, type: .nodes, reason: "NodeNotReady", message: "Node \(node.name ?? "") status is now: NodeNotReady")
        return written
    }

    /// Makes the node's not-ready/unreachable taints match its Ready status.
    private func taint(_ node: JSONValue, readyStatus: String) async throws {
        let wanted = NodeTaints.wanted(forReady: readyStatus)
        _ = try await ConflictRetry.update(client, .nodes, node) { object in
            let taints = object[path: "spec", "taints"]?.arrayValue ?? []
            let reconciled = NodeTaints.reconciled(taints, wanted: wanted, now: KubeTime.now())
            guard reconciled != taints else { return false }
            object[path: "spec", "taints"] = reconciled.isEmpty ? nil : .array(reconciled)
            return true
        }
    }

    /// Sets Ready=False on the pods of an unreachable node that still say Ready=True (their
    /// kubelet cannot, and Endpoints must stop listing them).
    private func markPodsNotReady(on nodeName: String) async {
        for pod in pods.list() where pod.podNodeName == nodeName {
            var conditions = pod[path: "status", "conditions"]?.arrayValue ?? []
            guard let index = conditions.firstIndex(where: { $0["type"]?.stringValue == "Ready" }),
                  conditions[index]["status"]?.stringValue == "True" else { continue }
            conditions[index]["status"] = "False"
            conditions[index]["lastTransitionTime"] = .string(KubeTime.now())
            var updated = pod
            updated[path: "status", "conditions"] = .array(conditions)
            do {
                let written = try await client.updateStatus(.pods, namespace: pod.namespace ?? "", object: updated)
                await events.record(written, type: .pods, eventType: "Warning", reason: "NodeNotReady", message: "Node is not ready")
            } catch {
                logger.debug("marking a pod not ready failed; retried next period", metadata: ["pod": "\(ObjectKey(pod))", "error": "\(error)"])
            }
        }
    }
}
