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
                counts[index][value, default: 0] += constraint.count(on: node, namespace: pod.namespace)
            }
        }
        state.write(Self.preFilterStateKey, SpreadFilterState(constraints: constraints, counts: counts))
        return (nil, .success)
    }

    func filter(_ state: CycleState, _ pod: PodInfo, _ node: NodeInfo) -> FrameworkStatus {
        guard let spread = state.read(Self.preFilterStateKey, as: SpreadFilterState.self) else {
            return state.skippedFilter.contains(Self.name) ? .success : .error("reading \"\(Self.preFilterStateKey)\" from cycleState: not found")
        }
        return check(spread, node, limits: limits(spread, pod))
    }

    func filter(_ state: CycleState, _ pod: PodInfo, nodes: NodeBatch, into verdicts: inout FilterVerdicts) {
        guard let spread = state.filterData(Self.preFilterStateKey, as: SpreadFilterState.self, plugin: Self.name, nodes: nodes, verdicts: &verdicts) else {
            return
        }
        let limits = limits(spread, pod)
        for (position, node) in nodes.enumerated() {
            let status = check(spread, node, limits: limits)
            if !status.isSuccess { verdicts.set(position, status) }
        }
    }

    /// Per constraint, the most matching pods a domain may already hold for the pod to fit
    /// there: the global minimum plus maxSkew, less one when the pod itself matches. Worked out
    /// once per Filter call, so each node costs a label lookup and a count lookup.
    private func limits(_ spread: SpreadFilterState, _ pod: PodInfo) -> [Int] {
        spread.constraints.indices.map { index in
            let constraint = spread.constraints[index]
            let selfMatch = constraint.selector.matches(pod.labels) ? 1 : 0
            return spread.minimum(index) + constraint.maxSkew - selfMatch
        }
    }

    /// The skew check for one node: for every constraint, the domain's matching pods plus the
    /// pod itself (when it matches) minus the global minimum must not exceed maxSkew.
    private func check(_ spread: SpreadFilterState, _ node: NodeInfo, limits: [Int]) -> FrameworkStatus {
        for (index, constraint) in spread.constraints.enumerated() {
            guard let value = node.labels[constraint.topologyKey] else {
                return .unresolvable(Self.reasonNodeLabelNotMatch)
            }
            if spread.counts[index][value] ?? 0 > limits[index] { return .unschedulable(Self.reasonConstraintsNotMatch) }
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
