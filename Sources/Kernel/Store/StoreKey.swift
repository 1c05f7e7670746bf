/// Where an object lives in the store.
public struct StoreKey: Hashable, Sendable, CustomStringConvertible {
    /// The resource's storage name, `ResourceType.storageName`: "pods", "deployments.apps".
    public var resource: String
    /// The namespace; "" for cluster-scoped objects.
    public var namespace: String
    /// The object's name.
    public var name: String

    /// Creates a key.
    public init(resource: String, namespace: String, name: String) {
        self.resource = resource
        self.namespace = namespace
        self.name = name
    }

    /// The key of an object of a served type; `namespace` is ignored (stored as "") for
    /// cluster-scoped types.
    public init(_ type: ResourceType, namespace: String, name: String) {
        self.init(resource: type.storageName, namespace: type.namespaced ? namespace : "", name: name)
    }

    /// "pods/default/web-1", or "nodes/node-1" when cluster-scoped.
    public var description: String {
        namespace.isEmpty ? "\(resource)/\(name)" : "\(resource)/\(namespace)/\(name)"
    }
}
