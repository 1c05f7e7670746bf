/// The core/v1 PersistentVolumeClaim, PersistentVolume and ReplicationController types.
///
/// Kubernetes embeds a PersistentVolume's volume source (`hostPath`, `nfs`, `csi`, ...) inline
/// in `PersistentVolumeSpec` JSON but as the message `persistentVolumeSource` (field 2) in
/// protobuf; the sources are listed with their numbers inside that message (`embeddedIn: 2`)
/// and kept as free-form JSON.
extension CoreTypes {
    private static let storageObjectMeta = "io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta"
    private static let storageListMeta = "io.k8s.apimachinery.pkg.apis.meta.v1.ListMeta"

    /// The envelope fields of a top-level object or list.
    private static func storageEnvelope(_ metadata: String) -> [FieldDefinition] {
        [.init("apiVersion", .string, proto: 0, "The versioned schema of this representation of the object."),
         .init("kind", .string, proto: 0, "The REST resource this object represents, in CamelCase."),
         .init("metadata", .ref(metadata), proto: 1, "Standard object metadata.")]
    }

    /// A top-level kind of core/v1 with its list type.
    private static func storageKind(_ kind: String, _ description: String, spec: String, status: String) -> [TypeDefinition] {
        [TypeDefinition("io.k8s.api.core.v1.\(kind)", kind: GroupVersionKind(group: "", version: "v1", kind: kind),
                        description: description, fields: storageEnvelope(storageObjectMeta) + [
            .init("spec", .ref("io.k8s.api.core.v1.\(kind)Spec"), proto: 2, spec),
            .init("status", .ref("io.k8s.api.core.v1.\(kind)Status"), proto: 3, status),
        ]),
         TypeDefinition("io.k8s.api.core.v1.\(kind)List", kind: GroupVersionKind(group: "", version: "v1", kind: "\(kind)List"),
                        description: "A list of \(kind) objects.", fields: storageEnvelope(storageListMeta) + [
            .init("items", .array(.ref("io.k8s.api.core.v1.\(kind)")), proto: 2, "The objects.", required: true),
         ])]
    }

    /// The volume sources of `PersistentVolumeSource`, with their field numbers there.
    private static let volumeSources: [(String, Int)] = [
        ("gcePersistentDisk", 1), ("awsElasticBlockStore", 2), ("hostPath", 3), ("glusterfs", 4), ("nfs", 5), ("rbd", 6),
        ("iscsi", 7), ("cinder", 8), ("cephfs", 9), ("fc", 10), ("flocker", 11), ("flexVolume", 12), ("azureFile", 13),
        ("vsphereVolume", 14), ("quobyte", 15), ("azureDisk", 16), ("photonPersistentDisk", 17), ("portworxVolume", 18),
        ("scaleIO", 19), ("local", 20), ("storageos", 21), ("csi", 22),
    ]

    /// The storage and replication controller definitions.
    static let storageDefinitions: [TypeDefinition] = claimDefinitions + volumeDefinitions + replicationControllerDefinitions

