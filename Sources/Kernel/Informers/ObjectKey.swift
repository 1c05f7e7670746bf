
/// The `namespace/name` key a controller queues and reconciles, as Kubernetes' work queues use
/// (cluster-scoped objects have an empty namespace and render as just the name).
public struct ObjectKey: Hashable, Sendable, Comparable, CustomStringConvertible {
    /// The namespace, "" for cluster-scoped objects.
    public var namespace: String
    /// The object's name.
    public var name: String

    /// Creates a key.
    public init(namespace: String, name: String) {
        self.namespace = namespace
        self.name = name
    }

    /// The key of an object, from its metadata (missing fields read as "").
    public init(_ object: JSONValue) {
        self.init(namespace: object.namespace ?? "", name: object.name ?? "")
    }

    /// "namespace/name", or just the name for cluster-scoped objects.
    public var description: String { namespace.isEmpty ? name : "\(namespace)/\(name)" }

    /// Orders by namespace, then name.
    public static func < (lhs: ObjectKey, rhs: ObjectKey) -> Bool {
        (lhs.namespace, lhs.name) < (rhs.namespace, rhs.name)
    }
}
