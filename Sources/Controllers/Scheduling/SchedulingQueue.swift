import Kernel
import Synchronization

/// The pending pods of one scheduler, as kube-scheduler's queue keeps them: an active FIFO,
/// pods backing off after a failed attempt, and unschedulable pods that wait for a cluster
/// change (a node added or changed, a pod's resources freed) or for the retry interval.
final class SchedulingQueue: Sendable {
    /// How a scheduling attempt ended.
    enum Result: Sendable {
        /// Bound to a node; events of the pod older than the binding are ignored.
        case bound(uid: String?)
        /// No node fits: wait for a cluster change (and the back-off) or the retry interval.
        case unschedulable
        /// The attempt failed (plugin error, binding refused): retry after the back-off.
        case failed
        /// The pod is gone or bound by someone else: forget it.
        case gone
    }

    /// Back-off and retry settings.
    struct Timing: Sendable {
        var initialBackoff: Duration
        var maxBackoff: Duration
        var unschedulableRetryInterval: Duration
    }

    private typealias Instant = ContinuousClock.Instant

    private enum Phase {
        case active
        case inFlight(eventsAtPop: UInt64)
        case backoff(until: Instant)
        case unschedulable(since: Instant, retryAt: Instant, clusterChanged: Bool)
    }

    private struct Entry {
        var pod: JSONValue
        var phase: Phase
        var attempts = 0
        var removedWhileInFlight = false
        var changedWhileInFlight = false
    }

    private struct State {
        var entries: [String: Entry] = [:]
        var fifo: [String] = []
        var head = 0
        var waiter: CheckedContinuation<(key: String, pod: JSONValue)?, Never>?
        var closed = false
        var synced: Set<String> = []
        var clusterEvents: UInt64 = 0
        /// Pods bound by this scheduler whose bound state has not been seen yet: key → uid.
        var recentlyBound: [String: String] = [:]
    }

    private let timing: Timing
    private let sources: Set<String>
    private let state = Mutex(State())

    /// A queue that hands out pods once every source in `sources` has synced.
    init(timing: Timing, sources: Set<String>) {
        self.timing = timing
        self.sources = sources
    }

    /// How many pods the queue holds, in any phase.
    var count: Int { state.withLock { $0.entries.count } }

    /// Records that `source` has delivered its initial state.
    func markSynced(_ source: String) {
        wake { $0.synced.insert(source) }
    }

    /// Adds a pending pod or refreshes the one queued under `key`. An unschedulable pod whose
    /// spec changed is retried (after its back-off).
    func upsert(_ key: String, _ pod: JSONValue) {
        wake { state in
            if let uid = state.recentlyBound[key] {
                if uid == (pod.uid ?? "") { return }
                state.recentlyBound[key] = nil
            }
            guard var entry = state.entries[key] else {
                state.entries[key] = Entry(pod: pod, phase: .active)
                state.fifo.append(key)
                return
            }
            let specChanged = entry.pod["spec"] != pod["spec"]
            entry.pod = pod
            switch entry.phase {
            case .inFlight:
                if specChanged { entry.changedWhileInFlight = true }
            case .unschedulable(_, let retryAt, _) where specChanged:
                entry.phase = .backoff(until: retryAt)
            default:
                break
            }
            state.entries[key] = entry
        }
        promote()
    }

    /// Forgets the pod under `key` (deleted, bound, no longer for this scheduler).
    func remove(_ key: String) {
        state.withLock { state in
            state.recentlyBound[key] = nil
            guard let entry = state.entries[key] else { return }
            if case .inFlight = entry.phase {
                state.entries[key]?.removedWhileInFlight = true
            } else {
                state.entries[key] = nil
            }
        }
    }

    /// Notes a change in the cluster that may make unschedulable pods fit.
    func clusterChanged() {
        state.withLock { state in
            state.clusterEvents &+= 1
            for (key, entry) in state.entries {
                if case .unschedulable(let since, let retryAt, _) = entry.phase {
                    state.entries[key]?.phase = .unschedulable(since: since, retryAt: retryAt, clusterChanged: true)
                }
            }
        }
        promote()
    }

