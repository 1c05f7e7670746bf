import Foundation

/// NodeResourcesFit's PreScore and Score: the configured strategy (LeastAllocated,
/// MostAllocated or RequestedToCapacityRatio) over the configured resources and weights, with
/// the non-zero requests for cpu and memory. Scores are already 0...100 (no normalization).
extension NodeResourcesFit {
    /// The cycle-state key of the pod's requests per scored resource.
    static let preScoreKey = "PreScoreNodeResourcesFit"

    /// Keeps the pod's request of each scored resource.
    func preScore(_ state: CycleState, _ pod: PodInfo, _ nodes: [NodeInfo]) -> FrameworkStatus {
        state.write(Self.preScoreKey, scorer.podRequests(pod))
        return .success
    }

    /// The strategy's score of `node`.
    func score(_ state: CycleState, _ pod: PodInfo, _ node: NodeInfo) -> (Int64, FrameworkStatus) {
        let requests = state.read(Self.preScoreKey, as: [Int64].self) ?? scorer.podRequests(pod)
        return scorer.score(node, podRequests: requests)
    }

    /// The batched Score: reads the cycle state once for the whole batch.
    func score(_ state: CycleState, _ pod: PodInfo, nodes: [NodeInfo], into scores: inout [Int64]) -> FrameworkStatus {
        scorer.score(nodes, podRequests: state.read(Self.preScoreKey, as: [Int64].self) ?? scorer.podRequests(pod), into: &scores)
    }
}
