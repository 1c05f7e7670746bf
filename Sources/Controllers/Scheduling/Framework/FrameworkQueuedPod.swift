import Kernel

/// A pod in a framework scheduler's queue: its decoded version, where it waits, and what
/// happened while it was being scheduled.
final class FrameworkQueuedPod {
    /// Where the pod waits.
    enum State {
        /// Held back by a PreEnqueue plugin until an update (or an event it registered) lets it in.
        case gated(plugin: String)
        /// In the active queue, ordered by the QueueSort plugin.
        case active
        /// Backing off after a failed attempt until `backoffUntil`.
        case backoff
        /// Rejected by `rejectors` (plugin names) at `since`; waits for an event one of them
        /// registered, or for the flush.
        case unschedulable(since: ContinuousClock.Instant, rejectors: Set<String>)
        /// Being scheduled (from pop until its attempt ended, binding included).
        case inFlight

        /// A one-word name for diagnostics.
        var name: String {
            switch self {
            case .gated: "gated"
            case .active: "active"
            case .backoff: "backoff"
            case .unschedulable: "unschedulable"
            case .inFlight: "inFlight"
            }
        }
    }

    /// "namespace/name".
    let key: String
    /// The position of the profile that schedules it.
    let profile: Int
    /// The pod's uid.
    var uid: String
    /// The current decoded version.
    var version: FrameworkPodVersion
    /// When it (re)entered the queue, in nanoseconds (QueueSort's timestamp).
    var timestamp: UInt64
    /// Scheduling attempts so far.
    var attempts = 0
    /// The end of the current back-off.
    var backoffUntil: ContinuousClock.Instant?
    /// Where it waits.
    var state: State
    /// Its position in the active heap (-1: not there).
    var heapIndex = -1
    /// Cluster events seen while in flight.
    var inFlightEvents: [FrameworkClusterEvent] = []
    /// Whether the pod itself changed while in flight.
    var updatedWhileInFlight = false
    /// Whether the pod was deleted or bound elsewhere while in flight.
    var removed = false
    /// The version the current attempt schedules (nil when not in flight).
    var attemptVersion: FrameworkPodVersion?
    /// `status.nominatedNodeName` of the latest version seen.
    var nominatedNodeName: String?

    /// A pod entering the queue.
    init(key: String, profile: Int, uid: String, version: FrameworkPodVersion, timestamp: UInt64) {
        self.key = key
        self.profile = profile
        self.uid = uid
        self.version = version
        self.timestamp = timestamp
        state = .active
    }

    /// The pod's JSON (current version).
    var pod: JSONValue { version.pod }
}
