import Synchronization

/// A queue of keys to reconcile with Kubernetes' work-queue semantics:
/// - a key waiting in the queue is stored once however often it is added (dedup);
/// - a key being processed is never handed to a second worker; adding it meanwhile marks it
///   dirty and it is queued again when the worker calls `done`;
/// - failures back off per key (`addRateLimited`, exponential from `baseDelay` to `maxDelay`)
///   until `forget` resets the key;
/// - `addAfter` delays an add (for requeues at a known time).
public final class WorkQueue<Key: Hashable & Sendable>: Sendable {
    private struct Delayed {
        let deadline: ContinuousClock.Instant
        let token: UInt64
        let task: Task<Void, Never>
    }

    private struct State {
        var items: [Key] = []
        var head = 0
        var dirty: Set<Key> = []
        var processing: Set<Key> = []
        var waiters: [(id: UInt64, continuation: CheckedContinuation<Key?, Never>)] = []
        var nextID: UInt64 = 0
        var shuttingDown = false
        var failures: [Key: Int] = [:]
        var delayed: [Key: Delayed] = [:]

        var queuedCount: Int { items.count - head }

        mutating func popFront() -> Key? {
            guard head < items.count else { return nil }
            let key = items[head]
            head += 1
            if head > 64 && head * 2 > items.count {
                items.removeFirst(head)
                head = 0
            }
            return key
        }

        /// Queues a dirty key: hands it to a waiting worker (returned for resuming outside the
        /// lock) or appends it.
        mutating func enqueue(_ key: Key) -> CheckedContinuation<Key?, Never>? {
            if !waiters.isEmpty {
                let waiter = waiters.removeFirst()
                dirty.remove(key)
                processing.insert(key)
                return waiter.continuation
            }
            items.append(key)
            return nil
        }
    }

    private let state = Mutex(State())
    /// First retry delay of a failing key.
    public let baseDelay: Duration
    /// Longest retry delay.
    public let maxDelay: Duration

    /// Creates a queue whose failed keys retry after `baseDelay`, doubling up to `maxDelay`.
    public init(baseDelay: Duration = .milliseconds(5), maxDelay: Duration = .seconds(60)) {
        self.baseDelay = baseDelay
        self.maxDelay = maxDelay
    }

    /// Adds a key (no-op when it is already waiting or the queue is shut down).
    public func add(_ key: Key) {
        let handoff = state.withLock { state -> CheckedContinuation<Key?, Never>? in
            if state.shuttingDown || state.dirty.contains(key) { return nil }
            state.dirty.insert(key)
            if state.processing.contains(key) { return nil }
            return state.enqueue(key)
        }
        handoff?.resume(returning: key)
    }

    /// Waits for the next key and marks it as being processed; the caller must call `done`.
    /// Returns nil once the queue is shut down or the calling task is cancelled.
    public func get() async -> Key? {
        let id = state.withLock { state -> UInt64 in
            state.nextID += 1
            return state.nextID
        }
        return await withTaskCancellationHandler {
            await withCheckedContinuation { (continuation: CheckedContinuation<Key?, Never>) in
                let immediate = state.withLock { state -> Key?? in
                    if let key = state.popFront() {
                        state.dirty.remove(key)
                        state.processing.insert(key)
                        return .some(key)
                    }
                    if state.shuttingDown || Task.isCancelled { return .some(nil) }
                    state.waiters.append((id, continuation))
                    return .none
                }
                if let result = immediate { continuation.resume(returning: result) }
            }
        } onCancel: {
            let waiter = state.withLock { state -> CheckedContinuation<Key?, Never>? in
                guard let index = state.waiters.firstIndex(where: { $0.id == id }) else { return nil }
                return state.waiters.remove(at: index).continuation
            }
            waiter?.resume(returning: nil)
        }
    }

    /// Ends the processing of a key; re-queues it when it was added meanwhile.
    public func done(_ key: Key) {
        let handoff = state.withLock { state -> CheckedContinuation<Key?, Never>? in
            state.processing.remove(key)
            guard state.dirty.contains(key), !state.shuttingDown else { return nil }
            return state.enqueue(key)
        }
        handoff?.resume(returning: key)
    }

    /// Adds the key after its back-off delay and counts one more failure for it.
    public func addRateLimited(_ key: Key) {
        let delay = state.withLock { state -> Duration in
            let failures = state.failures[key, default: 0]
            state.failures[key] = failures + 1
            return backoff(failures: failures)
        }
        addAfter(key, delay: delay)
    }

    /// The delay after `failures` earlier failures: baseDelay * 2^failures, capped at maxDelay.
    public func backoff(failures: Int) -> Duration {
        guard failures < 40 else { return maxDelay }
        let delay = baseDelay * (1 << failures)
        return delay < maxDelay ? delay : maxDelay
    }

    /// Clears the failure count of a key (call after it reconciled successfully).
    public func forget(_ key: Key) {
        state.withLock { _ = $0.failures.removeValue(forKey: key) }
    }

    /// How many times the key has failed since it was last forgotten.
    public func failures(_ key: Key) -> Int {
        state.withLock { $0.failures[key, default: 0] }
    }

    /// Adds the key once `delay` has passed. An earlier pending delayed add of the same key
    /// wins over a later one.
    public func addAfter(_ key: Key, delay: Duration) {
        guard delay > .zero else {
            add(key)
            return
        }
        let deadline = ContinuousClock.now + delay
        state.withLock { state in
            if state.shuttingDown { return }
            if let pending = state.delayed[key] {
                if pending.deadline <= deadline { return }
                pending.task.cancel()
            }
            state.nextID += 1
            let token = state.nextID
            let task = Task { [weak self] in
                try? await Task.sleep(until: deadline, clock: .continuous)
                guard !Task.isCancelled else { return }
                self?.fireDelayed(key, token: token)
            }
            state.delayed[key] = Delayed(deadline: deadline, token: token, task: task)
        }
    }

    private func fireDelayed(_ key: Key, token: UInt64) {
        let current = state.withLock { state -> Bool in
            guard state.delayed[key]?.token == token else { return false }
            state.delayed[key] = nil
            return true
        }
        if current { add(key) }
    }

    /// Stops the queue: waiting and later `get` calls return nil, pending delayed adds are
    /// dropped, later adds are ignored.
    public func shutDown() {
        let (waiters, timers) = state.withLock { state -> ([CheckedContinuation<Key?, Never>], [Task<Void, Never>]) in
            state.shuttingDown = true
            let waiters = state.waiters.map(\.continuation)
            let timers = state.delayed.values.map(\.task)
            state.waiters = []
            state.delayed = [:]
            return (waiters, timers)
        }
        for timer in timers { timer.cancel() }
        for waiter in waiters { waiter.resume(returning: nil) }
    }

    /// Whether `shutDown` was called.
    public var isShuttingDown: Bool { state.withLock { $0.shuttingDown } }

    /// Keys waiting to be processed (not counting delayed adds or keys being processed).
    public var count: Int { state.withLock { $0.queuedCount } }
}
