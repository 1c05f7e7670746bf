/// The apps/v1 DaemonSet, StatefulSet and ControllerRevision types.
extension AppsTypes {
    private static let setsMeta = "io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta"
    private static let setsListMeta = "io.k8s.apimachinery.pkg.apis.meta.v1.ListMeta"
    private static let setsLabelSelector = "io.k8s.apimachinery.pkg.apis.meta.v1.LabelSelector"
    private static let setsPodTemplate = "io.k8s.api.core.v1.PodTemplateSpec"
    private static let setsByType = ListType.map(keys: ["type"])

    /// The setsEnvelope fields of a top-level object or list.
    private static func setsEnvelope(_ metadata: String) -> [FieldDefinition] {
        [.init("apiVersion", .string, proto: 0, "The versioned schema of this representation of the object."),
         .init("kind", .string, proto: 0, "The REST resource this object represents, in CamelCase."),
         .init("metadata", .ref(metadata), proto: 1, "Standard object metadata.")]
    }

    /// A condition type with type, status, last transition time, reason and message.
    private static func setsCondition(_ name: String, _ what: String) -> TypeDefinition {
        TypeDefinition("io.k8s.api.apps.v1.\(name)", description: "The state of a \(what) at a point in time.", fields: [
            .init("type", .string, proto: 1, "The condition's type.", required: true),
            .init("status", .string, proto: 2, "True, False or Unknown.", required: true),
            .init("lastTransitionTime", .time, proto: 3, "When the condition last changed status."),
            .init("reason", .string, proto: 4, "A one-word CamelCase cause of the last transition."),
            .init("message", .string, proto: 5, "A human-readable account of the last transition."),
        ])
    }

