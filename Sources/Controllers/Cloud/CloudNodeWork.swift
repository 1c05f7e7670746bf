import Synchronization

/// The names of nodes waiting for initialization, each at most once, handed out in order.
final class CloudNodeWork: Sendable {
    private struct State {
        var order: [String] = []
        var queued: Set<String> = []
        var waiter: CheckedContinuation<String?, Never>?
        var closed = false
        /// The last failure reported per node, so that a repeated failure is not re-reported.
        var reported: [String: String] = [:]
    }

    private let state = Mutex(State())

    /// Queues a node unless it is queued already.
    func add(_ name: String) {
        let waiter = state.withLock { state -> CheckedContinuation<String?, Never>? in
            guard !state.closed, state.queued.insert(name).inserted else { return nil }
            if let waiter = state.waiter {
                state.waiter = nil
                state.queued.remove(name)
                return waiter
            }
            state.order.append(name)
            return nil
        }
        waiter?.resume(returning: name)
    }

    /// The next node to initialize; nil once closed.
    func next() async -> String? {
        await withCheckedContinuation { continuation in
            let ready = state.withLock { state -> String?? in
                if state.closed { return .some(nil) }
                if !state.order.isEmpty {
                    let name = state.order.removeFirst()
                    state.queued.remove(name)
                    return .some(name)
                }
                state.waiter = continuation
                return .none
            }
            if let ready { continuation.resume(returning: ready) }
        }
    }

    /// Whether a failure message for `name` is new (and remembers it).
    func shouldReport(_ name: String, _ message: String) -> Bool {
        state.withLock { state in
            if state.reported[name] == message { return false }
            state.reported[name] = message
            return true
        }
    }

    /// Forgets the failures of a node that is now initialized.
    func succeeded(_ name: String) {
        state.withLock { _ = $0.reported.removeValue(forKey: name) }
    }

    /// Ends `next` for good.
    func close() {
        let waiter = state.withLock { state -> CheckedContinuation<String?, Never>? in
            state.closed = true
            defer { state.waiter = nil }
            return state.waiter
        }
        waiter?.resume(returning: nil)
    }
}
