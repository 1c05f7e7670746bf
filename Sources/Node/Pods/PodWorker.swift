import Kernel
import Synchronization

/// One pod's worker: a single task that syncs the pod whenever something about it changes, so
/// that work on one pod is serialized while pods proceed in parallel. Updates arriving during a
/// sync are coalesced: the next sync sees the latest pod.
final class PodWorker: Sendable {
    /// The pod's uid.
    let uid: String
    private struct Pending {
        var pod: JSONValue
        var deleted = false
    }
    private let pending: Mutex<Pending>
    private let signals: AsyncStream<Void>
    private let continuation: AsyncStream<Void>.Continuation
    private let timer = Mutex<Task<Void, Never>?>(nil)
    private let task = Mutex<Task<Void, Never>?>(nil)

    init(pod: JSONValue) {
        uid = pod.uid ?? ""
        pending = Mutex(Pending(pod: pod))
        (signals, continuation) = AsyncStream.makeStream(of: Void.self, bufferingPolicy: .bufferingNewest(1))
        continuation.yield()
    }

    /// A newer version of the pod. A change of status alone (the kubelet's own status writes,
    /// mostly) is kept for the next sync but does not cause one, as the kubelet's pod config
    /// ignores updates that do not differ semantically.
    func update(_ pod: JSONValue) {
        let differs = pending.withLock { pending -> Bool in
            guard !pending.deleted else { return false }
            defer { pending.pod = pod }
            return Self.semanticPart(pending.pod) != Self.semanticPart(pod)
        }
        if differs { continuation.yield() }
    }

    /// The pod without what changes on every write of its status.
    private static func semanticPart(_ pod: JSONValue) -> JSONValue {
        var copy = pod
        copy["status"] = nil
        copy[path: "metadata", "resourceVersion"] = nil
        copy[path: "metadata", "managedFields"] = nil
        return copy
    }

    /// The pod is gone from the API (`lastState` is its final object, when known).
    func delete(lastState: JSONValue?) {
        pending.withLock { pending in
            pending.deleted = true
            if let lastState { pending.pod = lastState }
        }
        continuation.yield()
    }

    /// Something about the pod's containers changed: sync again.
    func poke() {
        continuation.yield()
    }

    /// Starts the worker's task: `sync` runs once per signal with the latest pod and a record
    /// only this task touches; `finished` runs when the pod is fully gone.
    func start(sync: PodSync, finished: @escaping @Sendable () -> Void) {
        let started = Task { [self] in
            var record = PodRecord(uid: uid, options: sync.context.options)
            record.probes = PodProbes(poke: { [weak self] in self?.poke() })
            defer { record.probes?.stopAll() }
            for await _ in signals {
                if Task.isCancelled { break }
                let latest = pending.withLock { $0 }
                let outcome = await sync.sync(&record, pod: latest.pod, deleted: latest.deleted)
                switch outcome {
                case .finished:
                    stop()
                    finished()
                    return
                case .idle:
                    wake(after: nil)
                case .retry(let delay):
                    wake(after: delay)
                }
            }
        }
        task.withLock { $0 = started }
    }

    /// Ends the worker without touching the pod (kubelet shutdown) and waits for it.
    func cancel() async {
        let running = task.withLock { $0 }
        running?.cancel()
        stop()
        await running?.value
    }

    private func stop() {
        continuation.finish()
        timer.withLock { $0?.cancel() }
    }

    private func wake(after delay: Duration?) {
        let continuation = self.continuation
        timer.withLock { timer in
            timer?.cancel()
            timer = delay.map { delay in
                Task {
                    try? await Task.sleep(for: delay)
                    if !Task.isCancelled { continuation.yield() }
                }
            }
        }
    }
}
