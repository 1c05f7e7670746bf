import Kernel

/// A framework scheduler's queue, as kube-scheduler's PriorityQueue: the active heap (QueueSort
/// order, every entry passes PreEnqueue first), pods gated by PreEnqueue, the back-off queue
/// (`podInitialBackoffSeconds` doubling per attempt up to `podMaxBackoffSeconds`), and the
/// unschedulable pods, moved back when a cluster event one of their rejecting plugins registered
/// happens, or after `podMaxInUnschedulablePodsDuration`. Used from the scheduling thread only.
struct FrameworkQueue {
    /// Back-off and flush settings.
    struct Timing {
        /// Back-off after the first attempt.
        var initialBackoff: Duration
        /// Longest back-off.
        var maxBackoff: Duration
        /// How long an unschedulable pod waits for an event before it is retried anyway.
        var maxInUnschedulable: Duration
    }

    /// A point in time on the continuous clock.
    typealias Instant = ContinuousClock.Instant

    /// Every queued pod by key.
    private(set) var entries: [String: FrameworkQueuedPod] = [:]
    private var active: FrameworkActiveHeap
    private var backoffKeys: Set<String> = []
    private var unschedulableKeys: Set<String> = []
    private var gatedKeys: Set<String> = []
    private var inFlight: [ObjectIdentifier: FrameworkQueuedPod] = [:]
    private var earliestBackoff: Instant?
    private var nextFlushScan: Instant
    private let timing: Timing
    /// Runs the profile's PreEnqueue plugins: the name of the first that holds the pod back.
    private let preEnqueue: (FrameworkQueuedPod) -> String?
    /// Whether a pod rejected by these plugins is worth retrying after the event.
    private let worthRetrying: (Set<String>, FrameworkClusterEvent) -> Bool

    /// An empty queue.
    init(
        timing: Timing, less: @escaping (FrameworkQueuedPod, FrameworkQueuedPod) -> Bool,
        preEnqueue: @escaping (FrameworkQueuedPod) -> String?,
        worthRetrying: @escaping (Set<String>, FrameworkClusterEvent) -> Bool
    ) {
        self.timing = timing
        active = FrameworkActiveHeap(less: less)
        self.preEnqueue = preEnqueue
        self.worthRetrying = worthRetrying
        nextFlushScan = .now + Self.flushCadence(timing)
    }

    private static func flushCadence(_ timing: Timing) -> Duration {
        min(.seconds(1), timing.maxInUnschedulable / 4)
    }

    /// The pod queued under `key`.
    func entry(_ key: String) -> FrameworkQueuedPod? { entries[key] }

    /// How many pods are active.
    var activeCount: Int { active.count }

    /// The state of every queued pod, by key.
    var snapshot: [String: String] { entries.mapValues(\.state.name) }

    /// Adds a new pod: into the active queue unless PreEnqueue holds it back.
    mutating func add(_ entry: FrameworkQueuedPod) {
        entries[entry.key] = entry
        moveToActive(entry)
    }

    /// A queued pod changed (its `version` was replaced): re-sorts it, lets a gated pod try
    /// PreEnqueue again, and moves an unschedulable pod to back-off or active.
    mutating func updated(_ entry: FrameworkQueuedPod, now: Instant) {
        switch entry.state {
        case .active:
            active.remove(entry)
            moveToActive(entry)
        case .gated:
            gatedKeys.remove(entry.key)
            moveToActive(entry)
        case .unschedulable:
            unschedulableKeys.remove(entry.key)
            activeOrBackoff(entry, now: now)
        case .backoff:
            break
        case .inFlight:
            entry.updatedWhileInFlight = true
        }
    }

    /// Drops the pod under `key` and returns it; an in-flight pod is marked `removed` (its
    /// attempt ends without requeueing it) and the key is free for a new pod at once.
    @discardableResult
    mutating func remove(_ key: String) -> FrameworkQueuedPod? {
        guard let entry = entries[key] else { return nil }
        if case .inFlight = entry.state {
            entry.removed = true
            entries[key] = nil
            return entry
        }
        detach(entry)
        entries[key] = nil
        return entry
    }

    /// Takes the next active pod and marks it in flight.
    mutating func pop() -> FrameworkQueuedPod? {
        guard let entry = active.popFirst() else { return nil }
        entry.state = .inFlight
        entry.attempts += 1
        entry.inFlightEvents = []
        entry.updatedWhileInFlight = false
        inFlight[ObjectIdentifier(entry)] = entry
        return entry
    }

    /// The attempt of an in-flight pod ended with the pod bound (or gone): forgets it.
    mutating func done(_ entry: FrameworkQueuedPod) {
        inFlight[ObjectIdentifier(entry)] = nil
        if entries[entry.key] === entry { entries[entry.key] = nil }
    }

