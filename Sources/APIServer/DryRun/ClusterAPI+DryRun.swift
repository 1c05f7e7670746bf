import Kernel

extension ClusterAPI {
    /// The answer to a dry-run create of an admitted `object`: 409 when the name is taken,
    /// otherwise the object as it would have been stored (without a resourceVersion).
    func dryRunCreate(_ type: ResourceType, namespace: String, object: JSONValue) throws -> JSONValue {
        let name = object.name ?? ""
        let existing = try Self.mapStoreErrors(type, name) { try store.get(key(type, namespace, name)) }
        if existing != nil { throw APIError.alreadyExists(type, name) }
        return object
    }

    /// The answer to a dry-run delete: 404 when absent, 409 when the expected revision is
    /// stale, otherwise the object as it is (nothing is removed).
    func dryRunDelete(_ type: ResourceType, namespace: String, name: String, expectedRevision: Int64?) throws -> JSONValue {
        let current = try Self.mapStoreErrors(type, name) { try store.get(key(type, namespace, name)) }
        guard let current else { throw APIError.notFound(type, name) }
        if let expectedRevision, expectedRevision != current.modRevision {
            throw APIError(code: 409, reason: "Conflict", message: "Operation cannot be fulfilled on \(type.storageName) \"\(name)\": Precondition failed: ResourceVersion in precondition: \(expectedRevision), ResourceVersion in object meta: \(current.modRevision)")
        }
        return current.object
    }
}