    private static let claimDefinitions: [TypeDefinition] =
        storageKind("PersistentVolumeClaim", "A user's request for storage, bound to a PersistentVolume that satisfies it.",
                    spec: "The storage the claim asks for.", status: "The claim's binding as last observed.")
        + [
            TypeDefinition("io.k8s.api.core.v1.PersistentVolumeClaimSpec", description: "The storage a claim asks for.", fields: [
                .init("accessModes", .array(.string), proto: 1, "How the volume must be mountable: ReadWriteOnce, ReadOnlyMany, ReadWriteMany or ReadWriteOncePod.", listType: .atomic),
                .init("selector", .ref("io.k8s.apimachinery.pkg.apis.meta.v1.LabelSelector"), proto: 4, "Limits binding to volumes with these labels."),
                .init("resources", .ref("io.k8s.api.core.v1.VolumeResourceRequirements"), proto: 2, "The minimum storage the volume must have; requests.storage is required."),
                .init("volumeName", .string, proto: 3, "The PersistentVolume bound to the claim."),
                .init("storageClassName", .string, proto: 5, "The StorageClass to provision from; empty asks for a volume without a class.", pointer: true),
                .init("volumeMode", .string, proto: 6, "Filesystem (the default) or Block.", pointer: true),
                .init("dataSource", .ref("io.k8s.api.core.v1.TypedLocalObjectReference"), proto: 7, "A snapshot or claim to fill the new volume from."),
                .init("dataSourceRef", .ref("io.k8s.api.core.v1.TypedObjectReference"), proto: 8, "Any populator object to fill the new volume from."),
                .init("volumeAttributesClassName", .string, proto: 9, "The VolumeAttributesClass whose attributes the volume gets.", pointer: true),
            ]),
            TypeDefinition("io.k8s.api.core.v1.PersistentVolumeClaimStatus", description: "The observed state of a claim.", fields: [
                .init("phase", .string, proto: 1, "Pending, Bound or Lost."),
                .init("accessModes", .array(.string), proto: 2, "The access modes of the bound volume.", listType: .atomic),
                .init("capacity", .map(.quantity), proto: 3, "The resources of the bound volume."),
                .init("conditions", .array(.ref("io.k8s.api.core.v1.PersistentVolumeClaimCondition")), proto: 4, "Observations such as Resizing.",
                      listType: .map(keys: ["type"]), patchStrategy: "merge", patchMergeKey: "type"),
                .init("allocatedResources", .map(.quantity), proto: 5, "The resources allocated to the claim, including pending expansions."),
                .init("allocatedResourceStatuses", .map(.string), proto: 7, "The state of each resize in progress."),
                .init("currentVolumeAttributesClassName", .string, proto: 8, "The VolumeAttributesClass the volume uses now.", pointer: true),
                .init("modifyVolumeStatus", .ref("io.k8s.api.core.v1.ModifyVolumeStatus"), proto: 9, "The state of a volume attribute change in progress."),
            ]),
            TypeDefinition("io.k8s.api.core.v1.PersistentVolumeClaimCondition", description: "The state of a claim at a point in time.", fields: [
                .init("type", .string, proto: 1, "The condition's type.", required: true),
                .init("status", .string, proto: 2, "True, False or Unknown.", required: true),
                .init("lastProbeTime", .time, proto: 3, "When the condition was last checked."),
                .init("lastTransitionTime", .time, proto: 4, "When the condition last changed status."),
                .init("reason", .string, proto: 5, "A one-word CamelCase cause of the last transition."),
                .init("message", .string, proto: 6, "A human-readable account of the last transition."),
            ]),
            TypeDefinition("io.k8s.api.core.v1.VolumeResourceRequirements", description: "The resources a volume claim asks for.", fields: [
                .init("limits", .map(.quantity), proto: 1, "The most of each resource the volume may have."),
                .init("requests", .map(.quantity), proto: 2, "The least of each resource the volume must have."),
            ]),
            TypeDefinition("io.k8s.api.core.v1.TypedObjectReference", description: "A reference to an object by group, kind, name and optional namespace.", fields: [
                .init("apiGroup", .string, proto: 1, "The referenced object's group; empty for the core group.", pointer: true),
                .init("kind", .string, proto: 2, "The referenced object's kind.", required: true),
                .init("name", .string, proto: 3, "The referenced object's name.", required: true),
                .init("namespace", .string, proto: 4, "The referenced object's namespace, when it differs from the referrer's.", pointer: true),
            ]),
            TypeDefinition("io.k8s.api.core.v1.ModifyVolumeStatus", description: "The state of a change of a volume's attributes class.", fields: [
                .init("targetVolumeAttributesClassName", .string, proto: 1, "The class being applied."),
                .init("status", .string, proto: 2, "Pending, InProgress or Infeasible.", required: true),
            ]),
        ]

