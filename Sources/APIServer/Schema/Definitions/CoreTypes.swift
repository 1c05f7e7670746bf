/// The definitions of the core API types (`io.k8s.api.core.v1.*`) for the served kinds Namespace,
/// Node, Pod, Service, Endpoints, ConfigMap, Secret, ServiceAccount and Event, and everything they
/// embed. Field numbers are those of Kubernetes' `k8s.io/api/core/v1/generated.proto`. The types
/// are spread over `CoreTypes+*.swift` by area.
enum CoreTypes {
    /// The prefix of every core/v1 definition name.
    static let prefix = "io.k8s.api.core.v1."
    /// `PodTemplateSpec`'s definition name (embedded by workloads).
    static let podTemplateSpec = prefix + "PodTemplateSpec"
    /// `PodSpec`'s definition name.
    static let podSpec = prefix + "PodSpec"
    /// `ObjectReference`'s definition name.
    static let objectReference = prefix + "ObjectReference"
    /// `LocalObjectReference`'s definition name.
    static let localObjectReference = prefix + "LocalObjectReference"
    /// `metav1.ObjectMeta`.
    static let objectMeta = MetaTypes.objectMeta
    /// `metav1.LabelSelector`.
    static let labelSelector = MetaTypes.labelSelector

    /// Every core type definition.
    static let definitions: [TypeDefinition] =
        podTypes + schedulingTypes + securityTypes + containerTypes + probeTypes + volumeTypes
        + nodeTypes + serviceTypes + configTypes

    /// The `apiVersion` and `kind` fields every top-level object carries (never in protobuf).
    static func typeMetaFields(_ example: String) -> [FieldDefinition] {
        [
            .init("apiVersion", .string, proto: 0, "The versioned schema this object is written in: \"v1\"."),
            .init("kind", .string, proto: 0, "The object's type, in CamelCase: \"\(example)\"."),
        ]
    }

    /// The `metadata` field of a top-level object.
    static func metadataField(_ what: String) -> FieldDefinition {
        .init("metadata", .ref(objectMeta), proto: 1, "The \(what)'s name, namespace, labels and other standard metadata.")
    }

    /// The group, version and kind of a core kind.
    static func kind(_ name: String) -> GroupVersionKind {
        GroupVersionKind(group: "", version: "v1", kind: name)
    }

    /// Marks fields as belonging to a Go struct embedded inline, carried in protobuf by the
    /// message field `number` (`ConfigMapKeySelector.name` lives in `localObjectReference = 1`).
    static func embedded(_ fields: [FieldDefinition], in number: Int) -> [FieldDefinition] {
        fields.map { field in
            var field = field
            field.embeddedIn = number
            return field
        }
    }

    /// The fields of `LocalObjectReference`, for embedding.
    static let localObjectReferenceFields: [FieldDefinition] = [
        .init("name", .string, proto: 1, "The name of the referenced object in the same namespace."),
    ]
}
