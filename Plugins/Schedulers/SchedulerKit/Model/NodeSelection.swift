/// Whether a node matches what a pod requires of it through `spec.nodeSelector` and required
/// node affinity (kube-scheduler's RequiredNodeAffinity), and the matching of node selector
/// terms and requirements shared by NodeAffinity, PodTopologySpread's `nodeAffinityPolicy` and
/// preferred node affinity scores.
enum NodeSelection {
    /// The node's labels match `spec.nodeSelector` and, when present, one of the required node
    /// affinity terms.
    static func requiredMatches(_ pod: Pod, labels: [String: String], name: String) -> Bool {
        for (key, value) in pod.spec?.nodeSelector ?? [:] where labels[key] != value { return false }
        guard let required = pod.spec?.affinity?.nodeAffinity?.requiredDuringSchedulingIgnoredDuringExecution else {
            return true
        }
        return (required.nodeSelectorTerms ?? []).contains { matches($0, labels: labels, name: name) }
    }

    /// A node selector term matches when all of its requirements hold; an empty term matches nothing.
    static func matches(_ term: NodeSelectorTerm, labels: [String: String], name: String) -> Bool {
        let expressions = term.matchExpressions ?? []
        let fields = term.matchFields ?? []
        if expressions.isEmpty && fields.isEmpty { return false }
        return expressions.allSatisfy { holds($0, labels[$0.key]) }
            && fields.allSatisfy { $0.key == "metadata.name" && holds($0, name) }
    }

    /// Whether a requirement holds for a label's value (nil when the label is absent).
    static func holds(_ requirement: NodeSelectorRequirement, _ value: String?) -> Bool {
        let values = requirement.values ?? []
        switch requirement.operator {
        case "In": return value.map(values.contains) ?? false
        case "NotIn": return value.map { !values.contains($0) } ?? true
        case "Exists": return value != nil
        case "DoesNotExist": return value == nil
        case "Gt", "Lt":
            guard let value, let actual = Int64(value), values.count == 1, let bound = Int64(values[0]) else { return false }
            return requirement.operator == "Gt" ? actual > bound : actual < bound
        default: return false
        }
    }
}
