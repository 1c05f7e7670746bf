import Kernel

/// How the fields of the served kinds relate to their contents for field ownership and apply:
/// which lists are keyed (and by what), which are sets, and which maps and lists are atomic.
/// Everything answers through `relationship(at:)`, so another source of truth (the API schema
/// definitions) can replace the table behind it in one place.
enum FieldSchema {
    /// How a map or list at a path is tracked and merged.
    enum Relationship: Equatable {
        /// Owned and replaced as one value (atomic lists, atomic maps).
        case atomic
        /// A map whose members are tracked one by one.
        case granularMap
        /// A list of objects identified by the value of this key (`k:{"name":"web"}`).
        case keyedList(String)
        /// A list of primitives identified by value (`v:"a"`).
        case setList
    }

    /// Maps Kubernetes marks `+structType=atomic` / `+mapType=atomic`: label selectors of the
    /// workloads and Services and pod node selectors.
    private static let atomicMaps: [[String]] = [
        ["spec", "selector"],
        ["nodeSelector"],
    ]

    /// The relationship of the map or list `value` at `path` (object field names from the root;
    /// list elements add no segment).
    static func relationship(at path: [String], of value: JSONValue) -> Relationship {
        switch value {
        case .object:
            let atomic = atomicMaps.contains { path.count >= $0.count && Array(path.suffix($0.count)) == $0 }
            return atomic ? .atomic : .granularMap
        case .array:
            switch StrategicMergeKeys.rule(for: path) {
            case .mergeKey(let key)?: return .keyedList(key)
            case .primitiveSet?: return .setList
            case nil: return .atomic
            }
        default:
            return .atomic
        }
    }
}
