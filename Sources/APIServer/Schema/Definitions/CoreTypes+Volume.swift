/// Pod volumes and their common sources. Less common sources (cloud disks, network filesystems,
/// generic ephemeral volumes) are accepted as free-form objects.
extension CoreTypes {
    /// The fields of `VolumeSource`, embedded in `Volume`.
    static let volumeSourceFields: [FieldDefinition] = [
        .init("hostPath", .ref(prefix + "HostPathVolumeSource"), proto: 1, "A file or directory of the node."),
        .init("emptyDir", .ref(prefix + "EmptyDirVolumeSource"), proto: 2, "An empty directory that lives as long as the pod."),
        .init("gcePersistentDisk", .freeform, proto: 3, "Deprecated: a GCE persistent disk."),
        .init("awsElasticBlockStore", .freeform, proto: 4, "Deprecated: an AWS EBS volume."),
        .init("gitRepo", .freeform, proto: 5, "Deprecated: a git repository cloned into the volume."),
        .init("secret", .ref(prefix + "SecretVolumeSource"), proto: 6, "The keys of a Secret as files."),
        .init("nfs", .ref(prefix + "NFSVolumeSource"), proto: 7, "An NFS export."),
        .init("iscsi", .freeform, proto: 8, "An iSCSI disk."),
        .init("glusterfs", .freeform, proto: 9, "Deprecated: a Glusterfs volume."),
        .init("persistentVolumeClaim", .ref(prefix + "PersistentVolumeClaimVolumeSource"), proto: 10, "A PersistentVolumeClaim in the pod's namespace."),
        .init("rbd", .freeform, proto: 11, "Deprecated: a Rados block device."),
        .init("flexVolume", .freeform, proto: 12, "Deprecated: a volume provided by an exec plugin."),
        .init("cinder", .freeform, proto: 13, "Deprecated: an OpenStack Cinder volume."),
        .init("cephfs", .freeform, proto: 14, "Deprecated: a CephFS mount."),
        .init("flocker", .freeform, proto: 15, "Deprecated: a Flocker volume."),
        .init("downwardAPI", .ref(prefix + "DownwardAPIVolumeSource"), proto: 16, "Pod fields and container resources as files."),
        .init("fc", .freeform, proto: 17, "A Fibre Channel disk."),
        .init("azureFile", .freeform, proto: 18, "Deprecated: an Azure File share."),
        .init("configMap", .ref(prefix + "ConfigMapVolumeSource"), proto: 19, "The keys of a ConfigMap as files."),
        .init("vsphereVolume", .freeform, proto: 20, "Deprecated: a vSphere disk."),
        .init("quobyte", .freeform, proto: 21, "Deprecated: a Quobyte volume."),
        .init("azureDisk", .freeform, proto: 22, "Deprecated: an Azure data disk."),
        .init("photonPersistentDisk", .freeform, proto: 23, "Deprecated: a Photon Controller disk."),
        .init("projected", .ref(prefix + "ProjectedVolumeSource"), proto: 26, "Several sources projected into one directory."),
        .init("portworxVolume", .freeform, proto: 24, "Deprecated: a Portworx volume."),
        .init("scaleIO", .freeform, proto: 25, "Deprecated: a ScaleIO volume."),
        .init("storageos", .freeform, proto: 27, "Deprecated: a StorageOS volume."),
        .init("csi", .ref(prefix + "CSIVolumeSource"), proto: 28, "An ephemeral volume provided by a CSI driver."),
        .init("ephemeral", .freeform, proto: 29, "A volume provisioned from a claim template for the pod's lifetime."),
        .init("image", .ref(prefix + "ImageVolumeSource"), proto: 30, "The content of an OCI image or artifact, read-only."),
    ]

