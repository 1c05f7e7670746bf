/// The definitions of the policy API types (`policy/v1`): PodDisruptionBudget with its spec and
/// status, and the Eviction posted to a pod's `eviction` subresource. Field numbers are those of
/// Kubernetes' `k8s.io/api/policy/v1/generated.proto`.
enum PolicyTypes {
    /// The prefix of every policy/v1 definition name.
    static let prefix = "io.k8s.api.policy.v1."

    private static func kind(_ name: String) -> GroupVersionKind {
        GroupVersionKind(group: "policy", version: "v1", kind: name)
    }

    private static func envelope(_ metadata: String) -> [FieldDefinition] {
        [.init("apiVersion", .string, proto: 0, "The versioned schema of this representation of the object."),
         .init("kind", .string, proto: 0, "The REST resource this object represents, in CamelCase."),
         .init("metadata", .ref(metadata), proto: 1, "Standard object metadata.")]
    }

    /// Every policy type definition.
    static let definitions: [TypeDefinition] = [
        TypeDefinition(prefix + "PodDisruptionBudget", kind: kind("PodDisruptionBudget"),
                       description: "A floor on how many pods of a set stay up (or a ceiling on how many may be down) while they are disrupted on purpose, as by an eviction.",
                       fields: envelope(MetaTypes.objectMeta) + [
            .init("spec", .ref(prefix + "PodDisruptionBudgetSpec"), proto: 2, "Which pods the budget covers and how many of them must stay healthy."),
            .init("status", .ref(prefix + "PodDisruptionBudgetStatus"), proto: 3, "What the disruption controller last observed; may trail the cluster."),
        ]),
        TypeDefinition(prefix + "PodDisruptionBudgetSpec", description: "The pods a budget covers and the disruption it tolerates.", fields: [
            .init("minAvailable", .intOrString, proto: 1, "How many selected pods must stay healthy after an eviction, as a number or a percentage (rounded up). Excludes maxUnavailable.", pointer: true),
            .init("selector", .ref(MetaTypes.labelSelector), proto: 2, "The pods the budget covers. A null selector selects none; an empty one selects every pod of the namespace.", pointer: true),
            .init("maxUnavailable", .intOrString, proto: 3, "How many selected pods may be unhealthy after an eviction, as a number or a percentage (rounded up). Excludes minAvailable.", pointer: true),
            .init("unhealthyPodEvictionPolicy", .string, proto: 4, "When not-ready pods may be evicted: IfHealthyBudget (the default: only while the budget is met) or AlwaysAllow.", pointer: true),
        ]),
        TypeDefinition(prefix + "PodDisruptionBudgetStatus", description: "The observed state of a budget.", fields: [
            .init("observedGeneration", .integer(bits: 64), proto: 1, "The metadata.generation this status was computed from; the rest is valid only when it equals the object's generation."),
            .init("disruptedPods", .map(.time), proto: 2, "Pods whose eviction the API server accepted but the controller has not yet seen go, with when each was accepted."),
            .init("disruptionsAllowed", .integer(bits: 32), proto: 3, "How many more pods may be disrupted now.", required: true),
            .init("currentHealthy", .integer(bits: 32), proto: 4, "How many selected pods are healthy now.", required: true),
            .init("desiredHealthy", .integer(bits: 32), proto: 5, "How many selected pods must be healthy.", required: true),
            .init("expectedPods", .integer(bits: 32), proto: 6, "How many pods the budget counts.", required: true),
            .init("conditions", .array(.ref(MetaTypes.condition)), proto: 7, "The latest observations of the budget (DisruptionAllowed).",
                  listType: .map(keys: ["type"]), patchStrategy: "merge", patchMergeKey: "type"),
        ]),
        TypeDefinition(prefix + "PodDisruptionBudgetList", kind: kind("PodDisruptionBudgetList"), description: "A list of disruption budgets.",
                       fields: envelope(MetaTypes.listMeta) + [
            .init("items", .array(.ref(prefix + "PodDisruptionBudget")), proto: 2, "The budgets.", required: true),
        ]),
        TypeDefinition(prefix + "Eviction", kind: kind("Eviction"),
                       description: "A request to evict a pod, posted to its eviction subresource; honoured only within the pod's disruption budget.",
                       fields: envelope(MetaTypes.objectMeta) + [
            .init("deleteOptions", .ref(MetaTypes.prefix + "DeleteOptions"), proto: 2, "How the pod is deleted once the eviction is allowed."),
        ]),
    ]
}
