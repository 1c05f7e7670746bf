import Synchronization

/// Fires request deadlines from one background task that wakes ten times a second while any
/// deadline is pending, so a request pays a dictionary insert and remove for its deadline
/// instead of a timer of its own. Deadlines fire up to one tick late.
final class DeadlineWatchdog: Sendable {
    /// The watchdog every API server shares.
    static let shared = DeadlineWatchdog()

    /// How often pending deadlines are checked.
    let tick: Duration = .milliseconds(100)

    private struct Entry {
        let deadline: ContinuousClock.Instant
        let fire: @Sendable () -> Void
    }
    private struct State {
        var next: UInt64 = 0
        var entries: [UInt64: Entry] = [:]
        var running = false
    }
    private let state = Mutex(State())

    /// Calls `fire` once `seconds` have passed, unless `cancel` comes first; returns the handle.
    func register(after seconds: Double, _ fire: @escaping @Sendable () -> Void) -> UInt64 {
        let deadline = ContinuousClock.now + .milliseconds(Int64(seconds * 1000))
        let (id, start) = state.withLock { state -> (UInt64, Bool) in
            state.next += 1
            state.entries[state.next] = Entry(deadline: deadline, fire: fire)
            defer { state.running = true }
            return (state.next, !state.running)
        }
        if start { Task.detached { await self.run() } }
        return id
    }

    /// Forgets a deadline that is no longer needed.
    func cancel(_ id: UInt64) {
        _ = state.withLock { $0.entries.removeValue(forKey: id) }
    }

    /// Checks the deadlines each tick until none is pending.
    private func run() async {
        while true {
            try? await Task.sleep(for: tick)
            let now = ContinuousClock.now
            let (expired, idle) = state.withLock { state -> ([@Sendable () -> Void], Bool) in
                var expired: [@Sendable () -> Void] = []
                for (id, entry) in state.entries where entry.deadline <= now {
                    expired.append(entry.fire)
                    state.entries[id] = nil
                }
                if state.entries.isEmpty { state.running = false }
                return (expired, state.entries.isEmpty)
            }
            expired.forEach { $0() }
            if idle { return }
        }
    }
}
