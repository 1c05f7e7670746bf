/// Per-key back-off as the kubelet keeps it (client-go's `flowcontrol.Backoff`): each key has a
/// current delay and the moment it was last let go. A key seen for the first time, or again after
/// `resetAfter` without trouble, starts at the initial delay; every further `next` doubles it up
/// to the maximum.
///
/// The kubelet keeps one table for container restarts (keyed by container name, measured from
/// the container's `finishedAt`) and one for image pulls (keyed by image, measured from the
/// failed pull).
struct BackOffTable: Sendable {
    /// One key's state.
    struct Entry: Sendable, Equatable {
        /// The current delay.
        var delay: Duration
        /// When `next` last ran for the key.
        var lastUpdate: ContinuousClock.Instant
    }

    /// The policy the delays follow.
    let policy: BackOffPolicy
    private(set) var entries: [String: Entry] = [:]

    init(policy: BackOffPolicy) {
        self.policy = policy
    }

    /// The key's current delay, nil when it has none.
    func delay(_ key: String) -> Duration? { entries[key]?.delay }

    /// Whether something that happened at `eventTime` (a container's exit) is still being
    /// waited out: the key has an entry that has not expired and less than its delay has passed
    /// since `eventTime` (flowcontrol's `IsInBackOffSince`).
    func isInBackOff(_ key: String, since eventTime: ContinuousClock.Instant, now: ContinuousClock.Instant) -> Bool {
        guard let entry = entries[key], !hasExpired(entry, at: eventTime) else { return false }
        return now - eventTime < entry.delay
    }

    /// Whether less than the key's delay has passed since it was last updated (a failed pull;
    /// flowcontrol's `IsInBackOffSinceUpdate`).
    func isInBackOffSinceUpdate(_ key: String, now: ContinuousClock.Instant) -> Bool {
        guard let entry = entries[key], !hasExpired(entry, at: now) else { return false }
        return now - entry.lastUpdate < entry.delay
    }

    /// When the back-off of something that happened at `eventTime` ends (nil without an entry).
    func end(_ key: String, since eventTime: ContinuousClock.Instant) -> ContinuousClock.Instant? {
        entries[key].map { eventTime + $0.delay }
    }

    /// When the back-off that started at the key's last update ends (nil without an entry).
    func endSinceUpdate(_ key: String) -> ContinuousClock.Instant? {
        entries[key].map { $0.lastUpdate + $0.delay }
    }

    /// Records another failure (or restart) of `key` at `eventTime`: a new or expired key gets
    /// the initial delay, a known one the next, longer delay; either way it is stamped `now`.
    mutating func next(_ key: String, eventTime: ContinuousClock.Instant, now: ContinuousClock.Instant) {
        if let entry = entries[key], !hasExpired(entry, at: eventTime) {
            entries[key] = Entry(delay: policy.next(after: entry.delay), lastUpdate: now)
        } else {
            entries[key] = Entry(delay: policy.initial, lastUpdate: now)
        }
    }

    /// Forgets a key.
    mutating func reset(_ key: String) {
        entries[key] = nil
    }

    /// An entry expires when more than `resetAfter` separates its last update from `time`: the
    /// container ran that long, or nothing failed for that long.
    private func hasExpired(_ entry: Entry, at time: ContinuousClock.Instant) -> Bool {
        time - entry.lastUpdate > policy.resetAfter
    }
}