    /// Volume, its common sources and projections.
    static let volumeTypes: [TypeDefinition] = [
        TypeDefinition(prefix + "Volume", description: "A named volume of a pod that its containers can mount; exactly one source is set.",
                       fields: [
            .init("name", .string, proto: 1, "The volume's name, a DNS label unique in the pod.", required: true),
        ] + embedded(volumeSourceFields, in: 2)),
        TypeDefinition(prefix + "EmptyDirVolumeSource", description: "An empty directory created for the pod and removed with it.", fields: [
            .init("medium", .string, proto: 1, "The storage behind it: empty for the node's disk, or Memory."),
            .init("sizeLimit", .quantity, proto: 2, "The most storage the directory may use.", pointer: true),
        ]),
        TypeDefinition(prefix + "HostPathVolumeSource", description: "A file or directory of the node mounted into the pod.", fields: [
            .init("path", .string, proto: 1, "The path on the node.", required: true),
            .init("type", .string, proto: 2, "What must exist at the path, such as Directory or FileOrCreate; unchecked when empty.", pointer: true),
        ]),
        TypeDefinition(prefix + "SecretVolumeSource", description: "A Secret's keys presented as files.", fields: [
            .init("secretName", .string, proto: 1, "The Secret in the pod's namespace."),
            .init("items", .array(.ref(prefix + "KeyToPath")), proto: 2, "Which keys to present and where; all keys when empty.", listType: .atomic),
            .init("defaultMode", .integer(bits: 32), proto: 3, "The permission bits of the files; 0644 by default.", pointer: true),
            .init("optional", .boolean, proto: 4, "Whether the Secret may be missing.", pointer: true),
        ]),
        TypeDefinition(prefix + "ConfigMapVolumeSource", description: "A ConfigMap's keys presented as files.",
                       fields: embedded(localObjectReferenceFields, in: 1) + [
            .init("items", .array(.ref(prefix + "KeyToPath")), proto: 2, "Which keys to present and where; all keys when empty.", listType: .atomic),
            .init("defaultMode", .integer(bits: 32), proto: 3, "The permission bits of the files; 0644 by default.", pointer: true),
            .init("optional", .boolean, proto: 4, "Whether the ConfigMap may be missing.", pointer: true),
        ]),
        TypeDefinition(prefix + "KeyToPath", description: "Maps one key to a file path inside a volume.", fields: [
            .init("key", .string, proto: 1, "The key.", required: true),
            .init("path", .string, proto: 2, "The relative file path; must not contain '..'.", required: true),
            .init("mode", .integer(bits: 32), proto: 3, "The file's permission bits; the volume's default when unset.", pointer: true),
        ]),
        TypeDefinition(prefix + "PersistentVolumeClaimVolumeSource", description: "Mounts the volume bound to a PersistentVolumeClaim.", fields: [
            .init("claimName", .string, proto: 1, "The claim in the pod's namespace.", required: true),
            .init("readOnly", .boolean, proto: 2, "Mount read-only."),
        ]),
        TypeDefinition(prefix + "NFSVolumeSource", description: "An NFS export mounted into the pod.", fields: [
            .init("server", .string, proto: 1, "The NFS server's host name or address.", required: true),
            .init("path", .string, proto: 2, "The exported path.", required: true),
            .init("readOnly", .boolean, proto: 3, "Mount read-only."),
        ]),
        TypeDefinition(prefix + "CSIVolumeSource", description: "An ephemeral volume provided by a CSI driver.", fields: [
            .init("driver", .string, proto: 1, "The CSI driver's name.", required: true),
            .init("readOnly", .boolean, proto: 2, "Mount read-only.", pointer: true),
            .init("fsType", .string, proto: 3, "The filesystem type, such as ext4.", pointer: true),
            .init("volumeAttributes", .map(.string), proto: 4, "Driver-specific settings."),
            .init("nodePublishSecretRef", .ref(localObjectReference), proto: 5, "A Secret passed to the driver when it mounts the volume."),
        ]),
        TypeDefinition(prefix + "ImageVolumeSource", description: "An OCI image or artifact mounted read-only.", fields: [
            .init("reference", .string, proto: 1, "The image or artifact reference."),
            .init("pullPolicy", .string, proto: 2, "When it is pulled: Always, Never or IfNotPresent."),
        ]),
        TypeDefinition(prefix + "ProjectedVolumeSource", description: "Several sources projected into one directory.", fields: [
            .init("sources", .array(.ref(prefix + "VolumeProjection")), proto: 1, "The sources.", listType: .atomic),
            .init("defaultMode", .integer(bits: 32), proto: 2, "The permission bits of the files.", pointer: true),
        ]),
        TypeDefinition(prefix + "VolumeProjection", description: "One source of a projected volume; exactly one member is set.", fields: [
            .init("secret", .ref(prefix + "SecretProjection"), proto: 1, "Keys of a Secret."),
            .init("downwardAPI", .ref(prefix + "DownwardAPIProjection"), proto: 2, "Pod fields and container resources."),
            .init("configMap", .ref(prefix + "ConfigMapProjection"), proto: 3, "Keys of a ConfigMap."),
            .init("serviceAccountToken", .ref(prefix + "ServiceAccountTokenProjection"), proto: 4, "A service account token."),
            .init("clusterTrustBundle", .freeform, proto: 5, "Certificates from ClusterTrustBundle objects."),
            .init("podCertificate", .freeform, proto: 6, "A private key and certificate issued for the pod."),
        ]),
        TypeDefinition(prefix + "SecretProjection", description: "A Secret's keys in a projected volume.",
                       fields: embedded(localObjectReferenceFields, in: 1) + [
            .init("items", .array(.ref(prefix + "KeyToPath")), proto: 2, "Which keys to present and where; all keys when empty.", listType: .atomic),
            .init("optional", .boolean, proto: 4, "Whether the Secret may be missing.", pointer: true),
        ]),
        TypeDefinition(prefix + "ConfigMapProjection", description: "A ConfigMap's keys in a projected volume.",
                       fields: embedded(localObjectReferenceFields, in: 1) + [
            .init("items", .array(.ref(prefix + "KeyToPath")), proto: 2, "Which keys to present and where; all keys when empty.", listType: .atomic),
            .init("optional", .boolean, proto: 4, "Whether the ConfigMap may be missing.", pointer: true),
        ]),
        TypeDefinition(prefix + "DownwardAPIProjection", description: "Pod fields and container resources in a projected volume.", fields: [
            .init("items", .array(.ref(prefix + "DownwardAPIVolumeFile")), proto: 1, "The files to create.", listType: .atomic),
        ]),
        TypeDefinition(prefix + "ServiceAccountTokenProjection", description: "A token of the pod's service account, rotated by the node.", fields: [
            .init("audience", .string, proto: 1, "The audience the token is for; the API server by default."),
            .init("expirationSeconds", .integer(bits: 64), proto: 2, "How long the token is valid; one hour by default.", pointer: true),
            .init("path", .string, proto: 3, "The file path, relative to the mount point.", required: true),
        ]),
        TypeDefinition(prefix + "DownwardAPIVolumeSource", description: "Pod fields and container resources presented as files.", fields: [
            .init("items", .array(.ref(prefix + "DownwardAPIVolumeFile")), proto: 1, "The files to create.", listType: .atomic),
            .init("defaultMode", .integer(bits: 32), proto: 2, "The permission bits of the files; 0644 by default.", pointer: true),
        ]),
        TypeDefinition(prefix + "DownwardAPIVolumeFile", description: "One file of a downward API volume.", fields: [
            .init("path", .string, proto: 1, "The relative file path.", required: true),
            .init("fieldRef", .ref(prefix + "ObjectFieldSelector"), proto: 2, "A pod field: labels, annotations, name, namespace or uid."),
            .init("resourceFieldRef", .ref(prefix + "ResourceFieldSelector"), proto: 3, "A container's resource request or limit."),
            .init("mode", .integer(bits: 32), proto: 4, "The file's permission bits.", pointer: true),
        ]),
    ]
}
