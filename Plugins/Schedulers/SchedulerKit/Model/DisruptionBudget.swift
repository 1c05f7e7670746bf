/// policy/v1 PodDisruptionBudget, as preemption reads it: which pods it covers, how many more
/// may be disrupted, and the evictions the API server already accepted.
struct DisruptionBudget: Decodable {
    /// What the budget covers.
    struct Spec: Decodable {
        /// The pods covered (nil or empty: none, for preemption's purposes).
        var selector: LabelSelector?
    }

    /// What the disruption controller last computed.
    struct Status: Decodable {
        /// How many more pods may be disrupted.
        var disruptionsAllowed: Int?
        /// Pods whose eviction was accepted, by name (the times are not needed here).
        var disruptedPods: [String: String]?
    }

    var metadata: ObjectMeta?
    var spec: Spec?
    var status: Status?
}

/// A list of budgets, as the host's `list_objects` answers.
struct DisruptionBudgetList: Decodable {
    var items: [DisruptionBudget]
}
