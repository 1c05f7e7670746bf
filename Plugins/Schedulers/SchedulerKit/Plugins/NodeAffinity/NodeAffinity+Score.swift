import Foundation

/// NodeAffinity's PreScore and Score: a node's raw score is the sum of the weights of the pod's
/// preferred node affinity terms it matches, plus those of the profile's added preferred terms;
/// the default normalization scales the best node to 100. PreScore skips pods with neither.
extension NodeAffinity {
    /// The cycle-state key of the pod's preferred terms.
    static let preScoreKey = "PreScoreNodeAffinity"

    /// Keeps the pod's preferred terms, or Skip when there is nothing to score.
    func preScore(_ state: CycleState, _ pod: PodInfo, _ nodes: NodeBatch) -> FrameworkStatus {
        guard !nodes.isEmpty else { return .success }
        let preferred = Self.preferredTerms(of: pod)
        if preferred == nil && addedPreferredTerms == nil { return .skip }
        state.write(Self.preScoreKey, preferred ?? [])
        return .success
    }

    /// The summed weights of the matching preferred terms.
    func score(_ state: CycleState, _ pod: PodInfo, _ node: NodeInfo) -> (Int64, FrameworkStatus) {
        var total: Int64 = 0
        let podTerms = state.read(Self.preScoreKey, as: [Affinity.NodeAffinity.Preferred].self) ?? Self.preferredTerms(of: pod) ?? []
        for term in (addedPreferredTerms ?? []) + podTerms where term.weight != 0 {
            if NodeSelection.matches(term.preference, labels: node.labels, name: node.name) { total += Int64(term.weight) }
        }
        return (total, .success)
    }

    /// Default normalization: the highest sum becomes 100.
    func normalize(_ state: CycleState, _ pod: PodInfo, scores: inout [Int64]) -> FrameworkStatus {
        ScoreNormalization.defaultNormalize(&scores, reverse: false)
        return .success
    }

    /// The pod's preferred node affinity terms, nil when it has none.
    static func preferredTerms(of pod: PodInfo) -> [Affinity.NodeAffinity.Preferred]? {
        pod.pod.spec?.affinity?.nodeAffinity?.preferredDuringSchedulingIgnoredDuringExecution
    }
}
