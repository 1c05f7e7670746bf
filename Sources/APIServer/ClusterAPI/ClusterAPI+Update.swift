import Kernel

extension ClusterAPI {
    /// Replaces an object's spec and metadata (its status is kept); 409 on a stale resourceVersion,
    /// 422 when validation fails, 404 when absent (Endpoints and Events are created instead).
    public func update(_ type: ResourceType, namespace: String, object: JSONValue) async throws -> JSONValue {
        try await durably { try updateObject(type, namespace: namespace, object: object, statusOnly: false) }
    }

    /// Replaces an object's status only (the status subresource); 409 on a stale resourceVersion,
    /// 404 for kinds without a status subresource.
    public func updateStatus(_ type: ResourceType, namespace: String, object: JSONValue) async throws -> JSONValue {
        try await durably { try updateObject(type, namespace: namespace, object: object, statusOnly: true) }
    }

    /// Replaces an object (or only its status). A given `metadata.resourceVersion` must be the
    /// stored one (409 otherwise); without one the update is unconditional and retried over
    /// concurrent writes. An update that changes nothing writes nothing.
    func updateObject(_ type: ResourceType, namespace: String, object: JSONValue, statusOnly: Bool) throws -> JSONValue {
        try ObjectMetaAdmission.checkShape(object, type)
        try ObjectMetaAdmission.checkKind(object, type)
        let admission = Admissions.of(type)
        if statusOnly && !admission.hasStatusSubresource {
            throw APIError(code: 404, reason: "NotFound", message: "the server could not find the requested resource")
        }
        guard let name = object.name, !name.isEmpty else {
            throw APIError.invalid(type, "", [.required("metadata.name", "name is required")])
        }
        let namespace = try resolveNamespace(type, requested: namespace, in: object)
        let precondition = try Self.requestedRevision(object)
        let storeKey = key(type, namespace, name)
        var attempt = 0
        while true {
            attempt += 1
            let current = try Self.mapStoreErrors(type, name) { try store.get(storeKey) }
            guard let current else {
                if admission.allowsCreateOnUpdate && !statusOnly && precondition == nil {
                    return try createObject(type, namespace: namespace, object: object)
                }
                throw APIError.notFound(type, name)
            }
            if let precondition, precondition != current.modRevision { throw APIError.conflict(type, name) }
            var admitted: AdmittedUpdate
            if statusOnly {
                admitted = Self.admitStatus(object, onto: current.object)
            } else {
                admitted = try admitUpdate(type, admission, object, over: current.object)
            }
            ManagedFieldsRecorder.record(&admitted.object, incoming: object, old: current.object, type: type, statusOnly: statusOnly)
            admitted.object.resourceVersion = current.modRevision
            if admitted.object == current.object {
                release(admitted.claimed)
                return current.object
            }
            if DryRun.active {
                release(admitted.claimed)
                return admitted.object
            }
            do {
                let stored = try store.update(storeKey, object: admitted.object, expectedRevision: current.modRevision)
                release(admitted.released)
                if FinalizerRules.completesDeletion(type, old: current.object, new: stored.object) { return try completeDeletion(type, stored) }
                return stored.object
            } catch let error as StoreError {
                release(admitted.claimed)
                if case .conflict = error, precondition == nil, attempt < Store.maxUpdateAttempts { continue }
                throw Self.apiError(for: error, type, name)
            }
        }
    }

    /// An admitted update: the object to write, cluster IPs claimed for it (released if the
    /// write fails) and cluster IPs to release once it succeeds.
    struct AdmittedUpdate {
        var object: JSONValue
        var claimed = ServiceClaims.none
        var released = ServiceClaims.none
    }

    /// The stored object with the new status; everything else stays.
    static func admitStatus(_ object: JSONValue, onto current: JSONValue) -> AdmittedUpdate {
        var updated = current
        updated["status"] = object["status"]
        return AdmittedUpdate(object: updated)
    }

    /// Runs update admission: carries over identity, applies defaults, keeps the stored status,
    /// validates, bumps the generation on a spec change and keeps Service IPs consistent.
    func admitUpdate(_ type: ResourceType, _ admission: any KindAdmission, _ object: JSONValue, over old: JSONValue) throws -> AdmittedUpdate {
        var new = object
        ObjectMetaAdmission.carryOver(from: old, into: &new, type)
        admission.applyDefaults(&new)
        if admission.hasStatusSubresource { new["status"] = old["status"] }
        var result = AdmittedUpdate(object: new)
        if type == .services {
            try reconcileClusterIP(&result, old: old)
            do {
                let ports = try assignNodePorts(&result.object, old: old)
                result.claimed.nodePorts = ports.claimed
                result.released.nodePorts = ports.released
            } catch {
                release(result.claimed)
                throw error
            }
        }
        let name = new.name ?? ""
        var causes = ObjectMetaAdmission.validate(result.object, rule: admission.nameRule)
        causes += admission.validate(result.object)
        causes += admission.validateUpdate(old: old, new: result.object)
        causes += FinalizerRules.causes(old: old, new: result.object)
        guard causes.isEmpty else {
            release(result.claimed)
            throw APIError.invalid(type, name, causes)
        }
        if type == .priorityClasses { try admitPriorityClass(result.object) }
        if admission.tracksGeneration && old["spec"] != result.object["spec"] {
            result.object[path: "metadata", "generation"] = .int((old[path: "metadata", "generation"]?.intValue ?? 0) + 1)
        }
        return result
    }

    /// A Service update keeps its cluster IP when the client leaves it out; switching to or
    /// from ExternalName releases or allocates one.
    private func reconcileClusterIP(_ update: inout AdmittedUpdate, old: JSONValue) throws {
        let oldType = old[path: "spec", "type"]?.stringValue ?? "ClusterIP"
        let newType = update.object[path: "spec", "type"]?.stringValue ?? "ClusterIP"
        let oldIPs = Self.clusterIPs(of: old)
        if newType == "ExternalName" {
            update.object[path: "spec", "clusterIP"] = nil
            update.object[path: "spec", "clusterIPs"] = nil
            update.released.addresses = oldIPs
            return
        }
        if oldType == "ExternalName" {
            update.claimed.addresses = try assignClusterIP(&update.object)
            return
        }
        if (update.object[path: "spec", "clusterIP"]?.stringValue ?? "").isEmpty {
            for field in ["clusterIP", "clusterIPs", "ipFamilies", "ipFamilyPolicy"] {
                update.object[path: "spec", field] = old[path: "spec", field]
            }
        } else if update.object[path: "spec", "clusterIPs"] == nil {
            update.object[path: "spec", "clusterIPs"] = old[path: "spec", "clusterIPs"]
        }
    }

    /// The resourceVersion a write was based on; nil when the client sent none.
    static func requestedRevision(_ object: JSONValue) throws -> Int64? {
        guard let raw = object[path: "metadata", "resourceVersion"]?.stringValue, !raw.isEmpty else { return nil }
        guard let revision = Int64(raw), revision > 0 else {
            throw APIError.badRequest("invalid resourceVersion \"\(raw)\": must be a positive integer")
        }
        return revision
    }
}
