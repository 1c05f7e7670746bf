/// The project's own definitions of the API types it serves: one `TypeDefinition` per
/// Kubernetes type (`io.k8s.api.core.v1.Pod`, `io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta`,
/// ...), each listing its fields with their JSON name, type, documentation, protobuf field
/// number and list semantics.
///
/// One set of definitions feeds everything that needs to know a type's shape: the OpenAPI v3
/// documents (`kubectl explain`, `kubectl apply`'s validation), strict field validation
/// (`fieldValidation=Strict`), protobuf request bodies and merge semantics.
///
/// ```swift
/// TypeDefinition("io.k8s.api.core.v1.ConfigMap", kind: (group: "", version: "v1", kind: "ConfigMap"),
///                description: "ConfigMap holds configuration data for pods to consume.", fields: [
///     .init("apiVersion", .string, proto: 0, "APIVersion defines the versioned schema of this representation of an object."),
///     .init("metadata", .ref(ObjectMetaName), proto: 1, "Standard object's metadata."),
///     .init("data", .map(.string), proto: 2, "Data contains the configuration data."),
/// ])
/// ```
public struct TypeDefinition: Sendable {
    /// The OpenAPI definition name, Kubernetes' fully qualified Go type: "io.k8s.api.core.v1.Pod".
    public let name: String
    /// The group, version and kind for a top-level object (nil for embedded types).
    public let kind: GroupVersionKind?
    /// What the type is, in Kubernetes' words.
    public let description: String
    /// The fields, in Kubernetes' declaration order.
    public let fields: [FieldDefinition]
    /// The names of the fields that must be present.
    public var required: [String] { fields.filter(\.required).map(\.name) }

    /// Defines a type.
    public init(_ name: String, kind: GroupVersionKind? = nil, description: String, fields: [FieldDefinition]) {
        self.name = name
        self.kind = kind
        self.description = description
        self.fields = fields
    }

    /// The field with a JSON name.
    public func field(_ name: String) -> FieldDefinition? { fields.first { $0.name == name } }
}

/// A group, version and kind: `("apps", "v1", "Deployment")`; the group is empty for core types.
public struct GroupVersionKind: Hashable, Sendable {
    /// The API group ("" for core).
    public let group: String
    /// The version within the group.
    public let version: String
    /// The kind.
    public let kind: String

    /// Names a kind.
    public init(group: String, version: String, kind: String) {
        self.group = group
        self.version = version
        self.kind = kind
    }
}

/// One field of a `TypeDefinition`.
public struct FieldDefinition: Sendable {
    /// The JSON name, "containers".
    public let name: String
    /// The value's type.
    public let type: FieldType
    /// The protobuf field number in Kubernetes' wire format (`generated.proto`); 0 for fields
    /// that never travel in protobuf bodies (`apiVersion`, `kind`: they live in the envelope).
    public let proto: Int
    /// The documentation `kubectl explain` prints.
    public let description: String
    /// The field must be present.
    public var required: Bool
    /// Kubernetes declares the field as a pointer (`*int32`): a zero value is meaningful and is
    /// kept when a protobuf body is converted to JSON. Other zero scalars are omitted there, as
    /// Go's `omitempty` does.
    public var pointer: Bool
    /// How a list merges (`x-kubernetes-list-type`); nil for non-lists and atomic defaults.
    public var listType: ListType?
    /// The strategic-merge strategy ("merge", "retainKeys", "merge,retainKeys").
    public var patchStrategy: String?
    /// The strategic-merge key of a list of objects ("name", "containerPort").
    public var patchMergeKey: String?
    /// For a field of a Go struct embedded inline (its fields sit at this level in JSON, such as
    /// `ConfigMapKeySelector.name` from `LocalObjectReference`), the protobuf field number of the
    /// embedded message that carries it; `proto` is then the number inside that message.
    public var embeddedIn: Int?

    /// Defines a field.
    public init(_ name: String, _ type: FieldType, proto: Int, _ description: String,
                required: Bool = false, pointer: Bool = false, listType: ListType? = nil,
                patchStrategy: String? = nil, patchMergeKey: String? = nil, embeddedIn: Int? = nil) {
        self.name = name
        self.type = type
        self.proto = proto
        self.description = description
        self.required = required
        self.pointer = pointer
        self.listType = listType
        self.patchStrategy = patchStrategy
        self.patchMergeKey = patchMergeKey
        self.embeddedIn = embeddedIn
    }
}

/// A list's merge semantics, as `x-kubernetes-list-type` and `x-kubernetes-list-map-keys`.
public enum ListType: Hashable, Sendable {
    /// The list is replaced as a whole.
    case atomic
    /// A set of scalars.
    case set
    /// A list of objects keyed by these fields.
    case map(keys: [String])
}

/// The type of a field's value.
public indirect enum FieldType: Sendable {
    /// A JSON string (proto: string).
    case string
    /// A JSON integer; `bits` is 32 or 64 (proto: int32/int64).
    case integer(bits: Int)
    /// A JSON number (proto: double).
    case number
    /// A JSON boolean (proto: bool).
    case boolean
    /// Bytes as a base64 JSON string (proto: bytes).
    case bytes
    /// `resource.Quantity`: "500m", "1Gi" (JSON string or number; proto: message {string string = 1}).
    case quantity
    /// `intstr.IntOrString`: 8080 or "http" (proto: message {int64 type = 1; int32 intVal = 2; string strVal = 3}).
    case intOrString
    /// `metav1.Time`: RFC 3339 seconds (proto: message {int64 seconds = 1; int32 nanos = 2}).
    case time
    /// `metav1.MicroTime`: RFC 3339 with microseconds (proto: as `time`).
    case microTime
    /// Another definition, by name.
    case ref(String)
    /// A list of values (proto: repeated).
    case array(FieldType)
    /// A map from strings to values (proto: repeated entries {key = 1, value = 2}).
    case map(FieldType)
    /// Any JSON, kept as it is (`x-kubernetes-preserve-unknown-fields`; proto: `runtime.RawExtension` bytes).
    case freeform
}
