/// InterPodAffinity's PreFilter data: the incoming pod's required terms and, per topology
/// domain, how many existing pods' anti-affinity terms match the pod, how many pods match all of
/// its affinity terms and how many match its anti-affinity terms. A class so that
/// AddPod/RemovePod update it in place.
final class AffinityFilterState {
    /// The incoming pod.
    let pod: PodInfo
    /// Its required affinity terms (namespace selectors folded in).
    let affinityTerms: [AffinityTermMatcher]
    /// Its required anti-affinity terms (namespace selectors folded in).
    let antiAffinityTerms: [AffinityTermMatcher]
    /// The labels of the pod's namespace (what existing pods' namespace selectors match).
    let namespaceLabels: [String: String]
    /// Domains where an existing pod's required anti-affinity term matches the incoming pod.
    var existingAntiAffinityCounts = TopologyCounts()
    /// Domains holding pods that match all of the pod's required affinity terms.
    var affinityCounts = TopologyCounts()
    /// Domains holding pods that match one of the pod's required anti-affinity terms.
    var antiAffinityCounts = TopologyCounts()

    /// Creates the state with empty counts.
    init(pod: PodInfo, affinityTerms: [AffinityTermMatcher], antiAffinityTerms: [AffinityTermMatcher], namespaceLabels: [String: String]) {
        self.pod = pod
        self.affinityTerms = affinityTerms
        self.antiAffinityTerms = antiAffinityTerms
        self.namespaceLabels = namespaceLabels
    }

    /// An independent copy, for a preemption simulation that adds and removes pods without
    /// touching the cycle's own data.
    func copy() -> AffinityFilterState {
        let copy = AffinityFilterState(pod: pod, affinityTerms: affinityTerms, antiAffinityTerms: antiAffinityTerms, namespaceLabels: namespaceLabels)
        copy.existingAntiAffinityCounts = existingAntiAffinityCounts
        copy.affinityCounts = affinityCounts
        copy.antiAffinityCounts = antiAffinityCounts
        return copy
    }

    /// Counts `other` (with its compiled required anti-affinity terms) on `node` in or out.
    func update(with other: PodInfo, antiAffinity otherAnti: [AffinityTermMatcher], on node: NodeInfo, by delta: Int) {
        existingAntiAffinityCounts.updateWithAntiAffinity(otherAnti, pod, namespaceLabels: namespaceLabels, node: node, by: delta)
        affinityCounts.updateWithAffinity(affinityTerms, other, node: node, by: delta)
        antiAffinityCounts.updateWithAntiAffinity(antiAffinityTerms, other, namespaceLabels: [:], node: node, by: delta)
    }
}

extension InterPodAffinity {
    func preFilter(_ state: CycleState, _ pod: PodInfo, _ nodes: [NodeInfo]) -> (PreFilterResult?, FrameworkStatus) {
        let filterState: AffinityFilterState
        do {
            filterState = AffinityFilterState(
                pod: pod,
                affinityTerms: try compile(pod.affinity.required, of: pod, merging: true),
                antiAffinityTerms: try compile(pod.affinity.requiredAnti, of: pod, merging: true),
                namespaceLabels: snapshot.namespaceLabels[pod.namespace] ?? [:])
            // Without required terms of its own, only nodes with pods that have required
            // anti-affinity can matter (the snapshot keeps that list).
            let hasOwnTerms = !filterState.affinityTerms.isEmpty || !filterState.antiAffinityTerms.isEmpty
            let relevant = hasOwnTerms ? nodes : snapshot.nodesWithRequiredAntiAffinityPods.compactMap(snapshot.node(at:))
            for node in relevant {
                // Existing pods' required anti-affinity towards the incoming pod.
                for existing in node.podsWithRequiredAntiAffinity {
                    let terms = try ownTerms(.requiredAnti, of: existing)
                    filterState.existingAntiAffinityCounts.updateWithAntiAffinity(
                        terms, pod, namespaceLabels: filterState.namespaceLabels, node: node, by: 1)
                }
                // The incoming pod's required terms against every existing pod.
                if filterState.affinityTerms.isEmpty && filterState.antiAffinityTerms.isEmpty { continue }
                for existing in node.pods {
                    filterState.affinityCounts.updateWithAffinity(filterState.affinityTerms, existing, node: node, by: 1)
                    filterState.antiAffinityCounts.updateWithAntiAffinity(
                        filterState.antiAffinityTerms, existing, namespaceLabels: [:], node: node, by: 1)
                }
            }
        } catch {
            return (nil, .error("PreFilter\(Self.name): \(error)"))
        }
        if filterState.existingAntiAffinityCounts.isEmpty && filterState.affinityTerms.isEmpty
            && filterState.antiAffinityTerms.isEmpty {
            state.skipFilter(of: Self.name)
            return (nil, .skip)
        }
        state.write(Self.preFilterStateKey, filterState)
        return (nil, .success)
    }