    /// The attempt of an in-flight pod failed. `rejectors` nil: an error (back-off); otherwise
    /// the plugins that rejected it: it waits as unschedulable unless the pod changed or an event
    /// worth retrying for happened during the attempt (then back-off).
    mutating func failed(_ entry: FrameworkQueuedPod, rejectors: Set<String>?, now: Instant, timestamp: UInt64) {
        inFlight[ObjectIdentifier(entry)] = nil
        guard entries[entry.key] === entry, !entry.removed else {
            if entries[entry.key] === entry { entries[entry.key] = nil }
            return
        }
        entry.timestamp = timestamp
        entry.backoffUntil = now + backoff(entry.attempts)
        guard let rejectors else {
            enterBackoff(entry)
            return
        }
        let retry = entry.updatedWhileInFlight || entry.inFlightEvents.contains { worthRetrying(rejectors, $0) }
        entry.inFlightEvents = []
        if retry {
            enterBackoff(entry)
        } else {
            entry.state = .unschedulable(since: now, rejectors: rejectors)
            unschedulableKeys.insert(entry.key)
        }
    }

    /// A cluster event: unschedulable pods whose rejectors registered it go back to back-off
    /// or active; gated pods whose gate registered it try PreEnqueue again; in-flight pods
    /// remember it. `excluded` (the pod whose own failure caused the event) is left alone.
    mutating func clusterEvent(_ event: FrameworkClusterEvent, now: Instant, except excluded: FrameworkQueuedPod? = nil) {
        for entry in inFlight.values where entry !== excluded { entry.inFlightEvents.append(event) }
        for key in unschedulableKeys {
            guard let entry = entries[key], entry !== excluded, case .unschedulable(_, let rejectors) = entry.state, worthRetrying(rejectors, event) else { continue }
            unschedulableKeys.remove(key)
            activeOrBackoff(entry, now: now)
        }
        for key in gatedKeys {
            guard let entry = entries[key], case .gated(let plugin) = entry.state, worthRetrying([plugin], event) else { continue }
            gatedKeys.remove(key)
            moveToActive(entry)
        }
    }

    /// Moves pods whose back-off ended to the active queue, and flushes pods unschedulable for
    /// longer than the maximum.
    mutating func tick(now: Instant) {
        if let earliest = earliestBackoff, earliest <= now {
            earliestBackoff = nil
            for key in backoffKeys {
                guard let entry = entries[key] else {
                    backoffKeys.remove(key)
                    continue
                }
                if let until = entry.backoffUntil, until > now {
                    earliestBackoff = min(earliestBackoff ?? until, until)
                } else {
                    backoffKeys.remove(key)
                    moveToActive(entry)
                }
            }
        }
        if nextFlushScan <= now {
            nextFlushScan = now + Self.flushCadence(timing)
            for key in unschedulableKeys {
                guard let entry = entries[key], case .unschedulable(let since, _) = entry.state else { continue }
                if since + timing.maxInUnschedulable <= now {
                    unschedulableKeys.remove(key)
                    activeOrBackoff(entry, now: now)
                }
            }
        }
    }

    /// When `tick` next has work (nil: nothing timed is pending).
    var nextDeadline: Instant? {
        var deadline = earliestBackoff
        if !unschedulableKeys.isEmpty { deadline = min(deadline ?? nextFlushScan, nextFlushScan) }
        return deadline
    }

    /// Every queued pod, to release at shutdown.
    var allEntries: [FrameworkQueuedPod] { Array(entries.values) }

    // MARK: Moves

    private mutating func activeOrBackoff(_ entry: FrameworkQueuedPod, now: Instant) {
        if let until = entry.backoffUntil, until > now {
            enterBackoff(entry)
        } else {
            moveToActive(entry)
        }
    }

    private mutating func enterBackoff(_ entry: FrameworkQueuedPod) {
        entry.state = .backoff
        backoffKeys.insert(entry.key)
        let until = entry.backoffUntil ?? .now
        earliestBackoff = min(earliestBackoff ?? until, until)
    }

    private mutating func moveToActive(_ entry: FrameworkQueuedPod) {
        if let plugin = preEnqueue(entry) {
            entry.state = .gated(plugin: plugin)
            gatedKeys.insert(entry.key)
        } else {
            entry.state = .active
            active.insert(entry)
        }
    }

    private mutating func detach(_ entry: FrameworkQueuedPod) {
        active.remove(entry)
        backoffKeys.remove(entry.key)
        unschedulableKeys.remove(entry.key)
        gatedKeys.remove(entry.key)
        inFlight[ObjectIdentifier(entry)] = nil
    }

    /// The back-off after `attempts` attempts: initial × 2^(attempts−1), at most the maximum.
    func backoff(_ attempts: Int) -> Duration {
        var delay = timing.initialBackoff
        for _ in 1..<max(1, attempts) {
            delay *= 2
            if delay >= timing.maxBackoff { return timing.maxBackoff }
        }
        return min(delay, timing.maxBackoff)
    }
}
