/// Kubernetes' scheduling framework status codes, with their numeric values (they cross the ABI
/// as these numbers).
enum FrameworkCode: UInt8, Sendable, Comparable {
    /// The plugin ran and the pod may go on (or the node fits).
    case success = 0
    /// An internal error: the attempt fails and the pod is retried with back-off.
    case error = 1
    /// The node does not fit now; preemption may help.
    case unschedulable = 2
    /// The node does not fit and preemption cannot help.
    case unschedulableAndUnresolvable = 3
    /// Permit: hold the pod until allowed, rejected or timed out.
    case wait = 4
    /// The plugin has nothing to do for this pod (PreFilter, PreScore, Bind...).
    case skip = 5
    /// The pod waits for something outside the scheduler (PreEnqueue, Permit).
    case pending = 6

    /// Orders codes by number.
    static func < (lhs: FrameworkCode, rhs: FrameworkCode) -> Bool { lhs.rawValue < rhs.rawValue }

    /// Whether the code rejects the pod or node.
    var isRejection: Bool { self == .unschedulable || self == .unschedulableAndUnresolvable || self == .pending }
}

/// A framework status: the code, the reasons in Kubernetes' wording
/// (`Insufficient cpu`, `node(s) had untolerated taint {dedicated: batch}`) and the plugin that
/// gave it.
struct FrameworkStatus: Sendable, Equatable {
    /// The code.
    var code: FrameworkCode
    /// The reasons, each counted per node in the unschedulable message.
    var reasons: [String]
    /// The plugin that gave the status (filled by the framework).
    var plugin: String?

    /// Creates a status.
    init(_ code: FrameworkCode, _ reasons: [String] = [], plugin: String? = nil) {
        self.code = code
        self.reasons = reasons
        self.plugin = plugin
    }

    /// Success.
    static let success = FrameworkStatus(.success)
    /// Skip: the plugin does nothing for this pod.
    static let skip = FrameworkStatus(.skip)

    /// Unschedulable with reasons.
    static func unschedulable(_ reasons: String...) -> FrameworkStatus { FrameworkStatus(.unschedulable, reasons) }
    /// UnschedulableAndUnresolvable with reasons.
    static func unresolvable(_ reasons: String...) -> FrameworkStatus { FrameworkStatus(.unschedulableAndUnresolvable, reasons) }
    /// An internal error.
    static func error(_ message: String) -> FrameworkStatus { FrameworkStatus(.error, [message]) }

    /// Whether the status is Success.
    var isSuccess: Bool { code == .success }
}
