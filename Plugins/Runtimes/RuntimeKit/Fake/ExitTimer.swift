import Foundation
import Synchronization

/// The runtime's timer thread: it wakes at the next moment a container's process has
/// something to do (a `sleep` ends, it exits) and lets the engine settle every container, so
/// state changes happen on time even when nobody asks. Reads settle lazily too, so a reader
/// never sees a stale state between two ticks.
final class ExitTimer: Sendable {
    private struct State {
        var deadline: Int64?
        var started = false
        var stopping = false
    }

    private let state = Mutex(State())
    private let signal = DispatchSemaphore(value: 0)
    private let finished = DispatchSemaphore(value: 0)
    private let action = Mutex<(@Sendable () -> Int64?)?>(nil)

    /// Sets what the thread does when it wakes: settle the runtime and return the next
    /// wake-up time (ns since the epoch).
    func setAction(_ body: @escaping @Sendable () -> Int64?) {
        action.withLock { $0 = body }
    }

    /// Makes sure the thread wakes no later than `time`. Starts the thread on first use.
    func wake(at time: Int64) {
        let start = state.withLock { state -> Bool in
            guard !state.stopping else { return false }
            if state.deadline.map({ time < $0 }) ?? true { state.deadline = time }
            defer { state.started = true }
            return !state.started
        }
        if start {
            let thread = Thread { [self] in run() }
            thread.name = "fake runtime timer"
            thread.start()
        }
        signal.signal()
    }

    /// Stops the thread and waits until it has ended (so no code of this library runs after).
    func stop() {
        let wasStarted = state.withLock { state -> Bool in
            state.stopping = true
            return state.started
        }
        guard wasStarted else { return }
        signal.signal()
        finished.wait()
    }

    private func run() {
        while true {
            let (stopping, deadline) = state.withLock { ($0.stopping, $0.deadline) }
            if stopping { break }
            let now = Identifiers.now()
            guard let deadline else {
                signal.wait()
                continue
            }
            if deadline > now {
                _ = signal.wait(timeout: .now() + .nanoseconds(Int(min(deadline - now, 3_600_000_000_000))))
                continue
            }
            state.withLock { $0.deadline = nil }
            if let next = action.withLock({ $0 })?() {
                state.withLock { state in
                    if state.deadline.map({ next < $0 }) ?? true { state.deadline = next }
                }
            }
        }
        finished.signal()
    }
}
