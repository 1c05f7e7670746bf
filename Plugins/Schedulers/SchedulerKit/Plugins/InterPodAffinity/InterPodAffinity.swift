import Foundation

/// Kubernetes' InterPodAffinity plugin: places a pod relative to the pods already running by
/// its required and preferred pod affinity and anti-affinity terms, and honours the existing
/// pods' required anti-affinity (and, in scores, their affinity) towards it. Default score
/// weight 2.
final class InterPodAffinity: PreFilterExtensions, FilterPlugin, PreScorePlugin, ScorePlugin, EnqueueExtensions {
    static let name = "InterPodAffinity"

    /// The weight kube-scheduler's default profile gives this plugin's score.
    static let defaultWeight: Int64 = 2

    /// Filter reason: no pod matching the pod's required affinity is in the node's domain.
    static let reasonAffinityRulesNotMatch = "node(s) didn't match pod affinity rules"
    /// Filter reason: a pod matching the pod's required anti-affinity is in the node's domain.
    static let reasonAntiAffinityRulesNotMatch = "node(s) didn't match pod anti-affinity rules"
    /// Filter reason: an existing pod's required anti-affinity matches the pod in the node's domain.
    static let reasonExistingAntiAffinityRulesNotMatch = "node(s) didn't satisfy existing pods anti-affinity rules"

    /// The CycleState key of the PreFilter data.
    static let preFilterStateKey = "PreFilter" + name
    /// The CycleState key of the PreScore data.
    static let preScoreStateKey = "PreScore" + name

    /// Pods appearing, leaving or changing labels change which terms match; nodes appearing or
    /// changing labels change the domains.
    static let events: [ClusterEvent] = [
        ClusterEvent(resource: "Pod", action: "Add"),
        ClusterEvent(resource: "Pod", action: "UpdatePodLabel"),
        ClusterEvent(resource: "Pod", action: "Delete"),
        ClusterEvent(resource: "Node", action: "Add"),
        ClusterEvent(resource: "Node", action: "UpdateNodeLabel"),
    ]

    /// The decoded args.
    let args: InterPodAffinityArgs
    /// The bundle's snapshot (every node and the namespaces' labels).
    let snapshot: Snapshot

    init(args: Data?, snapshot: Snapshot) throws {
        self.args = try InterPodAffinityArgs.decode(args)
        self.snapshot = snapshot
    }

    /// Compiles `terms` of `owner`; for the incoming pod (`merging`), folds the namespaces its
    /// namespace selectors match into the terms.
    func compile(_ terms: [PodAffinityTerm], of owner: PodInfo, merging: Bool) throws -> [AffinityTermMatcher] {
        try terms.map { term in
            var compiled = try AffinityTermMatcher(term, of: owner)
            if merging { compiled.mergeNamespaces(snapshot.namespaceLabels) }
            return compiled
        }
    }

    /// The `kind` terms of a pod already placed, compiled once per `PodInfo` (not merged with
    /// namespace labels).
    func ownTerms(_ kind: PodAffinityTerms.Kind, of pod: PodInfo) throws -> [AffinityTermMatcher] {
        if let cached = pod.compiledTerms[kind] { return cached }
        let compiled: [AffinityTermMatcher]
        switch kind {
        case .required: compiled = try compile(pod.affinity.required, of: pod, merging: false)
        case .requiredAnti: compiled = try compile(pod.affinity.requiredAnti, of: pod, merging: false)
        case .preferred: compiled = try compile(pod.affinity.preferred, of: pod, merging: false)
        case .preferredAnti: compiled = try compile(pod.affinity.preferredAnti, of: pod, merging: false)
        }
        pod.compiledTerms[kind] = compiled
        return compiled
    }

    /// Compiles weighted `terms` of `owner`, as `compile`.
    func compile(_ terms: [WeightedPodAffinityTerm], of owner: PodInfo, merging: Bool) throws -> [AffinityTermMatcher] {
        try terms.map { term in
            var compiled = try AffinityTermMatcher(term.podAffinityTerm, of: owner, weight: term.weight)
            if merging { compiled.mergeNamespaces(snapshot.namespaceLabels) }
            return compiled
        }
    }
}
