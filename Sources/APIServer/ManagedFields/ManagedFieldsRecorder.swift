import Kernel

/// Records field ownership on every create and update, as Kubernetes' field manager does:
/// the writer takes the fields it added or changed (from every other manager), removed fields
/// leave every manager, managers left owning nothing are dropped. Server-side apply computes
/// its entries itself (`Applier`) and they are kept as given.
enum ManagedFieldsRecorder {
    /// Paths no manager owns: identity and bookkeeping fields every write touches.
    static let unowned: Set<FieldPath> = [
        ["f:apiVersion"], ["f:kind"], ["f:metadata"], ["f:status"],
        ["f:metadata", "f:name"], ["f:metadata", "f:namespace"], ["f:metadata", "f:uid"],
        ["f:metadata", "f:resourceVersion"], ["f:metadata", "f:generation"],
        ["f:metadata", "f:creationTimestamp"], ["f:metadata", "f:selfLink"],
        ["f:metadata", "f:managedFields"], ["f:metadata", "f:deletionTimestamp"],
        ["f:metadata", "f:deletionGracePeriodSeconds"],
    ]

    /// Keeps from `set` the fields a write through `subresource` may own: status writes own
    /// only status fields; writes to the object itself own no status fields of kinds with a
    /// status subresource; nobody owns the `unowned` paths.
    static func ownable(_ set: FieldSet, _ type: ResourceType, subresource: String?) -> FieldSet {
        let hasStatus = Admissions.of(type).hasStatusSubresource
        return FieldSet(set.paths.filter { path in
            if unowned.contains(path) { return false }
            let underStatus = path.first == "f:status"
            if subresource == "status" { return underStatus }
            return !(hasStatus && underStatus)
        })
    }

    /// Sets the managedFields of `object`, written over `old` (nil on create). `incoming` is
    /// the object the writer sent: its managedFields, when non-empty and valid, replace the
    /// stored ones first (a writer may edit them; `[{}]` clears them), except on subresources.
    static func record(_ object: inout JSONValue, incoming: JSONValue, old: JSONValue?, type: ResourceType, statusOnly: Bool) {
        let context = FieldManagerContext.current
        let subresource = statusOnly ? "status" : context?.subresource
        if context?.applied == true {
            if let entries = ManagedFieldsList.read(incoming) { ManagedFieldsList.write(entries, into: &object) }
            return
        }
        let given = subresource == nil ? ManagedFieldsList.read(incoming) : nil
        if old == nil && given == nil {
            // A create: the writer owns every ownable field; one walk builds its entry.
            let fields = CreatedFields.fieldsV1(ManagedFieldsList.stripped(object), type)
            let writer = ManagedFieldsEntry(manager: context?.manager ?? FieldManagerContext.inProcessManager,
                                            operation: .update, apiVersion: type.apiVersion, time: KubeTime.now(),
                                            subresource: subresource, fields: FieldSet())
            ManagedFieldsList.write(createdEntry: writer, fieldsV1: fields, into: &object)
            return
        }
        var entries = given ?? ManagedFieldsList.read(old) ?? []
        let before = ObjectFields(ManagedFieldsList.stripped(old ?? .object([:])))
        let after = ObjectFields(ManagedFieldsList.stripped(object))
        let comparison = ObjectFields.compare(before, after)
        let changed = ownable(comparison.changed, type, subresource: subresource)
        let removed = comparison.removed
        let writer = ManagedFieldsEntry(manager: context?.manager ?? FieldManagerContext.inProcessManager,
                                        operation: .update, apiVersion: type.apiVersion, time: nil,
                                        subresource: subresource, fields: FieldSet())
        var found = false
        for index in entries.indices {
            let isWriter = entries[index].sameManager(writer)
            entries[index].fields = entries[index].fields.subtracting(changed).subtracting(removed)
            if isWriter && !changed.isEmpty {
                found = true
                entries[index].fields = entries[index].fields.union(changed)
                entries[index].time = KubeTime.now()
            }
        }
        if !found && !changed.isEmpty {
            var entry = writer
            entry.fields = changed
            entry.time = KubeTime.now()
            entries.append(entry)
        }
        ManagedFieldsList.write(entries, into: &object)
    }
}
