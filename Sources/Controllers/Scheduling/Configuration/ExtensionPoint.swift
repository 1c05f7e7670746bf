/// A scheduling framework extension point, named as in KubeSchedulerConfiguration's `plugins`
/// (`profiles[].plugins.<rawValue>`). `multiPoint` is not a point of its own: it enables a plugin
/// at every point the plugin implements. NormalizeScore belongs to Score and Unreserve to Reserve.
public enum ExtensionPoint: String, Sendable, Hashable, CaseIterable, Codable, Comparable {
    /// Gates a pod before it enters the active queue.
    case preEnqueue
    /// Orders the scheduling queue; exactly one per profile, the same in every profile.
    case queueSort
    /// Runs once per cycle before filtering; may narrow the node set.
    case preFilter
    /// Rules nodes out.
    case filter
    /// Runs when no node fits (preemption).
    case postFilter
    /// Runs once per cycle before scoring.
    case preScore
    /// Ranks the feasible nodes; weighted.
    case score
    /// Reserves resources for the chosen node (and Unreserve undoes it).
    case reserve
    /// Allows, rejects or delays the binding.
    case permit
    /// Runs before binding.
    case preBind
    /// Binds the pod; the first plugin not answering Skip wins.
    case bind
    /// Runs after a successful binding.
    case postBind

    /// The name of the Go interface kube-scheduler uses for this point, for messages in its
    /// wording (`plugin "X" does not extend FilterPlugin`).
    public var pluginInterfaceName: String {
        switch self {
        case .preEnqueue: "PreEnqueuePlugin"
        case .queueSort: "QueueSortPlugin"
        case .preFilter: "PreFilterPlugin"
        case .filter: "FilterPlugin"
        case .postFilter: "PostFilterPlugin"
        case .preScore: "PreScorePlugin"
        case .score: "ScorePlugin"
        case .reserve: "ReservePlugin"
        case .permit: "PermitPlugin"
        case .preBind: "PreBindPlugin"
        case .bind: "BindPlugin"
        case .postBind: "PostBindPlugin"
        }
    }

    /// Orders points as a pod meets them in a scheduling cycle (the declaration order).
    public static func < (lhs: ExtensionPoint, rhs: ExtensionPoint) -> Bool {
        allCases.firstIndex(of: lhs)! < allCases.firstIndex(of: rhs)!
    }
}

/// One plugin enabled at one extension point, after merging and multiPoint expansion.
public struct EnabledPlugin: Sendable, Hashable, CustomStringConvertible {
    /// The plugin's registered name.
    public var name: String
    /// The score weight (1 when not set, as kube-scheduler turns a 0 weight into 1); meaningful
    /// only at the score point, 1 elsewhere.
    public var weight: Int

    /// Creates an entry.
    public init(name: String, weight: Int = 1) {
        self.name = name
        self.weight = weight
    }

    /// `Name` or `Name(weight)` when the weight is not 1.
    public var description: String { weight == 1 ? name : "\(name)(\(weight))" }
}
