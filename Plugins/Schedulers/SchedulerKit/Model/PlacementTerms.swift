// The terms a pod places itself with relative to other pods: label selectors, pod (anti-)affinity
// terms and topology spread constraints, decoded from core/v1 (every field as the API names it).

/// meta/v1 LabelSelector.
struct LabelSelector: Decodable, Equatable {
    /// meta/v1 LabelSelectorRequirement.
    struct Requirement: Decodable, Equatable {
        var key: String
        var `operator`: String
        var values: [String]?
    }
    var matchLabels: [String: String]?
    var matchExpressions: [Requirement]?
}

/// core/v1 PodAffinityTerm.
struct PodAffinityTerm: Decodable {
    var labelSelector: LabelSelector?
    var namespaces: [String]?
    var topologyKey: String
    var namespaceSelector: LabelSelector?
    var matchLabelKeys: [String]?
    var mismatchLabelKeys: [String]?
}

/// core/v1 WeightedPodAffinityTerm.
struct WeightedPodAffinityTerm: Decodable {
    var weight: Int
    var podAffinityTerm: PodAffinityTerm
}

/// core/v1 TopologySpreadConstraint.
struct TopologySpreadConstraint: Decodable {
    var maxSkew: Int
    var topologyKey: String
    var whenUnsatisfiable: String
    var labelSelector: LabelSelector?
    var minDomains: Int?
    var nodeAffinityPolicy: String?
    var nodeTaintsPolicy: String?
    var matchLabelKeys: [String]?
}