    func filter(_ state: CycleState, _ pod: PodInfo, _ node: NodeInfo) -> FrameworkStatus {
        guard let filterState = state.read(Self.preFilterStateKey, as: AffinityFilterState.self) else {
            return state.skippedFilter.contains(Self.name) ? .success : .error("reading \"\(Self.preFilterStateKey)\" from cycleState: not found")
        }
        return check(filterState, node, existingAntiAffinityKeys: filterState.existingAntiAffinityCounts.positiveKeys)
    }

    /// The batched Filter: reads the cycle state and the topology keys of existing pods'
    /// anti-affinity once, then checks each node.
    func filter(_ state: CycleState, _ pod: PodInfo, nodes: NodeBatch, into verdicts: inout FilterVerdicts) {
        guard let filterState = state.filterData(Self.preFilterStateKey, as: AffinityFilterState.self, plugin: Self.name, nodes: nodes, verdicts: &verdicts) else {
            return
        }
        let keys = filterState.existingAntiAffinityCounts.positiveKeys
        for (position, node) in nodes.enumerated() {
            let status = check(filterState, node, existingAntiAffinityKeys: keys)
            if !status.isSuccess { verdicts.set(position, status) }
        }
    }

    private func check(_ filterState: AffinityFilterState, _ node: NodeInfo, existingAntiAffinityKeys: [String]) -> FrameworkStatus {
        if !satisfiesAffinity(filterState, node) { return .unresolvable(Self.reasonAffinityRulesNotMatch) }
        if !satisfiesAntiAffinity(filterState, node) { return .unschedulable(Self.reasonAntiAffinityRulesNotMatch) }
        if !satisfiesExistingAntiAffinity(filterState, node, keys: existingAntiAffinityKeys) {
            return .unschedulable(Self.reasonExistingAntiAffinityRulesNotMatch)
        }
        return .success
    }

    /// Every required affinity term has a matching pod in the node's domain (the node must have
    /// every term's topology key); or, when no pod in the cluster matches the terms, the pod
    /// matches all of them itself (the first pod of a group with affinity to itself).
    private func satisfiesAffinity(_ filterState: AffinityFilterState, _ node: NodeInfo) -> Bool {
        var podsExist = true
        for term in filterState.affinityTerms {
            guard let value = node.labels[term.topologyKey] else { return false }
            if filterState.affinityCounts[TopologyPair(key: term.topologyKey, value: value)] <= 0 { podsExist = false }
        }
        if podsExist { return true }
        return filterState.affinityCounts.isEmpty && AffinityTermMatcher.allMatch(filterState.affinityTerms, filterState.pod)
    }

    /// No required anti-affinity term has a matching pod in the node's domain.
    private func satisfiesAntiAffinity(_ filterState: AffinityFilterState, _ node: NodeInfo) -> Bool {
        guard !filterState.antiAffinityCounts.isEmpty else { return true }
        for term in filterState.antiAffinityTerms {
            guard let value = node.labels[term.topologyKey] else { continue }
            if filterState.antiAffinityCounts[TopologyPair(key: term.topologyKey, value: value)] > 0 { return false }
        }
        return true
    }

    /// No existing pod's required anti-affinity term matching the pod covers any of the node's
    /// domains. `keys` are the topology keys those terms count under (`positiveKeys`): only the
    /// node's labels with those keys can name such a domain.
    private func satisfiesExistingAntiAffinity(_ filterState: AffinityFilterState, _ node: NodeInfo, keys: [String]) -> Bool {
        for key in keys {
            guard let value = node.labels[key] else { continue }
            if filterState.existingAntiAffinityCounts[TopologyPair(key: key, value: value)] > 0 { return false }
        }
        return true
    }

    func addPod(_ state: CycleState, _ pod: PodInfo, adding added: PodInfo, on node: NodeInfo) -> FrameworkStatus {
        update(state, with: added, on: node, by: 1)
    }

    func removePod(_ state: CycleState, _ pod: PodInfo, removing removed: PodInfo, from node: NodeInfo) -> FrameworkStatus {
        update(state, with: removed, on: node, by: -1)
    }

    /// Counts `other` on `node` in or out of the cycle's PreFilter data.
    private func update(_ state: CycleState, with other: PodInfo, on node: NodeInfo, by delta: Int) -> FrameworkStatus {
        guard let filterState = state.read(Self.preFilterStateKey, as: AffinityFilterState.self) else { return .success }
        do {
            let otherAnti = try ownTerms(.requiredAnti, of: other)
            filterState.update(with: other, antiAffinity: otherAnti, on: node, by: delta)
        } catch {
            return .error("\(Self.name): \(error)")
        }
        return .success
    }
}
