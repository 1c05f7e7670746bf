/// The definitions of the apps API types (`apps/v1`): Deployments and ReplicaSets with their
/// specs, strategies, statuses and conditions. Field numbers are those of Kubernetes'
/// `k8s.io/api/apps/v1/generated.proto`.
enum AppsTypes {
    /// The prefix of every apps/v1 definition name.
    static let prefix = "io.k8s.api.apps.v1."
    /// `metav1.ObjectMeta`.
    static let objectMeta = "io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta"
    /// `metav1.LabelSelector`.
    static let labelSelector = "io.k8s.apimachinery.pkg.apis.meta.v1.LabelSelector"
    /// `corev1.PodTemplateSpec`.
    static let podTemplateSpec = "io.k8s.api.core.v1.PodTemplateSpec"

    /// Every apps type definition.
    static let definitions: [TypeDefinition] = [
        deployment, deploymentSpec, deploymentStrategy, rollingUpdateDeployment, deploymentStatus, deploymentCondition,
        replicaSet, replicaSetSpec, replicaSetStatus, replicaSetCondition,
    ]

    /// The `apiVersion` and `kind` fields every top-level object carries (never in protobuf).
    static func typeMetaFields() -> [FieldDefinition] {
        [
            .init("apiVersion", .string, proto: 0, "The versioned schema this object is written in, such as \"apps/v1\"."),
            .init("kind", .string, proto: 0, "The object's type, in CamelCase, such as \"Deployment\"."),
        ]
    }

    /// `apps/v1` Deployment.
    static let deployment = TypeDefinition(
        prefix + "Deployment", kind: GroupVersionKind(group: "apps", version: "v1", kind: "Deployment"),
        description: "A Deployment keeps a set of identical pods running through ReplicaSets and rolls out template changes declaratively.",
        fields: typeMetaFields() + [
            .init("metadata", .ref(objectMeta), proto: 1, "The object's name, namespace, labels and other standard metadata."),
            .init("spec", .ref(prefix + "DeploymentSpec"), proto: 2, "What the Deployment should look like."),
            .init("status", .ref(prefix + "DeploymentStatus"), proto: 3, "What the Deployment controller last observed."),
        ])

    /// `apps/v1` DeploymentSpec.
    static let deploymentSpec = TypeDefinition(
        prefix + "DeploymentSpec",
        description: "The desired state of a Deployment.",
        fields: [
            .init("replicas", .integer(bits: 32), proto: 1, "How many pods to run; 1 when unset.", pointer: true),
            .init("selector", .ref(labelSelector), proto: 2, "Selects the pods (and ReplicaSets) this Deployment owns; must match the template's labels.", required: true),
            .init("template", .ref(podTemplateSpec), proto: 3, "The pod to create; its restartPolicy may only be Always.", required: true),
            .init("strategy", .ref(prefix + "DeploymentStrategy"), proto: 4, "How old pods are replaced by new ones.", patchStrategy: "retainKeys"),
            .init("minReadySeconds", .integer(bits: 32), proto: 5, "How long a new pod must be ready, without a container crashing, before it counts as available; 0 by default."),
            .init("revisionHistoryLimit", .integer(bits: 32), proto: 6, "How many old ReplicaSets to keep for rollbacks; 10 when unset.", pointer: true),
            .init("paused", .boolean, proto: 7, "Stops the rollout of template changes while true."),
            .init("progressDeadlineSeconds", .integer(bits: 32), proto: 9, "How many seconds a rollout may go without progress before it is reported as failed; 600 when unset.", pointer: true),
            .init("podReplacementPolicy", .string, proto: 10, "When replacement pods are created: TerminationStarted or TerminationComplete (alpha).", pointer: true),
        ])

    /// `apps/v1` DeploymentStrategy.
    static let deploymentStrategy = TypeDefinition(
        prefix + "DeploymentStrategy",
        description: "How a Deployment replaces its pods.",
        fields: [
            .init("type", .string, proto: 1, "Recreate or RollingUpdate (the default)."),
            .init("rollingUpdate", .ref(prefix + "RollingUpdateDeployment"), proto: 2, "Rolling update limits; only with type RollingUpdate.", pointer: true),
        ])

    /// `apps/v1` RollingUpdateDeployment.
    static let rollingUpdateDeployment = TypeDefinition(
        prefix + "RollingUpdateDeployment",
        description: "Limits for a rolling update.",
        fields: [
            .init("maxUnavailable", .intOrString, proto: 1, "How many desired pods may be unavailable during the update, as a number or a percentage (rounded down); 25% by default.", pointer: true),
            .init("maxSurge", .intOrString, proto: 2, "How many pods may exist above the desired count during the update, as a number or a percentage (rounded up); 25% by default.", pointer: true),
        ])

