import Kernel

extension GarbageCollector {
    /// How long a foreground deletion waits before it looks at its dependents again, besides
    /// the events that wake it.
    static let foregroundRecheck: Duration = .seconds(1)

    /// One look at an object: finish an owner's orphan or foreground deletion, or collect a
    /// dependent whose owners are gone. Returns a delay when it should be looked at again.
    func attempt(_ key: GCKey) async throws -> Duration? {
        guard let object = try await live(key) else { return nil }
        if object.isBeingDeleted && object.finalizerNames.contains(GCFinalizers.orphan) {
            try await orphanDependents(of: key, object)
            return nil
        }
        if object.isDeletingInForeground {
            return try await deleteDependentsInForeground(of: key, object)
        }
        if !object.ownerReferences.isEmpty && !object.isBeingDeleted {
            try await collectIfOwnerless(key, object)
        }
        return nil
    }

    /// The object as stored now; nil when it is gone.
    func live(_ key: GCKey) async throws -> JSONValue? {
        do {
            return try await client.get(key.type, namespace: key.namespace, name: key.name)
        } catch where isNotFound(error) {
            return nil
        }
    }

    /// Orphan: every dependent loses its references to this owner, then the `orphan`
    /// finalizer is removed (the API then removes the owner when no finalizer is left).
    private func orphanDependents(of key: GCKey, _ owner: JSONValue) async throws {
        guard let uid = owner.uid else { return }
        for dependentKey in graph.dependents(of: uid) {
            guard let dependent = try await live(dependentKey) else { continue }
            _ = try await ConflictRetry.update(client, dependentKey.type, dependent) { object in
                let references = object[path: "metadata", "ownerReferences"]?.arrayValue ?? []
                let kept = references.filter { $0["uid"]?.stringValue != uid }
                guard kept.count != references.count else { return false }
                object[path: "metadata", "ownerReferences"] = kept.isEmpty ? nil : .array(kept)
                return true
            }
            logger.debug("orphaned dependent", metadata: ["owner": "\(key)", "dependent": "\(dependentKey)"])
        }
        try await removeFinalizer(GCFinalizers.orphan, from: key, owner)
    }

    /// Foreground: deletes every dependent not yet being deleted (in the foreground too), and
    /// removes the `foregroundDeletion` finalizer once no dependent that blocks remains.
    private func deleteDependentsInForeground(of key: GCKey, _ owner: JSONValue) async throws -> Duration? {
        guard let uid = owner.uid else { return nil }
        var blocking = 0
        for dependentKey in graph.dependents(of: uid) {
            guard let dependent = try await live(dependentKey),
                  let reference = dependent.ownerReferences.first(where: { $0.uid == uid }) else { continue }
            if !dependent.isBeingDeleted {
                do {
                    _ = try await client.delete(dependentKey.type, namespace: dependentKey.namespace, name: dependentKey.name,
                                                options: DeleteOptions(propagationPolicy: .foreground, preconditions: DeletePreconditions(uid: dependent.uid)))
                } catch where isNotFound(error) {
                    continue
                }
            }
            if reference.blockOwnerDeletion {
                let after = try await live(dependentKey)
                if after?.uid == dependent.uid { blocking += 1 }
            }
        }
        guard blocking == 0 else { return Self.foregroundRecheck }
        try await removeFinalizer(GCFinalizers.foreground, from: key, owner)
        return nil
    }

    /// Background collection: a dependent whose owners are all gone (absent, or another object
    /// under the name) is deleted; one whose remaining owners are all deleting in the foreground
    /// is deleted in the foreground; one with some live owners only loses the dangling references.
    private func collectIfOwnerless(_ key: GCKey, _ dependent: JSONValue) async throws {
        var solid = 0
        var waiting = 0
        var dangling: Set<String> = []
        for reference in dependent.ownerReferences {
            guard let ownerKey = GCKey.owner(reference, of: key) else {
                solid += 1  // a kind this server does not serve: never collect on its account
                continue
            }
            if let cachedUID = graph.key(of: reference.uid), cachedUID == ownerKey,
               let cached = informers[ownerKey.type]?.get(namespace: ownerKey.namespace, name: ownerKey.name),
               cached.uid == reference.uid, !cached.isBeingDeleted {
                solid += 1
                continue
            }
            let owner = try await live(ownerKey)
            if let owner, owner.uid == reference.uid {
                if owner.isDeletingInForeground { waiting += 1 } else { solid += 1 }
            } else {
                dangling.insert(reference.uid)
            }
        }
        if solid > 0 {
            guard !dangling.isEmpty else { return }
            _ = try await ConflictRetry.update(client, key.type, dependent) { object in
                let references = object[path: "metadata", "ownerReferences"]?.arrayValue ?? []
                let kept = references.filter { !dangling.contains($0["uid"]?.stringValue ?? "") }
                guard kept.count != references.count else { return false }
                object[path: "metadata", "ownerReferences"] = .array(kept)
                return true
            }
            return
        }
        let policy: PropagationPolicy
        if dependent.finalizerNames.contains(GCFinalizers.orphan) {
            policy = .orphan
        } else if waiting > 0 || dependent.finalizerNames.contains(GCFinalizers.foreground) {
            policy = .foreground
        } else {
            policy = .background
        }
        do {
            // The resourceVersion precondition makes sure the owner references judged above are
            // still the dependent's: an owner orphaning it meanwhile (removing the references,
            // then going away) turns the delete into a conflict, and the next look sees it free.
            _ = try await client.delete(key.type, namespace: key.namespace, name: key.name,
                                        options: DeleteOptions(propagationPolicy: policy,
                                                               preconditions: DeletePreconditions(uid: dependent.uid, resourceVersion: dependent.resourceVersion)))
            logger.info("deleted dependent of a deleted owner", metadata: ["object": "\(key)", "propagation": "\(policy.rawValue)"])
        } catch where isNotFound(error) {
            return
        }
    }

    /// Removes one of the collector's finalizers from an owner (re-reading on conflict).
    private func removeFinalizer(_ finalizer: String, from key: GCKey, _ owner: JSONValue) async throws {
        do {
            _ = try await ConflictRetry.update(client, key.type, owner) { object in object.removeFinalizer(finalizer) }
        } catch where isNotFound(error) {
            return
        }
    }
}
