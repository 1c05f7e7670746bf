import Foundation

/// NodeAffinity. Filter: the node must match the profile's `addedAffinity` required terms
/// (`node(s) didn't match scheduler-enforced node affinity`) and the pod's `spec.nodeSelector`
/// and required node affinity (`node(s) didn't match Pod's node affinity/selector`), both
/// UnschedulableAndUnresolvable. PreFilter and Score live in the extensions next to this file.
final class NodeAffinity: PreFilterPlugin, FilterPlugin, PreScorePlugin, ScorePlugin, EnqueueExtensions {
    /// The name profiles use.
    static let name = "NodeAffinity"
    /// The reason when the pod's own selector or required affinity does not match.
    static let podReason = "node(s) didn't match Pod's node affinity/selector"
    /// The reason when the profile's added affinity does not match.
    static let enforcedReason = "node(s) didn't match scheduler-enforced node affinity"
    /// The reason when the terms' `metadata.name` fields leave no node at all.
    static let conflictReason = "pod affinity terms conflict"

    /// A node added or its labels changed.
    static var events: [ClusterEvent] {
        [ClusterEvent(resource: "Node", action: "Add"), ClusterEvent(resource: "Node", action: "UpdateNodeLabel")]
    }

    /// The profile's added required terms (ORed), when set.
    let addedRequiredTerms: [NodeSelectorTerm]?
    /// The profile's added preferred terms, when set.
    let addedPreferredTerms: [Affinity.NodeAffinity.Preferred]?

    /// Creates the plugin from NodeAffinityArgs.
    init(args: Data?, snapshot: Snapshot) throws {
        let decoded = try NodeAffinityArgs.decode(args)
        addedRequiredTerms = decoded.addedAffinity?.requiredDuringSchedulingIgnoredDuringExecution.map { $0.nodeSelectorTerms ?? [] }
        addedPreferredTerms = decoded.addedAffinity?.preferredDuringSchedulingIgnoredDuringExecution
    }

    /// Success when the node matches the added affinity and the pod's selector and required terms.
    func filter(_ state: CycleState, _ pod: PodInfo, _ node: NodeInfo) -> FrameworkStatus {
        if let terms = addedRequiredTerms, !terms.contains(where: { NodeSelection.matches($0, labels: node.labels, name: node.name) }) {
            return .unresolvable(Self.enforcedReason)
        }
        guard NodeSelection.requiredMatches(pod.pod, labels: node.labels, name: node.name) else {
            return .unresolvable(Self.podReason)
        }
        return .success
    }
}
