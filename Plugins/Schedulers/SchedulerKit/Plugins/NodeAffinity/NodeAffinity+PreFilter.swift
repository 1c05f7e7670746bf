import Foundation

/// NodeAffinity's PreFilter: Skip when neither the pod (nodeSelector, required node affinity) nor
/// the profile (addedAffinity) constrains nodes; otherwise, when every required term names nodes
/// through `matchFields` `metadata.name In [...]`, only those nodes are worth filtering (the
/// union over terms of each term's intersection), and none at all is UnschedulableAndUnresolvable.
extension NodeAffinity {
    /// Decides whether the Filter has work and which nodes can fit.
    func preFilter(_ state: CycleState, _ pod: PodInfo, _ nodes: [NodeInfo]) -> (PreFilterResult?, FrameworkStatus) {
        let required = pod.pod.spec?.affinity?.nodeAffinity?.requiredDuringSchedulingIgnoredDuringExecution
        if required == nil && addedRequiredTerms == nil && pod.pod.spec?.nodeSelector == nil {
            return (nil, .skip)
        }
        guard let terms = required?.nodeSelectorTerms, !terms.isEmpty else { return (nil, .success) }
        var names = Set<String>()
        for term in terms {
            var termNames: Set<String>?
            for field in term.matchFields ?? [] where field.key == "metadata.name" && field.operator == "In" {
                let values = Set(field.values ?? [])
                termNames = termNames.map { $0.intersection(values) } ?? values
            }
            // A term without a node name field lets every node through (terms are ORed).
            guard let termNames else { return (nil, .success) }
            names.formUnion(termNames)
        }
        if names.isEmpty { return (nil, .unresolvable(Self.conflictReason)) }
        return (PreFilterResult(nodeNames: names), .success)
    }
}
