import Foundation

// The framework plugin protocols, one per extension point, with Kubernetes' meanings. The calls
// that look at nodes are batched: one call covers the pod against a whole list of nodes (what
// crosses the ABI as one call); a plugin may implement the per-node form and take the default
// loop. Calls into one bundle never overlap.

/// Scores are 0...100 after normalization (kube-scheduler's MinNodeScore and MaxNodeScore).
enum NodeScore {
    /// The lowest score.
    static let min: Int64 = 0
    /// The highest score.
    static let max: Int64 = 100
}

/// Every framework plugin: its name as profiles spell it, made from its args.
protocol FrameworkPlugin: AnyObject {
    /// The name profiles use ("NodeResourcesFit").
    static var name: String { get }
    /// Creates the plugin from its `pluginConfig` args (JSON, already defaulted by the host; nil
    /// when the plugin has none) over the bundle's snapshot.
    init(args: Data?, snapshot: Snapshot) throws
}

/// PreEnqueue: whether the pod may enter the active queue at all (for example, scheduling gates).
protocol PreEnqueuePlugin: FrameworkPlugin {
    /// Success lets the pod in; anything else keeps it out until an event lets it in.
    func preEnqueue(_ pod: PodInfo) -> FrameworkStatus
}

/// A pod waiting in the scheduling queue.
struct QueuedPod {
    /// The pod.
    var pod: PodInfo
    /// When it was (last) added to the queue, in seconds since an arbitrary origin.
    var timestamp: Double
}

/// QueueSort: the order of the active queue (exactly one per scheduler).
protocol QueueSortPlugin: FrameworkPlugin {
    /// Whether `lhs` goes before `rhs`.
    func less(_ lhs: QueuedPod, _ rhs: QueuedPod) -> Bool
}

/// What PreFilter may say about the nodes: only these can fit (nil: any).
struct PreFilterResult: Equatable {
    /// The names of the only nodes worth filtering.
    var nodeNames: Set<String>?
}

/// PreFilter: computes the cycle's data once per pod, may narrow the nodes, may reject the pod
/// (Unschedulable...) or Skip (the plugin's Filter then does not run for this pod).
protocol PreFilterPlugin: FrameworkPlugin {
    /// Runs once per cycle before any Filter.
    func preFilter(_ state: CycleState, _ pod: PodInfo, _ nodes: [NodeInfo]) -> (PreFilterResult?, FrameworkStatus)
}

/// PreFilter's extension for preemption: keep the cycle data right while the framework
/// simulates adding or removing pods on a node.
protocol PreFilterExtensions: PreFilterPlugin {
    /// `added` now counts on `node` for this cycle.
    func addPod(_ state: CycleState, _ pod: PodInfo, adding added: PodInfo, on node: NodeInfo) -> FrameworkStatus
    /// `removed` no longer counts on `node` for this cycle.
    func removePod(_ state: CycleState, _ pod: PodInfo, removing removed: PodInfo, from node: NodeInfo) -> FrameworkStatus
}

/// Filter: whether the pod fits each node.
protocol FilterPlugin: FrameworkPlugin {
    /// The verdict for one node (Success, Unschedulable, UnschedulableAndUnresolvable, Error).
    func filter(_ state: CycleState, _ pod: PodInfo, _ node: NodeInfo) -> FrameworkStatus
    /// The verdicts for a batch of nodes; the default asks `filter` for each.
    func filter(_ state: CycleState, _ pod: PodInfo, nodes: NodeBatch, into verdicts: inout FilterVerdicts)
}

extension FilterPlugin {
    func filter(_ state: CycleState, _ pod: PodInfo, nodes: NodeBatch, into verdicts: inout FilterVerdicts) {
        for (position, node) in nodes.enumerated() {
            let status = filter(state, pod, node)
            if !status.isSuccess { verdicts.set(position, status) }
        }
    }
}

/// PreScore: computes the data Score needs over the feasible nodes, or Skip.
protocol PreScorePlugin: FrameworkPlugin {
    /// Runs once per cycle before any Score, over the nodes that passed every Filter.
    func preScore(_ state: CycleState, _ pod: PodInfo, _ nodes: NodeBatch) -> FrameworkStatus
}

