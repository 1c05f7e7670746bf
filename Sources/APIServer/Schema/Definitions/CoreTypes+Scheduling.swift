/// Scheduling constraints of a pod: affinity, tolerations and topology spread.
extension CoreTypes {
    /// Affinity, node and pod (anti-)affinity terms, Toleration and TopologySpreadConstraint.
    static let schedulingTypes: [TypeDefinition] = [
        TypeDefinition(prefix + "Affinity", description: "A pod's affinity rules towards nodes and other pods.", fields: [
            .init("nodeAffinity", .ref(prefix + "NodeAffinity"), proto: 1, "Rules on the labels of the node."),
            .init("podAffinity", .ref(prefix + "PodAffinity"), proto: 2, "Rules to run near pods that match."),
            .init("podAntiAffinity", .ref(prefix + "PodAntiAffinity"), proto: 3, "Rules to stay away from pods that match."),
        ]),
        TypeDefinition(prefix + "NodeAffinity", description: "Node affinity: hard and soft requirements on node labels.", fields: [
            .init("requiredDuringSchedulingIgnoredDuringExecution", .ref(prefix + "NodeSelector"), proto: 1, "Requirements a node must meet for the pod to be placed on it."),
            .init("preferredDuringSchedulingIgnoredDuringExecution", .array(.ref(prefix + "PreferredSchedulingTerm")), proto: 2,
                  "Weighted preferences; nodes with the highest total weight are favoured.", listType: .atomic),
        ]),
        TypeDefinition(prefix + "NodeSelector", description: "A node query: a node matches when any of the terms matches.", fields: [
            .init("nodeSelectorTerms", .array(.ref(prefix + "NodeSelectorTerm")), proto: 1, "The terms, ORed.", required: true, listType: .atomic),
        ]),
        TypeDefinition(prefix + "NodeSelectorTerm", description: "Requirements on a node's labels and fields, all of which must hold.", fields: [
            .init("matchExpressions", .array(.ref(prefix + "NodeSelectorRequirement")), proto: 1, "Requirements on node labels.", listType: .atomic),
            .init("matchFields", .array(.ref(prefix + "NodeSelectorRequirement")), proto: 2, "Requirements on node fields.", listType: .atomic),
        ]),
        TypeDefinition(prefix + "NodeSelectorRequirement", description: "One requirement on a node label or field.", fields: [
            .init("key", .string, proto: 1, "The label key or field name.", required: true),
            .init("operator", .string, proto: 2, "In, NotIn, Exists, DoesNotExist, Gt or Lt.", required: true),
            .init("values", .array(.string), proto: 3, "The values; one integer for Gt and Lt, none for Exists and DoesNotExist.", listType: .atomic),
        ]),
        TypeDefinition(prefix + "PreferredSchedulingTerm", description: "A weighted node preference.", fields: [
            .init("weight", .integer(bits: 32), proto: 1, "The weight, 1 to 100.", required: true),
            .init("preference", .ref(prefix + "NodeSelectorTerm"), proto: 2, "The term nodes should match.", required: true),
        ]),
        TypeDefinition(prefix + "PodAffinity", description: "Rules to place a pod in the same topology domain as other pods.", fields: [
            .init("requiredDuringSchedulingIgnoredDuringExecution", .array(.ref(prefix + "PodAffinityTerm")), proto: 1,
                  "Terms that must all hold when the pod is scheduled.", listType: .atomic),
            .init("preferredDuringSchedulingIgnoredDuringExecution", .array(.ref(prefix + "WeightedPodAffinityTerm")), proto: 2,
                  "Weighted terms the scheduler tries to honour.", listType: .atomic),
        ]),
        TypeDefinition(prefix + "PodAntiAffinity", description: "Rules to keep a pod out of topology domains where other pods run.", fields: [
            .init("requiredDuringSchedulingIgnoredDuringExecution", .array(.ref(prefix + "PodAffinityTerm")), proto: 1,
                  "Terms that must all hold when the pod is scheduled.", listType: .atomic),
            .init("preferredDuringSchedulingIgnoredDuringExecution", .array(.ref(prefix + "WeightedPodAffinityTerm")), proto: 2,
                  "Weighted terms the scheduler tries to honour.", listType: .atomic),
        ]),
        TypeDefinition(prefix + "PodAffinityTerm", description: "A set of pods, and the node label that defines being in the same place as them.", fields: [
            .init("labelSelector", .ref(labelSelector), proto: 1, "Selects the pods."),
            .init("namespaces", .array(.string), proto: 2, "Namespaces to look in; the pod's own when empty and no namespaceSelector is set.", listType: .atomic),
            .init("topologyKey", .string, proto: 3, "The node label whose value defines a topology domain.", required: true),
            .init("namespaceSelector", .ref(labelSelector), proto: 4, "Selects namespaces to look in."),
            .init("matchLabelKeys", .array(.string), proto: 5, "Label keys whose values in the incoming pod are added to the selector with In.", listType: .atomic),
            .init("mismatchLabelKeys", .array(.string), proto: 6, "Label keys whose values in the incoming pod are added to the selector with NotIn.", listType: .atomic),
        ]),
        TypeDefinition(prefix + "WeightedPodAffinityTerm", description: "A pod affinity term with a weight.", fields: [
            .init("weight", .integer(bits: 32), proto: 1, "The weight, 1 to 100.", required: true),
            .init("podAffinityTerm", .ref(prefix + "PodAffinityTerm"), proto: 2, "The term.", required: true),
        ]),
        TypeDefinition(prefix + "Toleration", description: "Lets a pod run on nodes with a matching taint.", fields: [
            .init("key", .string, proto: 1, "The taint key; empty with Exists matches every taint."),
            .init("operator", .string, proto: 2, "Equal (the default), Exists, Lt or Gt."),
            .init("value", .string, proto: 3, "The taint value to match; empty with Exists."),
            .init("effect", .string, proto: 4, "The taint effect to match: NoSchedule, PreferNoSchedule or NoExecute; all when empty."),
            .init("tolerationSeconds", .integer(bits: 64), proto: 5, "How long a NoExecute taint is tolerated before eviction; forever when unset.", pointer: true),
        ]),
        TypeDefinition(prefix + "TopologySpreadConstraint", description: "How evenly matching pods must be spread across a topology.", fields: [
            .init("maxSkew", .integer(bits: 32), proto: 1, "The largest allowed difference in matching pods between two domains.", required: true),
            .init("topologyKey", .string, proto: 2, "The node label whose values are the domains.", required: true),
            .init("whenUnsatisfiable", .string, proto: 3, "DoNotSchedule or ScheduleAnyway.", required: true),
            .init("labelSelector", .ref(labelSelector), proto: 4, "Selects the pods that are counted."),
            .init("minDomains", .integer(bits: 32), proto: 5, "The minimum number of eligible domains.", pointer: true),
            .init("nodeAffinityPolicy", .string, proto: 6, "Whether node affinity limits the domains: Honor or Ignore.", pointer: true),
            .init("nodeTaintsPolicy", .string, proto: 7, "Whether node taints limit the domains: Honor or Ignore.", pointer: true),
            .init("matchLabelKeys", .array(.string), proto: 8, "Label keys whose values in the incoming pod narrow the selector.", listType: .atomic),
        ]),
    ]
}
