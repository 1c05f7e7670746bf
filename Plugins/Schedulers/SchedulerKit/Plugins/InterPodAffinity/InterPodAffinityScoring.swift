/// InterPodAffinity's PreScore data: per topology key and value, the summed weight of the terms
/// that pull the pod towards (positive) or push it away from (negative) that domain.
final class AffinityScoreState {
    /// Topology key → value → score.
    let topologyScore: [String: [String: Int64]]

    /// Creates the state.
    init(topologyScore: [String: [String: Int64]]) { self.topologyScore = topologyScore }
}

extension InterPodAffinity {
    func preScore(_ state: CycleState, _ pod: PodInfo, _ nodes: NodeBatch) -> FrameworkStatus {
        if nodes.isEmpty { return skipScore(state) }
        let hasConstraints = !pod.affinity.preferred.isEmpty || !pod.affinity.preferredAnti.isEmpty
        if args.ignorePreferredTermsOfExistingPods && !hasConstraints { return skipScore(state) }
        var scores: [String: [String: Int64]] = [:]
        do {
            let preferred = try compile(pod.affinity.preferred, of: pod, merging: true)
            let preferredAnti = try compile(pod.affinity.preferredAnti, of: pod, merging: true)
            let namespaceLabels = snapshot.namespaceLabels[pod.namespace] ?? [:]
            // Without preferred terms of its own, only pods with affinity terms can matter.
            let relevant = hasConstraints ? snapshot.nodes : snapshot.nodesWithAffinityPods.compactMap(snapshot.node(at:))
            for node in relevant where !node.labels.isEmpty {
                let existingPods = hasConstraints ? node.pods : node.podsWithAffinity
                for existing in existingPods {
                    // The incoming pod's preferred terms matched by the existing pod.
                    add(preferred, matching: existing, namespaceLabels: [:], node: node, sign: 1, into: &scores)
                    add(preferredAnti, matching: existing, namespaceLabels: [:], node: node, sign: -1, into: &scores)
                    if existing.affinity.isEmpty { continue }
                    // The existing pod's terms matched by the incoming pod.
                    if args.hardPodAffinityWeight > 0 {
                        var required = try ownTerms(.required, of: existing)
                        for index in required.indices { required[index].weight = args.hardPodAffinityWeight }
                        add(required, matching: pod, namespaceLabels: namespaceLabels, node: node, sign: 1, into: &scores)
                    }
                    let theirPreferred = try ownTerms(.preferred, of: existing)
                    add(theirPreferred, matching: pod, namespaceLabels: namespaceLabels, node: node, sign: 1, into: &scores)
                    let theirAnti = try ownTerms(.preferredAnti, of: existing)
                    add(theirAnti, matching: pod, namespaceLabels: namespaceLabels, node: node, sign: -1, into: &scores)
                }
            }
        } catch {
            return .error("PreScore\(Self.name): \(error)")
        }
        if scores.isEmpty { return skipScore(state) }
        state.write(Self.preScoreStateKey, AffinityScoreState(topologyScore: scores))
        return .success
    }

    /// Adds sign × weight of every term in `terms` that `pod` matches to the domain of `node`
    /// for the term's topology key (when the node has it).
    private func add(_ terms: [AffinityTermMatcher], matching pod: PodInfo, namespaceLabels: [String: String], node: NodeInfo,
                     sign: Int64, into scores: inout [String: [String: Int64]]) {
        for term in terms where term.matches(pod, namespaceLabels: namespaceLabels) {
            guard let value = node.labels[term.topologyKey] else { continue }
            scores[term.topologyKey, default: [:]][value, default: 0] += sign * Int64(term.weight)
        }
    }

    private func skipScore(_ state: CycleState) -> FrameworkStatus {
        state.skipScore(of: Self.name)
        return .skip
    }

    func score(_ state: CycleState, _ pod: PodInfo, _ node: NodeInfo) -> (Int64, FrameworkStatus) {
        guard let scoreState = state.read(Self.preScoreStateKey, as: AffinityScoreState.self) else {
            return (0, .error("reading \"\(Self.preScoreStateKey)\" from cycleState: not found"))
        }
        var score: Int64 = 0
        for (key, values) in scoreState.topologyScore {
            if let value = node.labels[key] { score += values[value] ?? 0 }
        }
        return (score, .success)
    }

    /// Scales the raw scores to 0...100 between the lowest and highest: 100 × (s - min) / (max - min);
    /// all equal scores become 0.
    func normalize(_ state: CycleState, _ pod: PodInfo, scores: inout [Int64]) -> FrameworkStatus {
        guard let scoreState = state.read(Self.preScoreStateKey, as: AffinityScoreState.self),
              !scoreState.topologyScore.isEmpty, let lowest = scores.min(), let highest = scores.max() else { return .success }
        let spread = highest - lowest
        for position in scores.indices {
            scores[position] = spread > 0 ? Int64(Double(NodeScore.max) * Double(scores[position] - lowest) / Double(spread)) : 0
        }
        return .success
    }
}
