import Kernel
import Synchronization

/// The kubelet's pod workers, one per pod uid: routes pod updates, deletions and container
/// changes to them and drops a worker once its pod is fully gone.
final class PodWorkers: Sendable {
    private let sync: PodSync
    private let workers = Mutex<[String: PodWorker]>([:])

    init(sync: PodSync) {
        self.sync = sync
    }

    /// A pod bound to this node was added or changed.
    func update(_ pod: JSONValue) {
        guard let uid = pod.uid else { return }
        let (worker, created) = workers.withLock { workers -> (PodWorker, Bool) in
            if let existing = workers[uid] { return (existing, false) }
            let worker = PodWorker(pod: pod)
            workers[uid] = worker
            return (worker, true)
        }
        if created {
            worker.start(sync: sync) { [weak self, weak worker] in
                guard let self, let worker else { return }
                self.workers.withLock { workers in
                    if workers[uid] === worker { workers[uid] = nil }
                }
            }
        } else {
            worker.update(pod)
        }
    }

    /// A pod was deleted from the API.
    func delete(_ pod: JSONValue) {
        guard let uid = pod.uid else { return }
        workers.withLock { $0[uid] }?.delete(lastState: pod)
    }

    /// After a relist: every listed pod is updated, every worker whose pod is missing is told
    /// its pod was deleted.
    func reconcile(_ pods: [JSONValue]) {
        let listed = Set(pods.compactMap(\.uid))
        for pod in pods { update(pod) }
        let missing = workers.withLock { workers in workers.filter { !listed.contains($0.key) }.map(\.value) }
        for worker in missing { worker.delete(lastState: nil) }
    }

    /// Pods whose containers changed: sync them.
    func poke(_ uids: Set<String>) {
        let selected = workers.withLock { workers in uids.compactMap { workers[$0] } }
        for worker in selected { worker.poke() }
    }

    /// The uids with a worker.
    var uids: Set<String> { workers.withLock { Set($0.keys) } }

    /// Stops every worker (kubelet shutdown; pods keep running in the runtime).
    func shutdown() async {
        let all = workers.withLock { workers in
            defer { workers.removeAll() }
            return Array(workers.values)
        }
        for worker in all { await worker.cancel() }
    }
}