    /// DaemonSet, StatefulSet and the types they hold.
    static let setDefinitions: [TypeDefinition] = [
        TypeDefinition("io.k8s.api.apps.v1.DaemonSet", kind: GroupVersionKind(group: "apps", version: "v1", kind: "DaemonSet"),
                       description: "A DaemonSet runs one copy of a pod on every node its template's node selector picks.",
                       fields: setsEnvelope(setsMeta) + [
            .init("spec", .ref("io.k8s.api.apps.v1.DaemonSetSpec"), proto: 2, "What the daemon set should run."),
            .init("status", .ref("io.k8s.api.apps.v1.DaemonSetStatus"), proto: 3, "What the daemon set runs now, as last observed."),
        ]),
        TypeDefinition("io.k8s.api.apps.v1.ControllerRevision", kind: GroupVersionKind(group: "apps", version: "v1", kind: "ControllerRevision"),
                       description: "An immutable snapshot of a controller's template, numbered by revision: the history `kubectl rollout history` lists and `kubectl rollout undo` applies.",
                       fields: setsEnvelope(setsMeta) + [
            .init("data", .freeform, proto: 2, "The serialized state (a strategic merge patch that restores the template); immutable."),
            .init("revision", .integer(bits: 64), proto: 3, "The revision number; higher is newer.", required: true),
        ]),
        TypeDefinition("io.k8s.api.apps.v1.ControllerRevisionList", kind: GroupVersionKind(group: "apps", version: "v1", kind: "ControllerRevisionList"),
                       description: "A list of controller revisions.", fields: setsEnvelope(setsListMeta) + [
            .init("items", .array(.ref("io.k8s.api.apps.v1.ControllerRevision")), proto: 2, "The revisions.", required: true),
        ]),
        TypeDefinition("io.k8s.api.apps.v1.DaemonSetList", kind: GroupVersionKind(group: "apps", version: "v1", kind: "DaemonSetList"),
                       description: "A list of daemon sets.", fields: setsEnvelope(setsListMeta) + [
            .init("items", .array(.ref("io.k8s.api.apps.v1.DaemonSet")), proto: 2, "The daemon sets.", required: true),
        ]),
        TypeDefinition("io.k8s.api.apps.v1.DaemonSetSpec", description: "What a daemon set runs and how it updates its pods.", fields: [
            .init("selector", .ref(setsLabelSelector), proto: 1, "Selects the pods the daemon set manages; must match the template's labels.", required: true),
            .init("template", .ref(setsPodTemplate), proto: 2, "The pod run on each selected node; its restartPolicy must be Always.", required: true),
            .init("updateStrategy", .ref("io.k8s.api.apps.v1.DaemonSetUpdateStrategy"), proto: 3, "How pods are replaced when the template changes."),
            .init("minReadySeconds", .integer(bits: 32), proto: 4, "Seconds a new pod must be ready before it counts as available."),
            .init("revisionHistoryLimit", .integer(bits: 32), proto: 6, "How many old revisions to keep for rollback; 10 by default.", pointer: true),
        ]),
        TypeDefinition("io.k8s.api.apps.v1.DaemonSetStatus", description: "The observed state of a daemon set.", fields: [
            .init("currentNumberScheduled", .integer(bits: 32), proto: 1, "Nodes running at least one daemon pod that should run it.", required: true),
            .init("numberMisscheduled", .integer(bits: 32), proto: 2, "Nodes running the daemon pod that should not.", required: true),
            .init("desiredNumberScheduled", .integer(bits: 32), proto: 3, "Nodes that should run the daemon pod.", required: true),
            .init("numberReady", .integer(bits: 32), proto: 4, "Nodes that should run the daemon pod and have a ready one.", required: true),
            .init("observedGeneration", .integer(bits: 64), proto: 5, "The generation the controller last acted on."),
            .init("updatedNumberScheduled", .integer(bits: 32), proto: 6, "Nodes running the pod of the current template."),
            .init("numberAvailable", .integer(bits: 32), proto: 7, "Nodes with an available daemon pod."),
            .init("numberUnavailable", .integer(bits: 32), proto: 8, "Nodes that should run the daemon pod and have no available one."),
            .init("collisionCount", .integer(bits: 32), proto: 9, "Hash collisions met naming revisions.", pointer: true),
            .init("conditions", .array(.ref("io.k8s.api.apps.v1.DaemonSetCondition")), proto: 10, "Observations of the daemon set's state.",
                  listType: setsByType, patchStrategy: "merge", patchMergeKey: "type"),
        ]),
        setsCondition("DaemonSetCondition", "daemon set"),
        TypeDefinition("io.k8s.api.apps.v1.DaemonSetUpdateStrategy", description: "How a daemon set replaces its pods.", fields: [
            .init("type", .string, proto: 1, "RollingUpdate (the default) or OnDelete."),
            .init("rollingUpdate", .ref("io.k8s.api.apps.v1.RollingUpdateDaemonSet"), proto: 2, "Limits of a rolling update; only with RollingUpdate."),
        ]),
        TypeDefinition("io.k8s.api.apps.v1.RollingUpdateDaemonSet", description: "The limits of a daemon set's rolling update.", fields: [
            .init("maxUnavailable", .intOrString, proto: 1, "How many (or what percentage of) daemon pods may be unavailable during an update; 1 by default."),
            .init("maxSurge", .intOrString, proto: 2, "How many nodes may run an updated pod next to the old one during an update; 0 by default."),
        ]),
        TypeDefinition("io.k8s.api.apps.v1.StatefulSet", kind: GroupVersionKind(group: "apps", version: "v1", kind: "StatefulSet"),
                       description: "A StatefulSet runs pods with stable names, network identities and storage.",
                       fields: setsEnvelope(setsMeta) + [
            .init("spec", .ref("io.k8s.api.apps.v1.StatefulSetSpec"), proto: 2, "The pods the set should run."),
            .init("status", .ref("io.k8s.api.apps.v1.StatefulSetStatus"), proto: 3, "The set's pods as last observed."),
        ]),
        TypeDefinition("io.k8s.api.apps.v1.StatefulSetList", kind: GroupVersionKind(group: "apps", version: "v1", kind: "StatefulSetList"),
                       description: "A list of stateful sets.", fields: setsEnvelope(setsListMeta) + [
            .init("items", .array(.ref("io.k8s.api.apps.v1.StatefulSet")), proto: 2, "The stateful sets.", required: true),
        ]),
        TypeDefinition("io.k8s.api.apps.v1.StatefulSetSpec", description: "What a stateful set runs, with which storage and how it updates.", fields: [
            .init("replicas", .integer(bits: 32), proto: 1, "How many pods to run; 1 by default.", pointer: true),
            .init("selector", .ref(setsLabelSelector), proto: 2, "Selects the set's pods; must match the template's labels.", required: true),
            .init("template", .ref(setsPodTemplate), proto: 3, "The pod each replica runs, named <set>-<ordinal>; restartPolicy must be Always.", required: true),
            .init("volumeClaimTemplates", .array(.ref("io.k8s.api.core.v1.PersistentVolumeClaim")), proto: 4,
                  "Claims created for each pod, matched to volume mounts by name.", listType: .atomic),
            .init("serviceName", .string, proto: 5, "The headless Service that gives the pods their DNS names."),
            .init("podManagementPolicy", .string, proto: 6, "OrderedReady (the default: one pod at a time, in order) or Parallel."),
            .init("updateStrategy", .ref("io.k8s.api.apps.v1.StatefulSetUpdateStrategy"), proto: 7, "How pods are replaced when the template changes."),
            .init("revisionHistoryLimit", .integer(bits: 32), proto: 8, "How many old revisions to keep; 10 by default.", pointer: true),
            .init("minReadySeconds", .integer(bits: 32), proto: 9, "Seconds a new pod must be ready before it counts as available."),
            .init("persistentVolumeClaimRetentionPolicy", .ref("io.k8s.api.apps.v1.StatefulSetPersistentVolumeClaimRetentionPolicy"), proto: 10,
                  "What happens to the claims from volumeClaimTemplates when the set is deleted or scaled down."),
            .init("ordinals", .ref("io.k8s.api.apps.v1.StatefulSetOrdinals"), proto: 11, "How replica ordinals are numbered."),
        ]),
        TypeDefinition("io.k8s.api.apps.v1.StatefulSetStatus", description: "The observed state of a stateful set.", fields: [
            .init("observedGeneration", .integer(bits: 64), proto: 1, "The generation the controller last acted on."),
            .init("replicas", .integer(bits: 32), proto: 2, "Pods the controller has created.", required: true),
            .init("readyReplicas", .integer(bits: 32), proto: 3, "Pods with a Ready condition."),
            .init("currentReplicas", .integer(bits: 32), proto: 4, "Pods of the current revision."),
            .init("updatedReplicas", .integer(bits: 32), proto: 5, "Pods of the update revision."),
            .init("currentRevision", .string, proto: 6, "The revision of the pods [0, currentReplicas)."),
            .init("updateRevision", .string, proto: 7, "The revision new pods are created from."),
            .init("collisionCount", .integer(bits: 32), proto: 9, "Hash collisions met naming revisions.", pointer: true),
            .init("conditions", .array(.ref("io.k8s.api.apps.v1.StatefulSetCondition")), proto: 10, "Observations of the set's state.",
                  listType: setsByType, patchStrategy: "merge", patchMergeKey: "type"),
            .init("availableReplicas", .integer(bits: 32), proto: 11, "Pods ready for at least minReadySeconds."),
        ]),
        setsCondition("StatefulSetCondition", "stateful set"),
        TypeDefinition("io.k8s.api.apps.v1.StatefulSetUpdateStrategy", description: "How a stateful set replaces its pods.", fields: [
            .init("type", .string, proto: 1, "RollingUpdate (the default) or OnDelete."),
            .init("rollingUpdate", .ref("io.k8s.api.apps.v1.RollingUpdateStatefulSetStrategy"), proto: 2, "Parameters of a rolling update."),
        ]),
        TypeDefinition("io.k8s.api.apps.v1.RollingUpdateStatefulSetStrategy", description: "The parameters of a stateful set's rolling update.", fields: [
            .init("partition", .integer(bits: 32), proto: 1, "Only pods with an ordinal at or above this are updated; 0 by default.", pointer: true),
            .init("maxUnavailable", .intOrString, proto: 2, "How many (or what percentage of) pods may be unavailable during an update.", pointer: true),
        ]),
        TypeDefinition("io.k8s.api.apps.v1.StatefulSetPersistentVolumeClaimRetentionPolicy",
                       description: "What happens to a stateful set's generated claims.", fields: [
            .init("whenDeleted", .string, proto: 1, "Retain (the default) or Delete when the set is deleted."),
            .init("whenScaled", .string, proto: 2, "Retain (the default) or Delete for pods removed by a scale-down."),
        ]),
        TypeDefinition("io.k8s.api.apps.v1.StatefulSetOrdinals", description: "The numbering of a stateful set's replicas.", fields: [
            .init("start", .integer(bits: 32), proto: 1, "The first replica's ordinal; 0 by default."),
        ]),
    ]
}
