import Kernel

/// What updates may do to an object being deleted, and when an update completes a deletion.
enum FinalizerRules {
    /// Field errors for an update of `old` into `new`: no finalizer may be added once the object
    /// has a deletionTimestamp (Kubernetes' message and `[]string{...}` rendering).
    static func causes(old: JSONValue, new: JSONValue) -> [APIError.Cause] {
        guard old.hasDeletionTimestamp else { return [] }
        let existing = Set(old.finalizerList)
        let added = Set(new.finalizerList).subtracting(existing).sorted()
        guard !added.isEmpty else { return [] }
        let rendered = "[]string{" + added.map { "\"\($0)\"" }.joined(separator: ", ") + "}"
        return [APIError.Cause(type: "FieldValueForbidden", field: "metadata.finalizers",
                               message: "Forbidden: no new finalizers can be added if the object is being deleted, found new finalizers \(rendered)")]
    }

    /// Whether a stored update leaves nothing to wait for: deletionTimestamp set, no finalizers
    /// left (for a Namespace, no `spec.finalizers` either), no grace period pending, while the
    /// previous state still had finalizers.
    static func completesDeletion(_ type: ResourceType, old: JSONValue, new: JSONValue) -> Bool {
        guard new.hasDeletionTimestamp, new.finalizerList.isEmpty else { return false }
        if type == .namespaces {
            guard new.namespaceFinalizers.isEmpty else { return false }
            return !old.finalizerList.isEmpty || !old.namespaceFinalizers.isEmpty
        }
        return !old.finalizerList.isEmpty && (new.deletionGracePeriod ?? 0) == 0
    }

    /// Whether an object marked for deletion has nothing left to wait for.
    static func nothingLeft(_ type: ResourceType, _ object: JSONValue) -> Bool {
        guard object.hasDeletionTimestamp, object.finalizerList.isEmpty else { return false }
        if type == .namespaces { return object.namespaceFinalizers.isEmpty }
        return (object.deletionGracePeriod ?? 0) == 0
    }
}

extension ClusterAPI {
    /// Removes an object whose update emptied its last finalizer (through the store, so
    /// watchers see DELETED); returns its last state. A write that got in between is read again
    /// and, as long as nothing is left to wait for, the removal retried. Releases a Service's
    /// cluster IPs.
    func completeDeletion(_ type: ResourceType, _ stored: StoredObject) throws -> JSONValue {
        var target = stored
        for _ in 0..<Store.maxUpdateAttempts {
            do {
                let removed = try store.delete(target.key, expectedRevision: target.modRevision)
                if type == .services { release(Self.allocations(of: removed.object)) }
                return removed.object
            } catch StoreError.notFound {
                return target.object
            } catch StoreError.conflict {
                guard let fresh = try Self.mapStoreErrors(type, target.object.name ?? "", { try store.get(target.key) }) else { return target.object }
                guard FinalizerRules.nothingLeft(type, fresh.object) else { return fresh.object }
                target = fresh
            } catch let error as StoreError {
                throw Self.apiError(for: error, type, target.object.name ?? "")
            }
        }
        return target.object
    }
}
