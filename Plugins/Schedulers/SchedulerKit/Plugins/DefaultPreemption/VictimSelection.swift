import Foundation

/// One node's dry run of preemption (kube-scheduler's SelectVictimsOnNode), over a copy of the
/// node and the cycle's state: remove every lower-priority pod, check the pod fits with the
/// profile's Filters, then reprieve the victims most important first (those whose eviction
/// would violate a PodDisruptionBudget first), keeping each one that can stay while the pod
/// still fits. The
/// cycle state is restored before returning (every pod still removed is added back through the
/// PreFilter extensions), so one state serves every node in turn.
struct VictimSelection {
    /// The profile's plugins (Filters and PreFilter extensions).
    let profile: any PreemptionProfile
    /// The cycle's state, with the PreFilter data of the pod.
    let state: CycleState
    /// The pod that preempts.
    let pod: PodInfo
    /// The time pods without a start time are taken to have started.
    let now: Date
    /// The cluster's PodDisruptionBudgets, read once per preemption.
    var budgets: [DisruptionBudget] = []

    /// The victims on `node` with their PDB violations, or why preemption does not help there
    /// (`No preemption victims found for incoming pod`, or the Filter status with every
    /// lower-priority pod removed).
    func select(on node: NodeInfo) -> (victims: [PodInfo], pdbViolations: Int, status: FrameworkStatus) {
        let simulated = NodeInfo(index: node.index, node: node.node)
        for placed in node.pods { simulated.add(placed) }
        var removed: [String: PodInfo] = [:]
        defer { restore(Array(removed.values), on: simulated) }

        var potential: [PodInfo] = []
        for placed in node.pods where placed.priority < pod.priority {
            potential.append(placed)
            if let failure = remove(placed, from: simulated) { return ([], 0, failure) }
            removed[placed.key] = placed
        }
        if potential.isEmpty {
            return ([], 0, FrameworkStatus(.unschedulableAndUnresolvable, [DefaultPreemption.reasonNoVictims]))
        }
        let fits = runFilters(on: simulated)
        if !fits.isSuccess { return ([], 0, fits) }

        potential.sort { PreemptionOrdering.moreImportant($0, $1, now: now) }
        let (violating, nonViolating) = Self.splitByPDBViolation(potential, budgets: budgets)
        var victims: [PodInfo] = []
        var violations = 0
        func reprieve(_ candidate: PodInfo) -> FrameworkStatus? {
            removed[candidate.key] = nil
            if let failure = add(candidate, to: simulated) { return failure }
            if runFilters(on: simulated).isSuccess { return nil }
            if let failure = remove(candidate, from: simulated) { return failure }
            removed[candidate.key] = candidate
            victims.append(candidate)
            return nil
        }
        for candidate in violating {
            let before = victims.count
            if let failure = reprieve(candidate) { return ([], 0, failure) }
            if victims.count > before { violations += 1 }
        }
        for candidate in nonViolating {
            if let failure = reprieve(candidate) { return ([], 0, failure) }
        }
        if !violating.isEmpty && !nonViolating.isEmpty {
            victims.sort { PreemptionOrdering.moreImportant($0, $1, now: now) }
        }
        return (victims, violations, .success)
    }

    /// Splits the potential victims into those whose eviction would violate a
    /// PodDisruptionBudget and the others, each keeping its order (kube-scheduler's
    /// filterPodsWithPDBViolation): going through the victims in order, each one a budget of its
    /// namespace selects spends one of that budget's allowed disruptions, unless the API server
    /// already accepted its eviction (`disruptedPods`); a victim that takes a budget below zero
    /// violates it. Budgets with a nil or empty selector select nothing here.
    static func splitByPDBViolation(_ pods: [PodInfo], budgets: [DisruptionBudget]) -> (violating: [PodInfo], nonViolating: [PodInfo]) {
        var allowed = budgets.map { $0.status?.disruptionsAllowed ?? 0 }
        let selectors = budgets.map { budget -> LabelSelectorMatcher? in
            guard let matcher = try? LabelSelectorMatcher(budget.spec?.selector), matcher.hasRequirements else { return nil }
            return matcher
        }
        var violating: [PodInfo] = []
        var nonViolating: [PodInfo] = []
        for victim in pods {
            let labels = victim.pod.metadata?.labels ?? [:]
            let name = victim.pod.metadata?.name ?? ""
            var violates = false
            for index in budgets.indices where !labels.isEmpty {
                guard budgets[index].metadata?.namespace == victim.pod.metadata?.namespace,
                      let selector = selectors[index], selector.matches(labels),
                      budgets[index].status?.disruptedPods?[name] == nil
                else { continue }
                allowed[index] -= 1
                if allowed[index] < 0 { violates = true }
            }
            if violates { violating.append(victim) } else { nonViolating.append(victim) }
        }
        return (violating, nonViolating)
    }

    /// Runs the profile's Filters (those PreFilter did not skip) on the simulated node; the
    /// first failure is the node's status.
    func runFilters(on node: NodeInfo) -> FrameworkStatus {
        for filter in profile.filterPlugins where !state.skippedFilter.contains(type(of: filter).name) {
            var status = filter.filter(state, pod, node)
            if !status.isSuccess {
                if status.plugin == nil { status.plugin = type(of: filter).name }
                return status
            }
        }
        return .success
    }

    /// Takes `victim` off the simulated node and tells the PreFilter extensions; an Error on failure.
    private func remove(_ victim: PodInfo, from node: NodeInfo) -> FrameworkStatus? {
        node.remove(victim.key)
        for plugin in profile.preFilterExtensions where !state.skippedFilter.contains(type(of: plugin).name) {
            let status = plugin.removePod(state, pod, removing: victim, from: node)
            if !status.isSuccess { return status.code == .error ? status : .error(status.reasons.joined(separator: ", ")) }
        }
        return nil
    }

    /// Puts `victim` back on the simulated node and tells the PreFilter extensions; an Error on failure.
    private func add(_ victim: PodInfo, to node: NodeInfo) -> FrameworkStatus? {
        node.add(victim)
        for plugin in profile.preFilterExtensions where !state.skippedFilter.contains(type(of: plugin).name) {
            let status = plugin.addPod(state, pod, adding: victim, on: node)
            if !status.isSuccess { return status.code == .error ? status : .error(status.reasons.joined(separator: ", ")) }
        }
        return nil
    }

    /// Puts every pod still removed back, so the cycle state is as PreFilter left it.
    private func restore(_ pods: [PodInfo], on node: NodeInfo) {
        for placed in pods { _ = add(placed, to: node) }
    }
}
