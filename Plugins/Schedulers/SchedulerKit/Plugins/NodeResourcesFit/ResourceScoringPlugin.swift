/// A Score plugin that rates nodes by their resource allocation through a
/// `ResourceAllocationScorer` (NodeResourcesFit's strategies, NodeResourcesBalancedAllocation):
/// PreScore keeps the pod's requests of the scored resources in the cycle, Score reads them
/// once per batch.
protocol ResourceScoringPlugin: PreScorePlugin, ScorePlugin {
    /// The scorer of the plugin's strategy and resources.
    var scorer: ResourceAllocationScorer { get }
    /// The CycleState key of the pod's requests.
    static var preScoreKey: String { get }
}

extension ResourceScoringPlugin {
    /// Keeps the pod's request of each scored resource.
    func preScore(_ state: CycleState, _ pod: PodInfo, _ nodes: NodeBatch) -> FrameworkStatus {
        state.write(Self.preScoreKey, scorer.podRequests(pod))
        return .success
    }

    /// The score of one node.
    func score(_ state: CycleState, _ pod: PodInfo, _ node: NodeInfo) -> (Int64, FrameworkStatus) {
        scorer.score(node, podRequests: requests(state, pod))
    }

    /// The batched Score: reads the cycle state once for the whole batch.
    func score(_ state: CycleState, _ pod: PodInfo, nodes: NodeBatch, into scores: inout [Int64]) -> FrameworkStatus {
        scorer.score(nodes, podRequests: requests(state, pod), into: &scores)
    }

    /// The requests PreScore kept (computed again when PreScore did not run).
    private func requests(_ state: CycleState, _ pod: PodInfo) -> [Int64] {
        state.read(Self.preScoreKey, as: [Int64].self) ?? scorer.podRequests(pod)
    }
}
