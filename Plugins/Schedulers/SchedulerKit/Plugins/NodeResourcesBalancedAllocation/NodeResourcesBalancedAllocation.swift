import Foundation

/// NodeResourcesBalancedAllocation (PreScore, Score): favours nodes whose requested fractions of
/// the configured resources (cpu and memory by default) would be even after placing the pod:
/// 100 × (1 − their standard deviation), each fraction capped at 1, with the real requests (no
/// non-zero defaults). Scores are already 0...100 (no normalization).
final class NodeResourcesBalancedAllocation: PreScorePlugin, ScorePlugin {
    /// The name profiles use.
    static let name = "NodeResourcesBalancedAllocation"
    /// The cycle-state key of the pod's requests per resource.
    static let preScoreKey = "PreScoreNodeResourcesBalancedAllocation"

    /// The scorer over the configured resources.
    let scorer: ResourceAllocationScorer

    /// Creates the plugin from NodeResourcesBalancedAllocationArgs.
    init(args: Data?, snapshot: Snapshot) throws {
        let resources = try NodeResourcesBalancedAllocationArgs.resources(from: args)
        scorer = ResourceAllocationScorer(resources: resources, useRequested: true, scorer: ScoringFunctions.balanced)
    }

    /// Keeps the pod's request of each resource.
    func preScore(_ state: CycleState, _ pod: PodInfo, _ nodes: [NodeInfo]) -> FrameworkStatus {
        state.write(Self.preScoreKey, scorer.podRequests(pod))
        return .success
    }

    /// The balance score of `node`.
    func score(_ state: CycleState, _ pod: PodInfo, _ node: NodeInfo) -> (Int64, FrameworkStatus) {
        let requests = state.read(Self.preScoreKey, as: [Int64].self) ?? scorer.podRequests(pod)
        return scorer.score(node, podRequests: requests)
    }

    /// The batched Score: reads the cycle state once for the whole batch.
    func score(_ state: CycleState, _ pod: PodInfo, nodes: [NodeInfo], into scores: inout [Int64]) -> FrameworkStatus {
        scorer.score(nodes, podRequests: state.read(Self.preScoreKey, as: [Int64].self) ?? scorer.podRequests(pod), into: &scores)
    }
}
