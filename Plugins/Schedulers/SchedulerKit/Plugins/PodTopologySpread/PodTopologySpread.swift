import Foundation

/// Kubernetes' PodTopologySpread plugin: spreads a pod's matching pods across topology domains
/// (zones, hostnames, ...) by the pod's `topologySpreadConstraints` or the cluster defaults.
/// DoNotSchedule constraints filter (PreFilter counts, Filter checks the skew); ScheduleAnyway
/// constraints score (PreScore counts, Score and NormalizeScore rank). Default score weight 2.
final class PodTopologySpread: PreFilterExtensions, FilterPlugin, PreScorePlugin, ScorePlugin, EnqueueExtensions {
    static let name = "PodTopologySpread"

    /// The weight kube-scheduler's default profile gives this plugin's score.
    static let defaultWeight: Int64 = 2

    /// Filter reason for a node with a constraint's topology key missing.
    static let reasonNodeLabelNotMatch = "node(s) didn't match pod topology spread constraints (missing required label)"
    /// Filter reason for a node where placing the pod would exceed a constraint's maxSkew.
    static let reasonConstraintsNotMatch = "node(s) didn't match pod topology spread constraints"

    /// The CycleState key of the PreFilter data.
    static let preFilterStateKey = "PreFilter" + name
    /// The CycleState key of the PreScore data.
    static let preScoreStateKey = "PreScore" + name

    /// Pods appearing, leaving or changing labels change the counts; nodes appearing, leaving or
    /// changing labels or taints change the domains.
    static let events: [ClusterEvent] = [
        ClusterEvent(resource: "Pod", action: "Add"),
        ClusterEvent(resource: "Pod", action: "UpdatePodLabel"),
        ClusterEvent(resource: "Pod", action: "Delete"),
        ClusterEvent(resource: "Node", action: "Add"),
        ClusterEvent(resource: "Node", action: "Delete"),
        ClusterEvent(resource: "Node", action: "UpdateNodeLabel"),
        ClusterEvent(resource: "Node", action: "UpdateNodeTaint"),
    ]

    /// The decoded args.
    let args: PodTopologySpreadArgs
    /// The constraints for pods without their own.
    let defaultConstraints: [TopologySpreadConstraint]
    /// Whether the defaults are the system ones (then Score does not require every topology key
    /// on a node, so nodes without a zone still spread by hostname).
    let systemDefaulted: Bool
    /// The bundle's snapshot (every node, for PreScore's counts).
    let snapshot: Snapshot

    init(args: Data?, snapshot: Snapshot) throws {
        self.args = try PodTopologySpreadArgs.decode(args)
        defaultConstraints = self.args.effectiveDefaults
        systemDefaulted = self.args.defaultingType == PodTopologySpreadArgs.system
        self.snapshot = snapshot
    }
}
