import Foundation

/// TaintToleration's PreScore and Score: the raw score of a node is how many of its
/// PreferNoSchedule taints the pod does not tolerate (only tolerations with an empty or
/// PreferNoSchedule effect count), normalized in reverse so the node with the fewest wins 100.
extension TaintToleration {
    /// The cycle-state key of the pod's PreferNoSchedule tolerations.
    static let preScoreKey = "PreScoreTaintToleration"

    /// Keeps the pod's tolerations that can tolerate a PreferNoSchedule taint.
    func preScore(_ state: CycleState, _ pod: PodInfo, _ nodes: NodeBatch) -> FrameworkStatus {
        guard !nodes.isEmpty else { return .success }
        state.write(Self.preScoreKey, Self.preferNoScheduleTolerations(pod))
        return .success
    }

    /// The number of PreferNoSchedule taints on `node` the pod does not tolerate.
    func score(_ state: CycleState, _ pod: PodInfo, _ node: NodeInfo) -> (Int64, FrameworkStatus) {
        let tolerations = state.read(Self.preScoreKey, as: [Toleration].self) ?? Self.preferNoScheduleTolerations(pod)
        var count: Int64 = 0
        for taint in node.taints where taint.effect == "PreferNoSchedule" {
            if !tolerations.contains(where: { $0.tolerates(taint) }) { count += 1 }
        }
        return (count, .success)
    }

    /// The batched Score: reads the tolerations once; nodes without PreferNoSchedule taints count 0.
    func score(_ state: CycleState, _ pod: PodInfo, nodes: NodeBatch, into scores: inout [Int64]) -> FrameworkStatus {
        let tolerations = state.read(Self.preScoreKey, as: [Toleration].self) ?? Self.preferNoScheduleTolerations(pod)
        for position in nodes.indices {
            guard nodes.row(position).hasPreferNoScheduleTaints else {
                scores[position] = 0
                continue
            }
            var count: Int64 = 0
            for taint in nodes[position].taints where taint.effect == "PreferNoSchedule" {
                if !tolerations.contains(where: { $0.tolerates(taint) }) { count += 1 }
            }
            scores[position] = count
        }
        return .success
    }

    /// Reversed default normalization: fewer untolerated taints score higher.
    func normalize(_ state: CycleState, _ pod: PodInfo, scores: inout [Int64]) -> FrameworkStatus {
        ScoreNormalization.defaultNormalize(&scores, reverse: true)
        return .success
    }

    /// The tolerations with an empty or PreferNoSchedule effect.
    static func preferNoScheduleTolerations(_ pod: PodInfo) -> [Toleration] {
        pod.tolerations.filter { ($0.effect ?? "").isEmpty || $0.effect == "PreferNoSchedule" }
    }
}
