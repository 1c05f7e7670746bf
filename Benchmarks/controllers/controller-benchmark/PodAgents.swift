import APIServer
import Controllers
import Kernel
import Logging

/// Stands in for the kubelets of `nodes` nodes (scheduling and containers are benchmarked
/// elsewhere): every new pod is bound to the next node in turn and reported Running and Ready
/// with a pod IP; a pod marked for deletion is removed at once (grace 0), as a kubelet does once
/// its containers have stopped. `workers` tasks share the work, one pod at a time each.
final class PodAgents: Sendable {
    private let api: ClusterAPI
    private let pods: Informer
    private let queue = WorkQueue<ObjectKey>()
    private let nodes: Int
    private let workers: Int

    init(api: ClusterAPI, nodes: Int, workers: Int, logger: Logger) {
        self.api = api
        self.nodes = nodes
        self.workers = workers
        pods = Informer(client: api, type: .pods, logger: logger)
        let queue = self.queue
        pods.addHandler { event in
            if case .deleted = event { return }
            queue.add(ObjectKey(event.object))
        }
    }

    /// Works until the calling task is cancelled.
    func run() async {
        let queue = self.queue
        await withTaskCancellationHandler {
            await withDiscardingTaskGroup { group in
                group.addTask { await self.pods.run() }
                for _ in 0..<workers {
                    group.addTask {
                        while let key = await queue.get() {
                            await self.handle(key)
                            queue.done(key)
                        }
                    }
                }
            }
        } onCancel: {
            queue.shutDown()
        }
    }

    private func handle(_ key: ObjectKey) async {
        guard let pod = pods.get(key) else { return }
        do {
            if pod.isBeingDeleted {
                _ = try await api.deleteWithOptions(.pods, namespace: key.namespace, name: key.name,
                                                    options: DeleteOptions(gracePeriodSeconds: 0, preconditions: DeletePreconditions(uid: pod.uid)))
                return
            }
            guard !pod.isPodReady else { return }
            let index = Int(UInt32(truncatingIfNeeded: key.name.hashValue) % UInt32(nodes))
            if pod[path: "spec", "nodeName"]?.stringValue == nil {
                try await api.bind(podNamespace: key.namespace, podName: key.name, nodeName: "bench-\(index)")
            }
            var current = try await api.get(.pods, namespace: key.namespace, name: key.name)
            let now = KubeTime.now()
            current[path: "status", "phase"] = "Running"
            current[path: "status", "podIP"] = .string("127.244.\(index).\(1 + Int(UInt8(truncatingIfNeeded: key.name.hashValue >> 8)) % 250)")
            current[path: "status", "conditions"] = [
                ["type": "PodScheduled", "status": "True", "lastTransitionTime": .string(now)],
                ["type": "Initialized", "status": "True", "lastTransitionTime": .string(now)],
                ["type": "ContainersReady", "status": "True", "lastTransitionTime": .string(now)],
                ["type": "Ready", "status": "True", "lastTransitionTime": .string(now)],
            ]
            current[path: "status", "startTime"] = .string(now)
            _ = try await api.updateStatus(.pods, namespace: key.namespace, object: current)
        } catch {
            // Gone or changed meanwhile: the watch brings the next state.
            if !((error as? APIError).map { $0.code == 404 } ?? false) { queue.addAfter(key, delay: .milliseconds(50)) }
        }
    }
}
