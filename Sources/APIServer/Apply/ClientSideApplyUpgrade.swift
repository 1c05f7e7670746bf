import Kernel

/// The hand-over from client-side `kubectl apply` to `kubectl apply --server-side`: while the
/// live object still matches its last-applied-configuration annotation, the fields that
/// annotation holds may be taken from other managers without a conflict.
enum ClientSideApplyUpgrade {
    /// The fields of the last-applied configuration of `live` when every one of them still
    /// holds the same value in `live`; empty otherwise.
    static func allowedConflicts(_ live: JSONValue, _ type: ResourceType) -> FieldSet {
        guard let text = live[path: "metadata", "annotations", Applier.lastAppliedAnnotation]?.stringValue,
              let lastApplied = try? JSONValue(parsing: text), lastApplied.objectValue != nil else { return FieldSet() }
        let applied = ObjectFields(lastApplied)
        let current = ObjectFields(live)
        for path in applied.appliedSet.paths {
            guard let node = current.nodes[path] else { return FieldSet() }
            if case .value(let expected) = applied.nodes[path], case .value(let actual) = node,
               !JSONPatch.equivalent(expected, actual) { return FieldSet() }
        }
        return ManagedFieldsRecorder.ownable(applied.appliedSet, type, subresource: nil)
    }
}
