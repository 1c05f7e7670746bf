/// Kubernetes' scheduling framework status codes, numbered as they cross the ABI (`KEELSON_FW_*`).
public enum FrameworkCode: UInt8, Sendable, Hashable {
    /// The plugin ran and the pod may go on (or the node fits).
    case success = 0
    /// An internal error: the attempt fails and the pod is retried with back-off.
    case error = 1
    /// Does not fit now; preemption may help.
    case unschedulable = 2
    /// Does not fit and preemption cannot help.
    case unschedulableAndUnresolvable = 3
    /// Permit: hold the pod until allowed, rejected or timed out.
    case wait = 4
    /// The plugin has nothing to do for this pod.
    case skip = 5
    /// The pod waits for something outside the scheduler.
    case pending = 6

    /// The code for a number a plugin returned; unknown numbers are errors.
    public init(abiValue: UInt8) { self = FrameworkCode(rawValue: abiValue) ?? .error }

    /// Whether the code rejects the pod (or the node).
    public var isRejection: Bool { self == .unschedulable || self == .unschedulableAndUnresolvable || self == .pending }
}

/// A framework status: the code and the reasons in Kubernetes' wording (`Insufficient cpu`).
public struct FrameworkStatus: Sendable, Hashable {
    /// The code.
    public var code: FrameworkCode
    /// The reasons, each counted per node in the unschedulable message.
    public var reasons: [String]

    /// Creates a status.
    public init(_ code: FrameworkCode, _ reasons: [String] = []) {
        self.code = code
        self.reasons = reasons
    }

    /// Success.
    public static let success = FrameworkStatus(.success)
    /// An internal error with its message.
    public static func error(_ message: String) -> FrameworkStatus { FrameworkStatus(.error, [message]) }

    /// Whether the code is Success.
    public var isSuccess: Bool { code == .success }
}

/// The framework's extension points as the bits of `keelson_sched_plugin_info.extension_points`.
public struct FrameworkPoints: OptionSet, Sendable, Hashable {
    /// The bits.
    public let rawValue: UInt32
    /// Wraps bits.
    public init(rawValue: UInt32) { self.rawValue = rawValue }

    public static let preEnqueue = FrameworkPoints(rawValue: 1 << 0)
    public static let queueSort = FrameworkPoints(rawValue: 1 << 1)
    public static let preFilter = FrameworkPoints(rawValue: 1 << 2)
    public static let filter = FrameworkPoints(rawValue: 1 << 3)
    public static let postFilter = FrameworkPoints(rawValue: 1 << 4)
    public static let preScore = FrameworkPoints(rawValue: 1 << 5)
    public static let score = FrameworkPoints(rawValue: 1 << 6)
    public static let reserve = FrameworkPoints(rawValue: 1 << 7)
    public static let permit = FrameworkPoints(rawValue: 1 << 8)
    public static let preBind = FrameworkPoints(rawValue: 1 << 9)
    public static let bind = FrameworkPoints(rawValue: 1 << 10)
    public static let postBind = FrameworkPoints(rawValue: 1 << 11)
}

/// A cluster change that may make a rejected pod fit (Kubernetes' ClusterEvent): a resource
/// ("Pod", "Node", "Namespace", "*") and an action ("Add", "Delete", "Update",
/// "UpdateNodeLabel", "UpdateNodeTaint", "UpdateNodeAllocatable", "UpdatePodLabel", "*").
public struct FrameworkClusterEvent: Sendable, Hashable {
    /// The kind of object.
    public var resource: String
    /// What happened to it.
    public var action: String

    /// Creates an event.
    public init(resource: String, action: String) {
        self.resource = resource
        self.action = action
    }

    /// Whether a registration (`self`, possibly with "*") covers the concrete event `event`.
    /// An "Update" registration covers every specific update action.
    public func covers(_ event: FrameworkClusterEvent) -> Bool {
        guard resource == "*" || resource == event.resource else { return false }
        return action == "*" || action == event.action || (action == "Update" && event.action.hasPrefix("Update"))
    }
}

/// One framework plugin a scheduler bundle offers.
public struct FrameworkPluginInfo: Sendable, Hashable {
    /// The name profiles use ("NodeResourcesFit").
    public var name: String
    /// The extension points it implements.
    public var points: FrameworkPoints
    /// The events after which a pod it rejected is worth retrying; nil: every event.
    public var events: [FrameworkClusterEvent]?

    /// Creates the description.
    public init(name: String, points: FrameworkPoints, events: [FrameworkClusterEvent]?) {
        self.name = name
        self.points = points
        self.events = events
    }
}

/// A decision a plugin took about another pod waiting at Permit (a gang released or rejected).
public struct PermitVerdict: Sendable, Hashable {
    /// The waiting pod's uid.
    public var uid: String
    /// Allow (true) or reject (false).
    public var allow: Bool
    /// Why it was rejected.
    public var message: String?

    /// Creates a verdict.
    public init(uid: String, allow: Bool, message: String? = nil) {
        self.uid = uid
        self.allow = allow
        self.message = message
    }
}

/// What a PostFilter plugin (preemption) found: the node the pod is nominated to and the pods to
/// evict there.
public struct PostFilterResult: Sendable, Hashable {
    /// A victim to delete.
    public struct Victim: Sendable, Hashable {
        /// Its namespace.
        public var namespace: String
        /// Its name.
        public var name: String
        /// Its uid (the deletion's precondition).
        public var uid: String
        /// Creates a victim.
        public init(namespace: String, name: String, uid: String) {
            self.namespace = namespace
            self.name = name
            self.uid = uid
        }
    }

    /// The index of the nominated node.
    public var nominatedNodeIndex: UInt32
    /// The pods to evict there.
    public var victims: [Victim]

    /// Creates a result.
    public init(nominatedNodeIndex: UInt32, victims: [Victim]) {
        self.nominatedNodeIndex = nominatedNodeIndex
        self.victims = victims
    }
}

/// A plugin-owned handle (plugin, decoded pod or cycle) the host passes back; opaque to the host.
public struct BundleHandle: Sendable, Hashable {
    /// The pointer's bits (or a fake bundle's number).
    public let raw: UInt

    /// Wraps bits.
    public init(raw: UInt) { self.raw = raw }
}
