/// A topology spread constraint ready for counting (kube-scheduler's topologySpreadConstraint):
/// the selector compiled with the pod's matchLabelKeys merged in, minDomains defaulted to 1 and
/// the node inclusion policies resolved.
struct SpreadConstraint {
    /// `maxSkew`.
    var maxSkew: Int
    /// `topologyKey`.
    var topologyKey: String
    /// The pods that count.
    var selector: LabelSelectorMatcher
    /// `minDomains` (1 when absent).
    var minDomains: Int
    /// `nodeAffinityPolicy` Honor (the default): only nodes matching the pod's node selector and
    /// required node affinity are counted.
    var honorsNodeAffinity: Bool
    /// `nodeTaintsPolicy` Honor (default Ignore): only nodes whose NoSchedule/NoExecute taints
    /// the pod tolerates are counted.
    var honorsNodeTaints: Bool

    /// "DoNotSchedule": Filter enforces the constraint.
    static let doNotSchedule = "DoNotSchedule"
    /// "ScheduleAnyway": Score prefers nodes that keep the skew low.
    static let scheduleAnyway = "ScheduleAnyway"

    /// Compiles the constraints of `specs` whose `whenUnsatisfiable` is `action`, merging each
    /// one's matchLabelKeys (the pod's value for every key the pod has) into its selector.
    static func compile(_ specs: [TopologySpreadConstraint], action: String, podLabels: [String: String]) throws -> [SpreadConstraint] {
        try specs.filter { $0.whenUnsatisfiable == action }.map { spec in
            var selector = try LabelSelectorMatcher(spec.labelSelector)
            for key in spec.matchLabelKeys ?? [] {
                if let value = podLabels[key] { selector = selector.adding(LabelRequirement(key: key, op: .in, values: [value])) }
            }
            return SpreadConstraint(
                maxSkew: spec.maxSkew,
                topologyKey: spec.topologyKey,
                selector: selector,
                minDomains: spec.minDomains ?? 1,
                honorsNodeAffinity: (spec.nodeAffinityPolicy ?? "Honor") == "Honor",
                honorsNodeTaints: (spec.nodeTaintsPolicy ?? "Ignore") == "Honor")
        }
    }

    /// The constraints of `pod` with `action`: its own when it has any, otherwise the cluster
    /// defaults with a selector deduced for the pod.
    ///
    /// kube-scheduler deduces the defaults' selector from the Services, ReplicationControllers,
    /// ReplicaSets and StatefulSets selecting the pod. Keelson's scheduler bundles do not see
    /// those objects yet, so the defaults apply only to pods that have an owner reference, with
    /// the pod's own labels as the selector (what a controller's selector matches); a pod without
    /// an owner or without labels gets no default constraints.
    static func forPod(_ pod: PodInfo, action: String, defaults: [TopologySpreadConstraint]) throws -> [SpreadConstraint] {
        if let own = pod.pod.spec?.topologySpreadConstraints, !own.isEmpty {
            return try compile(own, action: action, podLabels: pod.labels)
        }
        var constraints = try compile(defaults, action: action, podLabels: pod.labels)
        guard !constraints.isEmpty else { return [] }
        guard !(pod.pod.metadata?.ownerReferences ?? []).isEmpty, !pod.labels.isEmpty else { return [] }
        let deduced = try LabelSelectorMatcher(LabelSelector(matchLabels: pod.labels, matchExpressions: nil))
        for index in constraints.indices { constraints[index].selector = deduced }
        return constraints
    }

    /// Whether the constraint counts `node` for `pod` (kube-scheduler's matchNodeInclusionPolicies).
    func includes(_ node: NodeInfo, for pod: PodInfo) -> Bool {
        if honorsNodeAffinity && !NodeSelection.requiredMatches(pod.pod, labels: node.labels, name: node.name) { return false }
        if honorsNodeTaints {
            for taint in node.taints where taint.effect == "NoSchedule" || taint.effect == "NoExecute" {
                if !pod.tolerates(taint) { return false }
            }
        }
        return true
    }

    /// How many pods on `node` count for this constraint: pods of `namespace` the selector
    /// matches, terminating pods left out. A selector without requirements counts nothing, as in
    /// kube-scheduler. A one-label selector reads the node's label counts.
    func count(on node: NodeInfo, namespace: String) -> Int {
        if let single = selector.singleInRequirement {
            return node.podCount(namespace: namespace, key: single.key, values: single.values)
        }
        return count(node.pods, namespace: namespace)
    }

    /// How many of `pods` count for this constraint (as `count(on:namespace:)`, visiting them).
    func count(_ pods: [PodInfo], namespace: String) -> Int {
        guard selector.hasRequirements else { return 0 }
        var count = 0
        for pod in pods where pod.namespace == namespace && pod.pod.metadata?.deletionTimestamp == nil {
            if selector.matches(pod.labels) { count += 1 }
        }
        return count
    }
}

extension Array where Element == SpreadConstraint {
    /// Whether `labels` hold every constraint's topology key.
    func allKeysPresent(in labels: [String: String]) -> Bool {
        allSatisfy { labels[$0.topologyKey] != nil }
    }
}