/// Score (with NormalizeScore): ranks the feasible nodes; after `normalize` every score is in
/// `NodeScore.min...NodeScore.max`, and the framework multiplies it by the plugin's weight.
protocol ScorePlugin: FrameworkPlugin {
    /// The raw score of one node.
    func score(_ state: CycleState, _ pod: PodInfo, _ node: NodeInfo) -> (Int64, FrameworkStatus)
    /// The raw scores of a batch of nodes into `scores` (same order); the default asks `score`
    /// for each and stops at the first failure.
    func score(_ state: CycleState, _ pod: PodInfo, nodes: NodeBatch, into scores: inout [Int64]) -> FrameworkStatus
    /// Brings the raw scores into 0...100 (the default leaves them as they are).
    func normalize(_ state: CycleState, _ pod: PodInfo, scores: inout [Int64]) -> FrameworkStatus
}

extension ScorePlugin {
    func score(_ state: CycleState, _ pod: PodInfo, nodes: NodeBatch, into scores: inout [Int64]) -> FrameworkStatus {
        for (position, node) in nodes.enumerated() {
            let (value, status) = score(state, pod, node)
            guard status.isSuccess else { return status }
            scores[position] = value
        }
        return .success
    }

    func normalize(_ state: CycleState, _ pod: PodInfo, scores: inout [Int64]) -> FrameworkStatus { .success }
}

/// A decision a plugin takes about another pod waiting at Permit (a gang released or rejected
/// at once); the host applies it to the waiting pod with that uid.
struct WaitingPodVerdict: Equatable {
    /// The waiting pod's uid.
    var uid: String
    /// Allow (true) or reject (false).
    var allow: Bool
    /// Why it was rejected.
    var message: String?
}

/// PostFilter: runs when no node fits (DefaultPreemption).
protocol PostFilterPlugin: FrameworkPlugin {
    /// `nodes` with each one's filter status (same order). Success nominates a node and names
    /// the victims to evict there; anything else says why nothing helps. May decide about pods
    /// waiting at Permit (a gang whose member fits nowhere).
    func postFilter(
        _ state: CycleState, _ pod: PodInfo, nodes: [NodeInfo], statuses: [FrameworkStatus], waiting: inout [WaitingPodVerdict]
    ) -> (FrameworkStatus, PostFilterOutcome?)
}

/// What preemption decided: the nominated node and the pods to evict there.
struct PostFilterOutcome {
    /// The node the pod is nominated to.
    var node: NodeInfo
    /// The pods to evict, lowest priority first.
    var victims: [PodInfo]
}

/// Reserve/Unreserve: claim (and release) what the pod takes on the chosen node before binding.
protocol ReservePlugin: FrameworkPlugin {
    /// Claims; a failure unreserves every Reserve plugin and fails the cycle.
    func reserve(_ state: CycleState, _ pod: PodInfo, node: NodeInfo) -> FrameworkStatus
    /// Releases; must be idempotent. May decide about other waiting pods.
    func unreserve(_ state: CycleState, _ pod: PodInfo, node: NodeInfo, waiting: inout [WaitingPodVerdict])
}

/// Permit: allow, reject, or make the pod wait (up to a timeout) before binding.
protocol PermitPlugin: FrameworkPlugin {
    /// Success, a rejection, or Wait with the longest wait; may decide about other waiting pods.
    func permit(_ state: CycleState, _ pod: PodInfo, node: NodeInfo, waiting: inout [WaitingPodVerdict])
        -> (FrameworkStatus, timeout: Duration)
}

/// PreBind: prepares the binding (a rejection fails the pod's attempt).
protocol PreBindPlugin: FrameworkPlugin {
    /// Prepares.
    func preBind(_ state: CycleState, _ pod: PodInfo, node: NodeInfo) -> FrameworkStatus
}

/// Bind: binds the pod itself, or Skip to leave it to the next binder (the host's DefaultBinder).
protocol BindPlugin: FrameworkPlugin {
    /// Binds or skips.
    func bind(_ state: CycleState, _ pod: PodInfo, node: NodeInfo) -> FrameworkStatus
}

/// PostBind: told after a successful binding.
protocol PostBindPlugin: FrameworkPlugin {
    /// Informational.
    func postBind(_ state: CycleState, _ pod: PodInfo, node: NodeInfo)
}

/// A change in the cluster that may make unschedulable pods fit (kube-scheduler's ClusterEvent).
struct ClusterEvent: Hashable {
    /// The kind of object: "Pod", "Node", "Namespace", ... ("*" for any).
    var resource: String
    /// What happened: "Add", "Delete", "Update", "UpdateNodeLabel", "UpdateNodeTaint",
    /// "UpdateNodeAllocatable", "UpdatePodLabel", ... ("*" for any).
    var action: String
}

/// EnqueueExtensions: the events after which a pod this plugin rejected is worth retrying.
protocol EnqueueExtensions: FrameworkPlugin {
    /// The events to requeue on.
    static var events: [ClusterEvent] { get }
}
