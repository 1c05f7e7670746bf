import Kernel

/// One scheduling attempt of a pod, from pop through its binding cycle: the cycle handle in
/// every bundle, the chosen node, the bundles that assumed the pod, and its wait at Permit.
final class FrameworkAttempt {
    /// A number for bindings in flight.
    let id: UInt64
    /// The queued pod.
    let entry: FrameworkQueuedPod
    /// The pod version this attempt schedules (kept alive until the attempt ends).
    let version: FrameworkPodVersion
    /// The profile's runtime.
    let profile: FrameworkProfileRuntime
    /// The cycle per bundle position (nil for bundles not in use).
    var cycles: [BundleHandle?]
    /// The chosen node's index and name.
    var node: UInt32 = 0
    /// The chosen node's name.
    var nodeName = ""
    /// Whether Reserve ran (Unreserve is due on failure).
    var reserved = false
    /// The bundles that assumed the pod.
    var assumed: [Int] = []
    /// The Permit plugins still to allow the pod.
    var waitingOn: Set<String> = []
    /// When the wait at Permit times out.
    var waitDeadline: ContinuousClock.Instant?
    /// The plugin and wait of the timeout (for the message).
    var waitTimeoutPlugin = ""
    /// How long the timing-out plugin asked to wait.
    var waitTimeout: Duration = .zero

    /// Starts an attempt.
    init(id: UInt64, entry: FrameworkQueuedPod, profile: FrameworkProfileRuntime, bundleCount: Int) {
        self.id = id
        self.entry = entry
        version = entry.version
        self.profile = profile
        cycles = Array(repeating: nil, count: bundleCount)
    }

    /// The pod's JSON at the attempt's version.
    var pod: JSONValue { version.pod }
    /// The pod's uid.
    var uid: String { version.pod.uid ?? "" }
}

/// How a scheduling attempt failed.
struct FrameworkFailure {
    /// Unschedulable (a rejection) or an error.
    var rejected: Bool
    /// The message for the PodScheduled condition and the FailedScheduling Event.
    var message: String
    /// The plugins that rejected the pod (for requeueing on their events).
    var rejectors: Set<String> = []
    /// The nominated node to write (a name, "" to clear), nil to leave it.
    var nominatedNodeName: String?

    /// An error.
    static func error(_ message: String) -> FrameworkFailure { FrameworkFailure(rejected: false, message: message) }

    /// A rejection by `plugin` with its status' reasons.
    static func rejected(by plugin: String, _ status: FrameworkStatus) -> FrameworkFailure {
        FrameworkFailure(rejected: true, message: status.reasons.joined(separator: ", "), rejectors: [plugin])
    }

    /// The failure of a plugin's non-success status at a point (an Error status is an error).
    static func status(_ status: FrameworkStatus, plugin: String, point: String) -> FrameworkFailure {
        if status.code.isRejection { return rejected(by: plugin, status) }
        return .error("running \(point) plugin \"\(plugin)\": \(status.reasons.joined(separator: ", "))")
    }
}
