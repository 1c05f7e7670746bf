import Kernel

/// Conditions a delete must meet (Kubernetes' `DeleteOptions.preconditions`).
public struct DeletePreconditions: Sendable, Hashable {
    /// The object must have this uid.
    public var uid: String?
    /// The object's latest change must be this revision.
    public var resourceVersion: Int64?

    /// No preconditions.
    public static let none = DeletePreconditions()

    /// Creates preconditions.
    public init(uid: String? = nil, resourceVersion: Int64? = nil) {
        self.uid = uid
        self.resourceVersion = resourceVersion
    }
}

extension ClusterAPI {
    /// Namespaces that can never be deleted.
    static let undeletableNamespaces: Set<String> = ["default", "kube-system", "kube-public"]

    /// Deletes an object and returns its last state (see `delete(_:namespace:name:preconditions:)`).
    public func delete(_ type: ResourceType, namespace: String, name: String) async throws -> JSONValue {
        try deleteObject(type, namespace: namespace, name: name, preconditions: .none)
    }

    /// Deletes an object when the preconditions hold, returning its last state. A Service's
    /// cluster IP is released; a Namespace takes every object in it along.
    public func delete(_ type: ResourceType, namespace: String, name: String, preconditions: DeletePreconditions) async throws -> JSONValue {
        try deleteObject(type, namespace: namespace, name: name, preconditions: preconditions)
    }

    func deleteObject(_ type: ResourceType, namespace: String, name: String, preconditions: DeletePreconditions) throws -> JSONValue {
        if type == .namespaces && Self.undeletableNamespaces.contains(name) {
            throw APIError(code: 403, reason: "Forbidden", message: "namespaces \"\(name)\" is forbidden: this namespace may not be deleted")
        }
        let storeKey = key(type, namespace, name)
        var expected = preconditions.resourceVersion
        if preconditions.uid != nil || type == .namespaces {
            let current = try Self.mapStoreErrors(type, name) { try store.get(storeKey) }
            guard let current else { throw APIError.notFound(type, name) }
            if let uid = preconditions.uid, uid != current.object.uid {
                throw APIError(code: 409, reason: "Conflict", message: "Operation cannot be fulfilled on \(type.storageName) \"\(name)\": Precondition failed: UID in precondition: \(uid), UID in object meta: \(current.object.uid ?? "")")
            }
            if let expected, expected != current.modRevision {
                throw APIError(code: 409, reason: "Conflict", message: "Operation cannot be fulfilled on \(type.storageName) \"\(name)\": Precondition failed: ResourceVersion in precondition: \(expected), ResourceVersion in object meta: \(current.modRevision)")
            }
            expected = expected ?? current.modRevision
        }
        if DryRun.active { return try dryRunDelete(type, namespace: namespace, name: name, expectedRevision: expected) }
        if type == .namespaces { try deleteContents(ofNamespace: name) }
        let removed = try Self.mapStoreErrors(type, name) { try store.delete(storeKey, expectedRevision: expected) }
        if type == .services { Self.clusterIPs(of: removed.object).forEach(ipAllocator.release) }
        return removed.object
    }

    /// Deletes every namespaced object in `namespace` (what Kubernetes' namespace controller
    /// does after the namespace is marked for deletion).
    private func deleteContents(ofNamespace namespace: String) throws {
        for type in ResourceType.all where type.namespaced {
            let items = try Self.mapStoreErrors(type, "") {
                try store.list(resource: type.storageName, namespace: namespace).items
            }
            for item in items {
                do {
                    _ = try deleteObject(type, namespace: namespace, name: item.key.name, preconditions: .none)
                } catch let error as APIError where error.code == 404 {
                    continue
                }
            }
        }
    }
}
