/// PodTopologySpread's PreFilter data: per DoNotSchedule constraint, how many matching pods each
/// eligible domain holds. A class so that AddPod/RemovePod update it in place.
final class SpreadFilterState {
    /// The pod's DoNotSchedule constraints.
    let constraints: [SpreadConstraint]
    /// Per constraint, matching pods per domain (topology value) over the eligible nodes.
    var counts: [[String: Int]]

    /// Creates the state.
    init(constraints: [SpreadConstraint], counts: [[String: Int]]) {
        self.constraints = constraints
        self.counts = counts
    }

    /// An independent copy, for a preemption simulation that adds and removes pods without
    /// touching the cycle's own data.
    func copy() -> SpreadFilterState { SpreadFilterState(constraints: constraints, counts: counts) }

    /// The global minimum Filter compares against for constraint `index`: the fewest matching
    /// pods in any eligible domain, or 0 while there are fewer eligible domains than minDomains.
    func minimum(_ index: Int) -> Int {
        let domains = counts[index]
        if domains.count < constraints[index].minDomains { return 0 }
        return domains.values.min() ?? 0
    }
}

extension PodTopologySpread {
    func preFilter(_ state: CycleState, _ pod: PodInfo, _ nodes: [NodeInfo]) -> (PreFilterResult?, FrameworkStatus) {
        let constraints: [SpreadConstraint]
        do {
            constraints = try SpreadConstraint.forPod(pod, action: SpreadConstraint.doNotSchedule, defaults: defaultConstraints)
        } catch {
            return (nil, .error("PreFilter\(Self.name): \(error)"))
        }
        guard !constraints.isEmpty else {
            state.skipFilter(of: Self.name)
            return (nil, .skip)
        }
        var counts = Array(repeating: [String: Int](), count: constraints.count)
        for node in nodes where constraints.allKeysPresent(in: node.labels) {
            for (index, constraint) in constraints.enumerated() where constraint.includes(node, for: pod) {
                let value = node.labels[constraint.topologyKey]!
                counts[index][value, default: 0] += constraint.count(node.pods, namespace: pod.namespace)
            }
        }
        state.write(Self.preFilterStateKey, SpreadFilterState(constraints: constraints, counts: counts))
        return (nil, .success)
    }

    func filter(_ state: CycleState, _ pod: PodInfo, _ node: NodeInfo) -> FrameworkStatus {
        guard let spread = state.read(Self.preFilterStateKey, as: SpreadFilterState.self) else {
            return state.skippedFilter.contains(Self.name) ? .success : .error("reading \"\(Self.preFilterStateKey)\" from cycleState: not found")
        }
        let minimums = spread.constraints.indices.map(spread.minimum)
        return check(spread, pod, node, minimums: minimums)
    }

    func filter(_ state: CycleState, _ pod: PodInfo, nodes: NodeBatch, into verdicts: inout FilterVerdicts) {
        guard let spread = state.read(Self.preFilterStateKey, as: SpreadFilterState.self) else {
            if state.skippedFilter.contains(Self.name) { return }
            let status = FrameworkStatus.error("reading \"\(Self.preFilterStateKey)\" from cycleState: not found")
            for position in nodes.indices { verdicts.set(position, status) }
            return
        }
        let minimums = spread.constraints.indices.map(spread.minimum)
        for (position, node) in nodes.enumerated() {
            let status = check(spread, pod, node, minimums: minimums)
            if !status.isSuccess { verdicts.set(position, status) }
        }
    }

    /// The skew check for one node: for every constraint, the domain's matching pods plus the
    /// pod itself (when it matches) minus the global minimum must not exceed maxSkew.
    private func check(_ spread: SpreadFilterState, _ pod: PodInfo, _ node: NodeInfo, minimums: [Int]) -> FrameworkStatus {
        for (index, constraint) in spread.constraints.enumerated() {
            guard let value = node.labels[constraint.topologyKey] else {
                return .unresolvable(Self.reasonNodeLabelNotMatch)
            }
            let selfMatch = constraint.selector.matches(pod.labels) ? 1 : 0
            let skew = (spread.counts[index][value] ?? 0) + selfMatch - minimums[index]
            if skew > constraint.maxSkew { return .unschedulable(Self.reasonConstraintsNotMatch) }
        }
        return .success
    }

    func addPod(_ state: CycleState, _ pod: PodInfo, adding added: PodInfo, on node: NodeInfo) -> FrameworkStatus {
        update(state, pod, with: added, on: node, delta: 1)
        return .success
    }

    func removePod(_ state: CycleState, _ pod: PodInfo, removing removed: PodInfo, from node: NodeInfo) -> FrameworkStatus {
        update(state, pod, with: removed, on: node, delta: -1)
        return .success
    }

    /// Counts `other` in (or out of) its domain for each constraint it matches, when the node is
    /// one the constraints count and `other` is in the pod's namespace.
    private func update(_ state: CycleState, _ pod: PodInfo, with other: PodInfo, on node: NodeInfo, delta: Int) {
        guard let spread = state.read(Self.preFilterStateKey, as: SpreadFilterState.self),
              other.namespace == pod.namespace, spread.constraints.allKeysPresent(in: node.labels) else { return }
        for (index, constraint) in spread.constraints.enumerated() {
            guard constraint.selector.matches(other.labels), constraint.includes(node, for: pod) else { continue }
            spread.counts[index][node.labels[constraint.topologyKey]!, default: 0] += delta
        }
    }
}
