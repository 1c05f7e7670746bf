import Foundation
import Kernel

extension ClusterAPI: DeleteOptionsClient {
    /// Namespaces that can never be deleted.
    static let undeletableNamespaces: Set<String> = ["default", "kube-system", "kube-public"]

    /// Deletes an object with default options and returns its state afterwards (see
    /// `deleteWithOptions`).
    public func delete(_ type: ResourceType, namespace: String, name: String) async throws -> JSONValue {
        try await durably { try deleteObject(type, namespace: namespace, name: name, options: DeleteOptions()) }
    }

    /// Deletes an object when the preconditions hold (default options otherwise).
    public func delete(_ type: ResourceType, namespace: String, name: String, preconditions: DeletePreconditions) async throws -> JSONValue {
        try await durably { try deleteObject(type, namespace: namespace, name: name, options: DeleteOptions(preconditions: preconditions)) }
    }

    /// Deletes an object the way Kubernetes does: removed at once, unless it is a pod bound to a
    /// node with a grace period (graceful deletion), has finalizers, or the propagation policy
    /// adds one (`orphan`, `foregroundDeletion`); then it gets `metadata.deletionTimestamp` and
    /// stays until the kubelet or the finalizers' owners finish. Returns the last state of a
    /// removed object, or the marked object.
    public func deleteWithOptions(_ type: ResourceType, namespace: String, name: String, options: DeleteOptions) async throws -> JSONValue {
        try await durably { try deleteObject(type, namespace: namespace, name: name, options: options) }
    }

    /// The synchronous delete behind every entry point; retried over concurrent writes.
    func deleteObject(_ type: ResourceType, namespace: String, name: String, options: DeleteOptions) throws -> JSONValue {
        try DeleteOptionsRequest.validate(options)
        if type == .namespaces && Self.undeletableNamespaces.contains(name) {
            throw APIError(code: 403, reason: "Forbidden", message: "namespaces \"\(name)\" is forbidden: this namespace may not be deleted")
        }
        if type == .priorityClasses { try admitPriorityClassDeletion(name) }
        let storeKey = key(type, namespace, name)
        let dryRun = DryRun.active || options.dryRun
        var attempt = 0
        while true {
            attempt += 1
            let current = try Self.mapStoreErrors(type, name) { try store.get(storeKey) }
            guard let current else { throw APIError.notFound(type, name) }
            try Self.check(options.preconditions, type, name, current)
            let plan = try DeletionPlan.make(type, current.object, options: options, now: Date())
            do {
                switch plan {
                case .remove:
                    if dryRun { return current.object }
                    let removed = try store.delete(storeKey, expectedRevision: current.modRevision)
                    if type == .services { release(Self.allocations(of: removed.object)) }
                    return removed.object
                case .mark(var marked):
                    marked.resourceVersion = current.modRevision
                    if marked == current.object || dryRun { return marked }
                    return try store.update(storeKey, object: marked, expectedRevision: current.modRevision).object
                }
            } catch let error as StoreError {
                if case .conflict = error, options.preconditions.resourceVersion == nil, attempt < Store.maxUpdateAttempts { continue }
                throw Self.apiError(for: error, type, name)
            }
        }
    }

    /// 409 Conflict when a precondition does not hold, with Kubernetes' messages.
    private static func check(_ preconditions: DeletePreconditions, _ type: ResourceType, _ name: String, _ current: StoredObject) throws {
        if let uid = preconditions.uid, uid != current.object.uid {
            throw APIError(code: 409, reason: "Conflict", message: "Operation cannot be fulfilled on \(type.storageName) \"\(name)\": Precondition failed: UID in precondition: \(uid), UID in object meta: \(current.object.uid ?? "")")
        }
        if let expected = preconditions.resourceVersion, expected != current.modRevision {
            throw APIError(code: 409, reason: "Conflict", message: "Operation cannot be fulfilled on \(type.storageName) \"\(name)\": Precondition failed: ResourceVersion in precondition: \(expected), ResourceVersion in object meta: \(current.modRevision)")
        }
    }
}
