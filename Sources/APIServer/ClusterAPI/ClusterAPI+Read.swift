import Kernel

extension ClusterAPI {
    /// Reads one object; 404 NotFound when absent.
    public func get(_ type: ResourceType, namespace: String, name: String) async throws -> JSONValue {
        try getObject(type, namespace: namespace, name: name)
    }

    /// Lists objects (all namespaces when `namespace` is nil or "") whose labels equal `labelSelector`.
    public func list(_ type: ResourceType, namespace: String?, labelSelector: [String: String]) async throws -> (items: [JSONValue], resourceVersion: Int64) {
        try listObjects(type, namespace: namespace, selector: ObjectSelector(labels: LabelSelector(matchLabels: labelSelector)))
    }

    /// Lists objects (every namespace when `namespace` is nil or "") matching a label and field
    /// selector, ordered by namespace and name, with the revision the list reflects.
    public func list(_ type: ResourceType, namespace: String?, selector: ObjectSelector) async throws -> (items: [JSONValue], resourceVersion: Int64) {
        try listObjects(type, namespace: namespace, selector: selector)
    }

    /// Reads one object or throws 404.
    func getObject(_ type: ResourceType, namespace: String, name: String) throws -> JSONValue {
        let stored = try Self.mapStoreErrors(type, name) { try store.get(key(type, namespace, name)) }
        guard let stored else { throw APIError.notFound(type, name) }
        return stored.object
    }

    /// Lists objects matching `selector`.
    func listObjects(_ type: ResourceType, namespace: String?, selector: ObjectSelector) throws -> (items: [JSONValue], resourceVersion: Int64) {
        let scope = type.namespaced ? namespace.flatMap { $0.isEmpty ? nil : $0 } : nil
        let listed = try Self.mapStoreErrors(type, "") {
            try store.list(resource: type.storageName, namespace: scope)
        }
        let items = listed.items.map(\.object).filter { selector.isEmpty || selector.matches($0) }
        return (items, listed.revision)
    }
}