    private static let volumeDefinitions: [TypeDefinition] =
        storageKind("PersistentVolume", "A piece of storage in the cluster, provisioned by an administrator or a provisioner.",
                      spec: "The volume's capacity, access modes and source.", status: "The volume's phase as last observed.")
        + [
            TypeDefinition("io.k8s.api.core.v1.PersistentVolumeSpec", description: "A volume's capacity, access modes, source and binding.", fields: [
                .init("capacity", .map(.quantity), proto: 1, "The volume's resources; storage is required."),
                .init("accessModes", .array(.string), proto: 3, "The ways the volume can be mounted.", listType: .atomic),
                .init("claimRef", .ref("io.k8s.api.core.v1.ObjectReference"), proto: 4, "The claim bound to (or reserved for) the volume."),
                .init("persistentVolumeReclaimPolicy", .string, proto: 5, "Retain (the default for manual volumes), Delete or Recycle when the claim is released."),
                .init("storageClassName", .string, proto: 6, "The StorageClass the volume belongs to; empty for none."),
                .init("mountOptions", .array(.string), proto: 7, "Mount options passed as given.", listType: .atomic),
                .init("volumeMode", .string, proto: 8, "Filesystem (the default) or Block.", pointer: true),
                .init("nodeAffinity", .ref("io.k8s.api.core.v1.VolumeNodeAffinity"), proto: 9, "The nodes the volume can be reached from."),
                .init("volumeAttributesClassName", .string, proto: 10, "The VolumeAttributesClass the volume belongs to.", pointer: true),
            ] + volumeSources.map { name, number in
                FieldDefinition(name, .freeform, proto: number, "The \(name) volume source (exactly one source is set).", embeddedIn: 2)
            }),
            TypeDefinition("io.k8s.api.core.v1.PersistentVolumeStatus", description: "The observed state of a volume.", fields: [
                .init("phase", .string, proto: 1, "Pending, Available, Bound, Released or Failed."),
                .init("message", .string, proto: 2, "Why the volume is in its phase, for people."),
                .init("reason", .string, proto: 3, "Why the volume is in its phase, as one CamelCase word."),
                .init("lastPhaseTransitionTime", .time, proto: 4, "When the phase last changed."),
            ]),
            TypeDefinition("io.k8s.api.core.v1.TypedLocalObjectReference", description: "An object in the same namespace, named by API group, kind and name.", fields: [
                .init("apiGroup", .string, proto: 1, "The object's API group; empty for the core group.", pointer: true),
                .init("kind", .string, proto: 2, "The object's kind.", required: true),
                .init("name", .string, proto: 3, "The object's name.", required: true),
            ]),
            TypeDefinition("io.k8s.api.core.v1.VolumeNodeAffinity", description: "The nodes a volume can be reached from.", fields: [
                .init("required", .ref("io.k8s.api.core.v1.NodeSelector"), proto: 1, "Nodes must match these terms to use the volume."),
            ]),
        ]

    private static let replicationControllerDefinitions: [TypeDefinition] =
        storageKind("ReplicationController", "Keeps a number of copies of a pod running; superseded by ReplicaSets and Deployments.",
                      spec: "The pods the controller should keep running.", status: "The controller's pods as last observed.")
        + [
            TypeDefinition("io.k8s.api.core.v1.ReplicationControllerSpec", description: "The pods a replication controller keeps running.", fields: [
                .init("replicas", .integer(bits: 32), proto: 1, "How many pods to run; 1 by default.", pointer: true),
                .init("minReadySeconds", .integer(bits: 32), proto: 4, "Seconds a new pod must be ready before it counts as available."),
                .init("selector", .map(.string), proto: 2, "Labels of the pods counted; the template's labels by default."),
                .init("template", .ref("io.k8s.api.core.v1.PodTemplateSpec"), proto: 3, "The pod created when too few exist."),
            ]),
            TypeDefinition("io.k8s.api.core.v1.ReplicationControllerStatus", description: "The observed state of a replication controller.", fields: [
                .init("replicas", .integer(bits: 32), proto: 1, "Pods the controller counts.", required: true),
                .init("fullyLabeledReplicas", .integer(bits: 32), proto: 2, "Pods whose labels match the template's."),
                .init("readyReplicas", .integer(bits: 32), proto: 4, "Pods with a Ready condition."),
                .init("availableReplicas", .integer(bits: 32), proto: 5, "Pods ready for at least minReadySeconds."),
                .init("observedGeneration", .integer(bits: 64), proto: 3, "The generation the controller last acted on."),
                .init("conditions", .array(.ref("io.k8s.api.core.v1.ReplicationControllerCondition")), proto: 6, "Observations of the controller's state.",
                      listType: .map(keys: ["type"]), patchStrategy: "merge", patchMergeKey: "type"),
            ]),
            TypeDefinition("io.k8s.api.core.v1.ReplicationControllerCondition", description: "The state of a replication controller at a point in time.", fields: [
                .init("type", .string, proto: 1, "The condition's type.", required: true),
                .init("status", .string, proto: 2, "True, False or Unknown.", required: true),
                .init("lastTransitionTime", .time, proto: 3, "When the condition last changed status."),
                .init("reason", .string, proto: 4, "A one-word CamelCase cause of the last transition."),
                .init("message", .string, proto: 5, "A human-readable account of the last transition."),
            ]),
        ]
}