    /// `apps/v1` DeploymentStatus.
    static let deploymentStatus = TypeDefinition(
        prefix + "DeploymentStatus",
        description: "The observed state of a Deployment.",
        fields: [
            .init("observedGeneration", .integer(bits: 64), proto: 1, "The generation the controller last acted on."),
            .init("replicas", .integer(bits: 32), proto: 2, "Non-terminating pods matched by the selector."),
            .init("updatedReplicas", .integer(bits: 32), proto: 3, "Non-terminating pods that run the current template."),
            .init("readyReplicas", .integer(bits: 32), proto: 7, "Non-terminating pods with a Ready condition."),
            .init("availableReplicas", .integer(bits: 32), proto: 4, "Non-terminating pods ready for at least minReadySeconds."),
            .init("unavailableReplicas", .integer(bits: 32), proto: 5, "Pods still missing before the Deployment is fully available."),
            .init("terminatingReplicas", .integer(bits: 32), proto: 9, "Pods being deleted (alpha).", pointer: true),
            .init("conditions", .array(.ref(prefix + "DeploymentCondition")), proto: 6, "The latest observations of the Deployment's state.",
                  listType: .map(keys: ["type"]), patchStrategy: "merge", patchMergeKey: "type"),
            .init("collisionCount", .integer(bits: 32), proto: 8, "Hash collisions met while naming new ReplicaSets.", pointer: true),
        ])

    /// `apps/v1` DeploymentCondition.
    static let deploymentCondition = TypeDefinition(
        prefix + "DeploymentCondition",
        description: "One observation of a Deployment's state.",
        fields: [
            .init("type", .string, proto: 1, "The condition: Available, Progressing or ReplicaFailure.", required: true),
            .init("status", .string, proto: 2, "True, False or Unknown.", required: true),
            .init("lastUpdateTime", .time, proto: 6, "When the condition was last updated."),
            .init("lastTransitionTime", .time, proto: 7, "When the status last changed."),
            .init("reason", .string, proto: 4, "A one-word, CamelCase cause of the last change."),
            .init("message", .string, proto: 5, "A human-readable account of the last change."),
        ])

    /// `apps/v1` ReplicaSet.
    static let replicaSet = TypeDefinition(
        prefix + "ReplicaSet", kind: GroupVersionKind(group: "apps", version: "v1", kind: "ReplicaSet"),
        description: "A ReplicaSet keeps a given number of pods from one template running.",
        fields: typeMetaFields() + [
            .init("metadata", .ref(objectMeta), proto: 1, "The object's name, namespace, labels and other standard metadata; empty labels default to the template's."),
            .init("spec", .ref(prefix + "ReplicaSetSpec"), proto: 2, "What the ReplicaSet should look like."),
            .init("status", .ref(prefix + "ReplicaSetStatus"), proto: 3, "What the ReplicaSet controller last observed; read-only."),
        ])

    /// `apps/v1` ReplicaSetSpec.
    static let replicaSetSpec = TypeDefinition(
        prefix + "ReplicaSetSpec",
        description: "The desired state of a ReplicaSet.",
        fields: [
            .init("replicas", .integer(bits: 32), proto: 1, "How many pods to run; 1 when unset.", pointer: true),
            .init("minReadySeconds", .integer(bits: 32), proto: 4, "How long a new pod must be ready, without a container crashing, before it counts as available; 0 by default."),
            .init("selector", .ref(labelSelector), proto: 2, "Selects the pods counted against replicas; must match the template's labels.", required: true),
            .init("template", .ref(podTemplateSpec), proto: 3, "The pod to create when too few are running."),
        ])

    /// `apps/v1` ReplicaSetStatus.
    static let replicaSetStatus = TypeDefinition(
        prefix + "ReplicaSetStatus",
        description: "The observed state of a ReplicaSet.",
        fields: [
            .init("replicas", .integer(bits: 32), proto: 1, "Non-terminating pods last observed.", required: true),
            .init("fullyLabeledReplicas", .integer(bits: 32), proto: 2, "Non-terminating pods carrying every label of the template."),
            .init("readyReplicas", .integer(bits: 32), proto: 4, "Non-terminating pods with a Ready condition."),
            .init("availableReplicas", .integer(bits: 32), proto: 5, "Non-terminating pods ready for at least minReadySeconds."),
            .init("terminatingReplicas", .integer(bits: 32), proto: 7, "Pods being deleted (alpha).", pointer: true),
            .init("observedGeneration", .integer(bits: 64), proto: 3, "The generation the controller last acted on."),
            .init("conditions", .array(.ref(prefix + "ReplicaSetCondition")), proto: 6, "The latest observations of the ReplicaSet's state.",
                  listType: .map(keys: ["type"]), patchStrategy: "merge", patchMergeKey: "type"),
        ])

    /// `apps/v1` ReplicaSetCondition.
    static let replicaSetCondition = TypeDefinition(
        prefix + "ReplicaSetCondition",
        description: "One observation of a ReplicaSet's state.",
        fields: [
            .init("type", .string, proto: 1, "The condition, such as ReplicaFailure.", required: true),
            .init("status", .string, proto: 2, "True, False or Unknown.", required: true),
            .init("lastTransitionTime", .time, proto: 3, "When the status last changed."),
            .init("reason", .string, proto: 4, "A one-word, CamelCase cause of the last change."),
            .init("message", .string, proto: 5, "A human-readable account of the last change."),
        ])
}
