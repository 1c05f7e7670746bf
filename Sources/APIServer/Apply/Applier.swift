import Kernel

/// Server-side apply on objects: merges an applied configuration into the live object, removes
/// the fields the manager applied before and no longer applies (unless another manager owns
/// them), detects conflicts with other managers and records the manager's Apply entry.
enum Applier {
    /// The object to write for `manager` applying `config` over `live` (nil when the object
    /// does not exist), with its managedFields set. Throws the 409 conflict unless `force`.
    static func apply(_ config: JSONValue, to live: JSONValue?, manager: String, force: Bool,
                      type: ResourceType, subresource: String?) throws -> JSONValue {
        let liveObject = ManagedFieldsList.stripped(live ?? .object([:]))
        var entries = ManagedFieldsList.read(live) ?? []
        let applier = ManagedFieldsEntry(manager: manager, operation: .apply, apiVersion: type.apiVersion,
                                         time: nil, subresource: subresource, fields: FieldSet())
        let applied = ManagedFieldsRecorder.ownable(ObjectFields(config).appliedSet, type, subresource: subresource)
        let previous = entries.firstIndex { $0.sameManager(applier) }
        let lastApplied = previous.map { entries[$0].fields } ?? FieldSet()

        var merged = ApplyMerge.merge(liveObject, config)
        // Fields applied last time and not now leave the object unless someone else owns them.
        let stillOwned = entries.indices.filter { $0 != previous }.reduce(applied) { $0.union(entries[$1].fields) }
        let dropped = lastApplied.subtracting(stillOwned.withAncestors())
        if !dropped.isEmpty { merged = FieldRemoval.remove(dropped, from: merged) }

        let comparison = ObjectFields.compare(ObjectFields(liveObject), ObjectFields(merged))
        let changed = comparison.changed
        var conflicts: [ApplyConflict.Conflict] = []
        for index in entries.indices where index != previous {
            for path in entries[index].fields.intersection(changed).paths {
                conflicts.append(.init(owner: entries[index], path: path))
            }
        }
        if !force && !conflicts.isEmpty {
            // kubectl taking over from client-side apply: fields its last-applied annotation
            // holds (and the live object still matches) are forced, as Kubernetes does.
            let allowed = manager == "kubectl" ? ClientSideApplyUpgrade.allowedConflicts(liveObject, type) : FieldSet()
            let remaining = conflicts.filter { !allowed.paths.contains($0.path) }
            if !remaining.isEmpty { throw ApplyConflict.error(remaining) }
        }
        for index in entries.indices where index != previous {
            entries[index].fields = entries[index].fields.subtracting(changed).subtracting(comparison.removed)
        }
        let objectChanged = !JSONPatch.equivalent(liveObject, merged) || live == nil
        var entry = previous.map { entries[$0] } ?? applier
        let unchangedEntry = previous != nil && entry.fields == applied && !objectChanged
        entry.fields = applied
        if !unchangedEntry { entry.time = KubeTime.now() }
        if let previous { entries[previous] = entry } else { entries.append(entry) }

        if manager == "kubectl", merged[path: "metadata", "annotations", lastAppliedAnnotation] != nil {
            merged[path: "metadata", "annotations", lastAppliedAnnotation] = .string(lastAppliedText(config))
        }
        ManagedFieldsList.write(entries, into: &merged)
        return merged
    }

    /// kubectl's client-side apply annotation, kept in step by `kubectl apply --server-side`.
    static let lastAppliedAnnotation = "kubectl.kubernetes.io/last-applied-configuration"

    /// The annotation's value for an applied configuration: the configuration without the
    /// annotation itself.
    private static func lastAppliedText(_ config: JSONValue) -> String {
        var copy = config
        if copy[path: "metadata", "annotations", lastAppliedAnnotation] != nil {
            copy[path: "metadata", "annotations", lastAppliedAnnotation] = nil
            if copy[path: "metadata", "annotations"]?.objectValue?.isEmpty == true { copy[path: "metadata", "annotations"] = nil }
        }
        return copy.text + "\n"
    }
}
