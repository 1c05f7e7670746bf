import Foundation
import Kernel
import Logging
import Synchronization

/// Kubernetes' pod garbage collector. Every `period` it force-deletes the pods bound to a Node
/// that no longer exists, once the node has been missing for `quarantine` (so a node that is
/// being re-registered is not mistaken for a gone one): such a pod first gets phase Failed and
/// the `DisruptionTarget` condition (reason DeletionByPodGC), since no kubelet will ever finish
/// it. It also deletes the oldest terminated (Succeeded or Failed) pods beyond
/// `terminatedPodThreshold`.
public final class PodGarbageCollector: Sendable {
    /// The client every read and write goes through.
    public let client: any ObjectClient
    /// How often pods are looked at (Kubernetes: 20 s).
    public let period: Duration
    /// How long a node must be missing before its pods go (Kubernetes: 40 s).
    public let quarantine: Duration
    /// Terminated pods kept before the oldest are deleted (Kubernetes: 12,500).
    public let terminatedPodThreshold: Int

    let pods: Informer
    let nodes: Informer
    private let logger: Logger
    /// When each missing node was first found missing (our clock).
    private let missingSince = Mutex<[String: ContinuousClock.Instant]>([:])

    /// Creates the collector on shared informers (Pods, Nodes).
    public init(informers: InformerFactory, logger: Logger, period: Duration = .seconds(20), quarantine: Duration = .seconds(40),
                terminatedPodThreshold: Int = 12_500) {
        client = informers.client
        pods = informers.informer(for: .pods)
        nodes = informers.informer(for: .nodes)
        self.logger = logger
        self.period = period
        self.quarantine = quarantine
        self.terminatedPodThreshold = terminatedPodThreshold
    }

    /// Collects every `period` until the calling task is cancelled.
    public func run() async {
        await pods.waitUntilSynced()
        await nodes.waitUntilSynced()
        while !Task.isCancelled {
            await collect(at: .now)
            try? await Task.sleep(for: period)
        }
    }

    /// One pass.
    func collect(at now: ContinuousClock.Instant) async {
        let all = pods.list()
        let known = Set(nodes.list().compactMap(\.name))
        let bound = Set(all.compactMap(\.podNodeName))
        let missing = bound.subtracting(known)
        let expired: Set<String> = missingSince.withLock { since in
            since = since.filter { missing.contains($0.key) }
            for node in missing where since[node] == nil { since[node] = now }
            return Set(since.filter { now - $0.value >= quarantine }.keys)
        }
        for node in expired.sorted() {
            // The cache may lag: only a node the API does not know is gone.
            do {
                _ = try await client.get(.nodes, namespace: "", name: node)
                continue
            } catch where isNotFound(error) {
            } catch {
                continue
            }
            for pod in all where pod.podNodeName == node { await forceDelete(pod, reason: "PodGC: node no longer exists") }
        }
        let terminated = all.filter { ["Succeeded", "Failed"].contains($0.podPhase) && !$0.isBeingDeleted }
        if terminated.count > terminatedPodThreshold {
            let oldest = terminated.sorted { ($0.creationDate ?? .distantPast) < ($1.creationDate ?? .distantPast) }
            for pod in oldest.prefix(terminated.count - terminatedPodThreshold) { await forceDelete(pod, reason: nil) }
        }
    }

    /// Marks the pod Failed with `reason` (when given and it is not terminal yet), then
    /// deletes it with no grace period.
    private func forceDelete(_ pod: JSONValue, reason: String?) async {
        let namespace = pod.namespace ?? ""
        if let reason, pod.podPhase != "Succeeded", pod.podPhase != "Failed" {
            var marked = pod
            var conditions = pod[path: "status", "conditions"]?.arrayValue ?? []
            StatusConditions.set(&conditions, type: "DisruptionTarget", status: "True", reason: "DeletionByPodGC", message: reason,
                                 now: KubeTime.now(), withUpdateTime: false)
            marked[path: "status", "conditions"] = .array(conditions)
            marked[path: "status", "phase"] = "Failed"
            _ = try? await client.updateStatus(.pods, namespace: namespace, object: marked)
        }
        do {
            _ = try await client.delete(.pods, namespace: namespace, name: pod.name ?? "",
                                        options: DeleteOptions(gracePeriodSeconds: 0, preconditions: DeletePreconditions(uid: pod.uid)))
            logger.info("garbage-collected a pod", metadata: ["pod": "\(ObjectKey(pod))", "node": "\(pod.podNodeName ?? "")"])
        } catch where isNotFound(error) {
        } catch {
            logger.debug("pod garbage collection failed; retried next period", metadata: ["pod": "\(ObjectKey(pod))", "error": "\(error)"])
        }
    }
}
