import Kernel

/// Turns the project's `TypeDefinition`s into OpenAPI v3 component schemas, the way Kubernetes
/// writes them: references as `allOf: [{$ref}]` with the field's description, list and patch
/// semantics as `x-kubernetes-*` extensions, and the kind of top-level types as
/// `x-kubernetes-group-version-kind`.
enum OpenAPISchemas {
    /// `resource.Quantity`'s component name.
    static let quantity = "io.k8s.apimachinery.pkg.api.resource.Quantity"
    /// `intstr.IntOrString`'s component name.
    static let intOrString = "io.k8s.apimachinery.pkg.util.intstr.IntOrString"
    /// `metav1.Time`'s component name.
    static let time = "io.k8s.apimachinery.pkg.apis.meta.v1.Time"
    /// `metav1.MicroTime`'s component name.
    static let microTime = "io.k8s.apimachinery.pkg.apis.meta.v1.MicroTime"
    /// `metav1.Patch`'s component name: the body of every PATCH.
    static let patch = "io.k8s.apimachinery.pkg.apis.meta.v1.Patch"

    /// The `$ref` value that points at a component.
    static func ref(_ name: String) -> JSONValue {
        .string("#/components/schemas/" + name)
    }

    /// The schemas of the scalar wrapper types, which have no `TypeDefinition`.
    static let builtins: [String: JSONValue] = [
        quantity: [
            "description": "A fixed-point number with an optional unit suffix, such as 100m (a tenth), 128Mi (binary) or 1G (decimal); written as a string, or as a plain number.",
            "oneOf": [["type": "string"], ["type": "number"]],
        ],
        intOrString: [
            "description": "A value that is either a 32-bit integer or a string, such as a port number or a port name.",
            "x-kubernetes-int-or-string": true,
        ],
        time: [
            "description": "A point in time, written as an RFC 3339 string in UTC with seconds precision.",
            "type": "string", "format": "date-time",
        ],
        microTime: [
            "description": "A point in time, written as an RFC 3339 string in UTC with microseconds precision.",
            "type": "string", "format": "date-time",
        ],
        patch: [
            "description": "A patch document, in the format named by the request's Content-Type.",
            "type": "object",
        ],
    ]

    /// The component schema of a definition.
    static func schema(_ definition: TypeDefinition) -> JSONValue {
        var properties: [String: JSONValue] = [:]
        for field in definition.fields {
            properties[field.name] = property(field)
        }
        var schema: [String: JSONValue] = [
            "description": .string(definition.description),
            "type": "object",
            "properties": .object(properties),
        ]
        let required = definition.required
        if !required.isEmpty { schema["required"] = .array(required.map { .string($0) }) }
        if let kind = definition.kind {
            schema["x-kubernetes-group-version-kind"] = [gvk(kind)]
        }
        return .object(schema)
    }

    /// The schema of a `<Kind>List` response for a served kind.
    static func listSchema(kind: GroupVersionKind, itemDefinition: String) -> JSONValue {
        let apiVersion = kind.group.isEmpty ? kind.version : "\(kind.group)/\(kind.version)"
        return [
            "description": .string("A list of \(kind.kind) objects."),
            "type": "object",
            "required": ["items"],
            "properties": [
                "apiVersion": ["type": "string", "description": .string("The versioned schema of this list: \"\(apiVersion)\".")],
                "kind": ["type": "string", "description": .string("The list's type: \"\(kind.kind)List\".")],
                "metadata": ["allOf": [["$ref": ref(MetaTypes.listMeta)]], "default": [:], "description": "The list's resource version and paging token."],
                "items": ["type": "array", "description": .string("The \(kind.kind) objects."),
                          "items": ["allOf": [["$ref": ref(itemDefinition)]], "default": [:]]],
            ],
            "x-kubernetes-group-version-kind": [gvk(GroupVersionKind(group: kind.group, version: kind.version, kind: kind.kind + "List"))],
        ]
    }

    /// A group/version/kind as an extension value.
    static func gvk(_ kind: GroupVersionKind) -> JSONValue {
        ["group": .string(kind.group), "version": .string(kind.version), "kind": .string(kind.kind)]
    }

    /// The schema of one field, with its description and list and patch extensions.
    static func property(_ field: FieldDefinition) -> JSONValue {
        guard case .object(var schema) = valueSchema(field.type, top: true) else { return [:] }
        schema["description"] = .string(field.description)
        if field.name == "metadata", case .ref = field.type { schema["default"] = [:] }
        switch field.listType {
        case .atomic?: schema["x-kubernetes-list-type"] = "atomic"
        case .set?: schema["x-kubernetes-list-type"] = "set"
        case .map(let keys)?:
            schema["x-kubernetes-list-type"] = "map"
            schema["x-kubernetes-list-map-keys"] = .array(keys.map { .string($0) })
        case nil: break
        }
        if let strategy = field.patchStrategy { schema["x-kubernetes-patch-strategy"] = .string(strategy) }
        if let key = field.patchMergeKey { schema["x-kubernetes-patch-merge-key"] = .string(key) }
        return .object(schema)
    }

    /// The schema of a value of `type`. At the top of a property, references are wrapped in
    /// `allOf` so the property can carry its own description; inside lists and maps they are
    /// plain (list items carry an empty default, as Kubernetes writes them).
    static func valueSchema(_ type: FieldType, top: Bool = false) -> JSONValue {
        switch type {
        case .string: return ["type": "string"]
        case .integer(let bits): return ["type": "integer", "format": .string(bits == 32 ? "int32" : "int64")]
        case .number: return ["type": "number", "format": "double"]
        case .boolean: return ["type": "boolean"]
        case .bytes: return ["type": "string", "format": "byte"]
        case .quantity: return reference(quantity, top: top)
        case .intOrString: return reference(intOrString, top: top)
        case .time: return reference(time, top: top)
        case .microTime: return reference(microTime, top: top)
        case .ref(let name): return reference(name, top: top)
        case .freeform: return ["type": "object", "x-kubernetes-preserve-unknown-fields": true]
        case .array(let element):
            var items = valueSchema(element)
            if case .ref = element, case .object(var members) = items {
                members = ["allOf": [["$ref": members["$ref"] ?? .null]], "default": [:]]
                items = .object(members)
            }
            return ["type": "array", "items": items]
        case .map(let value):
            return ["type": "object", "additionalProperties": valueSchema(value)]
        }
    }

    /// A reference to a component, wrapped in `allOf` at the top of a property.
    private static func reference(_ name: String, top: Bool) -> JSONValue {
        top ? ["allOf": [["$ref": ref(name)]]] : ["$ref": ref(name)]
    }

    /// The names of the components a schema refers to, directly.
    static func references(in value: JSONValue) -> [String] {
        switch value {
        case .object(let members):
            var names: [String] = []
            for (key, member) in members {
                if key == "$ref", let target = member.stringValue, target.hasPrefix("#/components/schemas/") {
                    names.append(String(target.dropFirst("#/components/schemas/".count)))
                } else {
                    names += references(in: member)
                }
            }
            return names
        case .array(let elements):
            return elements.flatMap { references(in: $0) }
        default:
            return []
        }
    }
}
