import Foundation

/// PodTopologySpread's PreScore data: per ScheduleAnyway constraint, matching pods per domain
/// (hostname constraints are counted per node at Score time), each constraint's normalizing
/// weight, and the nodes left out of scoring because they lack a topology key.
final class SpreadScoreState {
    /// The pod's ScheduleAnyway constraints.
    let constraints: [SpreadConstraint]
    /// Indices of the feasible nodes that lack one of the topology keys (they score 0).
    let ignoredNodes: Set<Int>
    /// Per constraint, matching pods per domain of the feasible nodes.
    let domainCounts: [[String: Int]]
    /// Per constraint, log(number of domains + 2): how much one matching pod weighs.
    let weights: [Double]
    /// Per position of the last batched Score call, whether that node was ignored (read by
    /// NormalizeScore, which sees only scores).
    var ignoredPositions: [Bool] = []

    /// Creates the state.
    init(constraints: [SpreadConstraint], ignoredNodes: Set<Int>, domainCounts: [[String: Int]], weights: [Double]) {
        self.constraints = constraints
        self.ignoredNodes = ignoredNodes
        self.domainCounts = domainCounts
        self.weights = weights
    }
}

extension PodTopologySpread {
    /// The hostname label, counted per node rather than per domain.
    static let hostnameKey = "kubernetes.io/hostname"

    func preScore(_ state: CycleState, _ pod: PodInfo, _ nodes: NodeBatch) -> FrameworkStatus {
        let allNodes = snapshot.nodes
        if nodes.isEmpty || allNodes.isEmpty { return skipScore(state) }
        let constraints: [SpreadConstraint]
        do {
            constraints = try SpreadConstraint.forPod(pod, action: SpreadConstraint.scheduleAnyway, defaults: defaultConstraints)
        } catch {
            return .error("PreScore\(Self.name): \(error)")
        }
        if constraints.isEmpty { return skipScore(state) }
        // Only non-default constraints require every topology key on a node, so that nodes
        // without a zone label still spread by hostname under the system defaults.
        let ownConstraints = !(pod.pod.spec?.topologySpreadConstraints ?? []).isEmpty
        let requireAllTopologies = ownConstraints || !systemDefaulted

        var ignored = Set<Int>()
        var counts = Array(repeating: [String: Int](), count: constraints.count)
        var domainSizes = Array(repeating: 0, count: constraints.count)
        for node in nodes {
            if requireAllTopologies && !constraints.allKeysPresent(in: node.labels) {
                ignored.insert(node.index)
                continue
            }
            for (index, constraint) in constraints.enumerated() where constraint.topologyKey != Self.hostnameKey {
                let value = node.labels[constraint.topologyKey] ?? ""
                if counts[index][value] == nil {
                    counts[index][value] = 0
                    domainSizes[index] += 1
                }
            }
        }
        let weights = constraints.enumerated().map { index, constraint in
            let size = constraint.topologyKey == Self.hostnameKey ? nodes.count - ignored.count : domainSizes[index]
            return log(Double(size + 2))
        }
        // Count matching pods over every node (not only feasible ones) in the scored domains.
        for node in allNodes {
            if requireAllTopologies && !constraints.allKeysPresent(in: node.labels) { continue }
            for (index, constraint) in constraints.enumerated() where constraint.includes(node, for: pod) {
                let value = node.labels[constraint.topologyKey] ?? ""
                guard counts[index][value] != nil else { continue }
                counts[index][value]! += constraint.count(on: node, namespace: pod.namespace)
            }
        }
        state.write(Self.preScoreStateKey, SpreadScoreState(constraints: constraints, ignoredNodes: ignored, domainCounts: counts, weights: weights))
        return .success
    }

    private func skipScore(_ state: CycleState) -> FrameworkStatus {
        state.skipScore(of: Self.name)
        return .skip
    }

    func score(_ state: CycleState, _ pod: PodInfo, _ node: NodeInfo) -> (Int64, FrameworkStatus) {
        guard let spread = state.read(Self.preScoreStateKey, as: SpreadScoreState.self) else {
            return (0, .error("reading \"\(Self.preScoreStateKey)\" from cycleState: not found"))
        }
        return (rawScore(spread, pod, node), .success)
    }

    func score(_ state: CycleState, _ pod: PodInfo, nodes: NodeBatch, into scores: inout [Int64]) -> FrameworkStatus {
        guard let spread = state.read(Self.preScoreStateKey, as: SpreadScoreState.self) else {
            return .error("reading \"\(Self.preScoreStateKey)\" from cycleState: not found")
        }
        spread.ignoredPositions = nodes.map { spread.ignoredNodes.contains($0.index) }
        for (position, node) in nodes.enumerated() { scores[position] = rawScore(spread, pod, node) }
        return .success
    }

    /// The raw score: for every constraint whose key the node has, the matching pods in its
    /// domain times the constraint's weight, plus maxSkew - 1; rounded. Fewer pods, lower score
    /// (NormalizeScore turns it around).
    private func rawScore(_ spread: SpreadScoreState, _ pod: PodInfo, _ node: NodeInfo) -> Int64 {
        if spread.ignoredNodes.contains(node.index) { return 0 }
        var score = 0.0
        for (index, constraint) in spread.constraints.enumerated() {
            guard let value = node.labels[constraint.topologyKey] else { continue }
            let count = constraint.topologyKey == Self.hostnameKey
                ? constraint.count(on: node, namespace: pod.namespace)
                : spread.domainCounts[index][value] ?? 0
            score += Double(count) * spread.weights[index] + Double(constraint.maxSkew - 1)
        }
        return Int64(score.rounded())
    }

    /// Inverts the raw scores into 0...100 between the lowest and highest: a node scores
    /// 100 * (max + min - s) / max; ignored nodes score 0; all-zero scores become 100.
    func normalize(_ state: CycleState, _ pod: PodInfo, scores: inout [Int64]) -> FrameworkStatus {
        guard let spread = state.read(Self.preScoreStateKey, as: SpreadScoreState.self) else { return .success }
        let ignored = spread.ignoredPositions.count == scores.count ? spread.ignoredPositions : Array(repeating: false, count: scores.count)
        var lowest = Int64.max
        var highest: Int64 = 0
        for (position, score) in scores.enumerated() where !ignored[position] {
            lowest = min(lowest, score)
            highest = max(highest, score)
        }
        for position in scores.indices {
            if ignored[position] {
                scores[position] = 0
            } else if highest == 0 {
                scores[position] = NodeScore.max
            } else {
                scores[position] = NodeScore.max * (highest + lowest - scores[position]) / highest
            }
        }
        return .success
    }
}
