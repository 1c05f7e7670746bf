/// A pod affinity term compiled for matching (kube-scheduler's framework.AffinityTerm): the
/// namespaces it looks in, its namespace selector, its label selector and its topology key.
struct AffinityTermMatcher {
    /// The namespaces named by the term (the owner's own when the term names none and has no
    /// namespaceSelector), plus, for the incoming pod, the namespaces its selector matched.
    var namespaces: Set<String>
    /// `namespaceSelector`: nil selects nothing, {} every namespace.
    var namespaceSelector: LabelSelectorMatcher
    /// `labelSelector`, with the owner's matchLabelKeys/mismatchLabelKeys merged in.
    var selector: LabelSelectorMatcher
    /// `topologyKey`.
    var topologyKey: String
    /// The term's weight (preferred terms; 0 for required ones).
    var weight: Int

    /// Compiles `term` of the pod `owner`.
    ///
    /// matchLabelKeys (mismatchLabelKeys) become `key In (value)` (`key NotIn (value)`) with the
    /// owner's value, for keys the owner has; the API server already merges them when it
    /// admits a pod, and requiring the same thing twice changes nothing. A nil labelSelector
    /// with merged keys starts from an empty selector, as the API server does.
    init(_ term: PodAffinityTerm, of owner: PodInfo, weight: Int = 0) throws {
        var extra: [LabelRequirement] = []
        for key in term.matchLabelKeys ?? [] {
            if let value = owner.labels[key] { extra.append(LabelRequirement(key: key, op: .in, values: [value])) }
        }
        for key in term.mismatchLabelKeys ?? [] {
            if let value = owner.labels[key] { extra.append(LabelRequirement(key: key, op: .notIn, values: [value])) }
        }
        var selector = try term.labelSelector == nil && !extra.isEmpty ? LabelSelectorMatcher.everything : LabelSelectorMatcher(term.labelSelector)
        for requirement in extra { selector = selector.adding(requirement) }
        self.selector = selector
        if (term.namespaces ?? []).isEmpty && term.namespaceSelector == nil {
            namespaces = [owner.namespace]
        } else {
            namespaces = Set(term.namespaces ?? [])
        }
        namespaceSelector = try LabelSelectorMatcher(term.namespaceSelector)
        topologyKey = term.topologyKey
        self.weight = weight
    }

    /// Folds the namespaces `namespaceSelector` matches (from the snapshot's namespace labels)
    /// into `namespaces` and clears the selector, as kube-scheduler does for the incoming pod's
    /// terms; an empty selector ({}: every namespace) stays as it is.
    mutating func mergeNamespaces(_ namespaceLabels: [String: [String: String]]) {
        guard !namespaceSelector.isEmpty else { return }
        for (name, labels) in namespaceLabels where namespaceSelector.matches(labels) { namespaces.insert(name) }
        namespaceSelector = .nothing
    }

    /// Whether `pod` matches the term: it is in one of the term's namespaces or in a namespace
    /// whose labels (`namespaceLabels`) the namespace selector matches, and the label selector
    /// matches its labels.
    func matches(_ pod: PodInfo, namespaceLabels: [String: String]) -> Bool {
        guard namespaces.contains(pod.namespace) || namespaceSelector.matches(namespaceLabels) else { return false }
        return selector.matches(pod.labels)
    }
}

/// A topology domain: a label key and its value on some node.
struct TopologyPair: Hashable {
    /// The label key.
    var key: String
    /// The label value.
    var value: String
}

/// How many matched terms each topology domain holds (kube-scheduler's
/// topologyToMatchedTermCount); entries that reach zero are removed.
struct TopologyCounts {
    /// The counts.
    private(set) var counts: [TopologyPair: Int] = [:]

    /// Whether no domain holds a matched term.
    var isEmpty: Bool { counts.isEmpty }

    /// The count of `pair`.
    subscript(pair: TopologyPair) -> Int { counts[pair] ?? 0 }

    /// The topology keys of the domains with a positive count (usually one or two).
    var positiveKeys: [String] {
        var keys: Set<String> = []
        for (pair, count) in counts where count > 0 { keys.insert(pair.key) }
        return Array(keys)
    }

    /// Adds `delta` to the domain of `node` for `key`, when the node has the label.
    mutating func update(_ node: NodeInfo, key: String, by delta: Int) {
        guard let value = node.labels[key] else { return }
        let pair = TopologyPair(key: key, value: value)
        let next = (counts[pair] ?? 0) + delta
        counts[pair] = next == 0 ? nil : next
    }

    /// Counts each of `terms` whose selector `pod` matches (anti-affinity terms).
    mutating func updateWithAntiAffinity(_ terms: [AffinityTermMatcher], _ pod: PodInfo, namespaceLabels: [String: String], node: NodeInfo, by delta: Int) {
        for term in terms where term.matches(pod, namespaceLabels: namespaceLabels) {
            update(node, key: term.topologyKey, by: delta)
        }
    }

    /// Counts every one of `terms` when `pod` matches all of them (affinity terms).
    mutating func updateWithAffinity(_ terms: [AffinityTermMatcher], _ pod: PodInfo, node: NodeInfo, by delta: Int) {
        guard AffinityTermMatcher.allMatch(terms, pod) else { return }
        for term in terms { update(node, key: term.topologyKey, by: delta) }
    }
}

extension AffinityTermMatcher {
    /// Whether `pod` matches every one of `terms` (false for no terms); the namespace selectors
    /// were folded into the namespaces, so no namespace labels are consulted.
    static func allMatch(_ terms: [AffinityTermMatcher], _ pod: PodInfo) -> Bool {
        !terms.isEmpty && terms.allSatisfy { $0.matches(pod, namespaceLabels: [:]) }
    }
}
