import Dispatch
import Synchronization

/// Group commit: writers that need their change durable before they answer wait here, and one
/// `flush` of the backend on a dedicated queue serves every writer waiting at that moment, so a
/// burst of concurrent writes costs one sync instead of one each (as etcd batches its log
/// syncs). Backends whose `apply` is durable by itself never wait.
final class StoreDurability: Sendable {
    private struct State {
        /// Every change up to this revision is durable.
        var durable: Int64
        /// Writers waiting for a revision, with how to resume them.
        var waiters: [(revision: Int64, continuation: CheckedContinuation<Void, any Error>)] = []
        /// Whether a flush is running or scheduled.
        var flushing = false
    }

    private let backend: any StorageBackend
    private let state: Mutex<State>
    private let queue = DispatchQueue(label: "keelson.store.flush")

    /// A gate over `backend`, whose changes up to `revision` are already durable.
    init(backend: any StorageBackend, durable revision: Int64) {
        self.backend = backend
        self.state = Mutex(State(durable: revision))
    }

    /// Returns once every change up to `revision` is durable; throws `StoreError.backend` when
    /// the backend could not sync.
    func wait(for revision: Int64, current: @escaping @Sendable () -> Int64) async throws {
        guard backend.defersDurability else { return }
        if state.withLock({ $0.durable >= revision }) { return }
        try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<Void, any Error>) in
            let start = state.withLock { state -> Bool in
                if state.durable >= revision {
                    continuation.resume()
                    return false
                }
                state.waiters.append((revision, continuation))
                defer { state.flushing = true }
                return !state.flushing
            }
            if start { queue.async { self.flushLoop(current: current) } }
        }
    }

    /// Flushes until no writer waits: each round syncs everything applied before it started.
    private func flushLoop(current: @Sendable () -> Int64) {
        while true {
            let target = current()
            var failure: (any Error)?
            do { try backend.flush() } catch { failure = error }
            let (ready, more) = state.withLock { state -> ([CheckedContinuation<Void, any Error>], Bool) in
                if failure == nil { state.durable = max(state.durable, target) }
                let covered = failure == nil ? target : Int64.max
                let ready = state.waiters.filter { $0.revision <= covered }.map(\.continuation)
                state.waiters.removeAll { $0.revision <= covered }
                state.flushing = !state.waiters.isEmpty
                return (ready, state.flushing)
            }
            for continuation in ready {
                if let failure { continuation.resume(throwing: failure) } else { continuation.resume() }
            }
            if !more { return }
        }
    }
}