    /// Waits for the next active pod (after every source synced); nil once the queue is closed.
    func pop() async -> (key: String, pod: JSONValue)? {
        await withCheckedContinuation { continuation in
            let ready = state.withLock { state -> (key: String, pod: JSONValue)?? in
                if state.closed { return .some(nil) }
                if state.synced.isSuperset(of: sources), let next = Self.takeNext(&state) { return .some(next) }
                state.waiter?.resume(returning: nil)
                state.waiter = continuation
                return .none
            }
            if let ready { continuation.resume(returning: ready) }
        }
    }

    /// Records how the attempt for `key` (handed out by `pop`) ended.
    func finish(_ key: String, _ result: Result) {
        let now = Instant.now
        wake { state in
            guard var entry = state.entries[key], case .inFlight(let eventsAtPop) = entry.phase else { return }
            if entry.removedWhileInFlight {
                state.entries[key] = nil
                return
            }
            switch result {
            case .bound(let uid):
                state.entries[key] = nil
                state.recentlyBound[key] = uid ?? ""
                return
            case .gone:
                state.entries[key] = nil
                return
            case .failed:
                entry.attempts += 1
                entry.phase = .backoff(until: now + backoff(entry.attempts))
            case .unschedulable:
                entry.attempts += 1
                let retryAt = now + backoff(entry.attempts)
                if entry.changedWhileInFlight {
                    entry.phase = .backoff(until: retryAt)
                } else {
                    let changed = state.clusterEvents != eventsAtPop
                    entry.phase = .unschedulable(since: now, retryAt: retryAt, clusterChanged: changed)
                }
            }
            entry.changedWhileInFlight = false
            state.entries[key] = entry
        }
    }

    /// Moves pods whose back-off is over, and unschedulable pods that saw a cluster change (and
    /// backed off) or waited the retry interval, to the active FIFO.
    func promote() {
        let now = Instant.now
        wake { state in
            for (key, entry) in state.entries {
                let due: Bool
                switch entry.phase {
                case .backoff(let until):
                    due = until <= now
                case .unschedulable(let since, let retryAt, let clusterChanged):
                    due = (clusterChanged && retryAt <= now) || since + timing.unschedulableRetryInterval <= now
                case .active, .inFlight:
                    due = false
                }
                if due {
                    state.entries[key]?.phase = .active
                    state.fifo.append(key)
                }
            }
        }
    }

    /// Ends `pop` for good: waiting and later calls return nil.
    func close() {
        let waiter = state.withLock { state -> CheckedContinuation<(key: String, pod: JSONValue)?, Never>? in
            state.closed = true
            defer { state.waiter = nil }
            return state.waiter
        }
        waiter?.resume(returning: nil)
    }

    /// The back-off after `attempts` failed attempts: initial × 2^(attempts−1), at most the maximum.
    private func backoff(_ attempts: Int) -> Duration {
        var delay = timing.initialBackoff
        for _ in 1..<max(1, attempts) {
            delay *= 2
            if delay >= timing.maxBackoff { return timing.maxBackoff }
        }
        return min(delay, timing.maxBackoff)
    }

    /// Applies `change`, then hands the next active pod to a waiting `pop`, if any.
    private func wake(_ change: (inout State) -> Void) {
        let handed = state.withLock { state -> (CheckedContinuation<(key: String, pod: JSONValue)?, Never>, (key: String, pod: JSONValue))? in
            change(&state)
            guard let waiter = state.waiter, !state.closed, state.synced.isSuperset(of: sources),
                let next = Self.takeNext(&state)
            else { return nil }
            state.waiter = nil
            return (waiter, next)
        }
        if let handed { handed.0.resume(returning: handed.1) }
    }

    /// Takes the first active pod off the FIFO and marks it in flight.
    private static func takeNext(_ state: inout State) -> (key: String, pod: JSONValue)? {
        defer {
            if state.head > 1024, state.head * 2 > state.fifo.count {
                state.fifo.removeFirst(state.head)
                state.head = 0
            }
        }
        while state.head < state.fifo.count {
            let key = state.fifo[state.head]
            state.head += 1
            guard let entry = state.entries[key], case .active = entry.phase else { continue }
            state.entries[key]?.phase = .inFlight(eventsAtPop: state.clusterEvents)
            return (key, entry.pod)
        }
        return nil
    }
}
