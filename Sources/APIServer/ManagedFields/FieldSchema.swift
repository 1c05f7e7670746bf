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
        /// A list of objects identified by the values of these keys (`k:{"name":"web"}`,
        /// `k:{"containerPort":80,"protocol":"TCP"}`).
        case keyedList([String])
        /// A list of primitives identified by value (`v:"a"`).
        case setList
    }

    /// Maps Kubernetes marks `+structType=atomic` / `+mapType=atomic`: label selectors of the
    /// workloads and Services and pod node selectors.
    private static let atomicMaps: [[String]] = [
        ["spec", "selector"],
        ["nodeSelector"],
    ]

    /// Lists whose items are keyed by more than their strategic-merge key, as Kubernetes'
    /// `listMapKeys` say: ports by number and protocol, so TCP and UDP on one port stay apart.
    private static let compositeKeys: [(suffix: [String], keys: [String])] = [
        (["containers", "ports"], ["containerPort", "protocol"]),
        (["initContainers", "ports"], ["containerPort", "protocol"]),
        (["ephemeralContainers", "ports"], ["containerPort", "protocol"]),
        (["spec", "ports"], ["port", "protocol"]),
    ]

    /// The values a list key takes when an item leaves it out (Kubernetes' defaults).
    private static let keyDefaults: [String: JSONValue] = ["protocol": "TCP"]

    /// The identity of a keyed list item: each key's value, or its default; nil when a key has
    /// neither.
    static func identity(of item: JSONValue, keys: [String]) -> [String: JSONValue]? {
        var identity: [String: JSONValue] = [:]
        for key in keys {
            guard let value = item[key] ?? keyDefaults[key] else { return nil }
            identity[key] = value
        }
        return identity
    }

    /// The relationship of the map or list `value` at `path` (object field names from the root;
    /// list elements add no segment).
    static func relationship(at path: [String], of value: JSONValue) -> Relationship {
        switch value {
        case .object:
            let atomic = atomicMaps.contains { path.ends(with: $0) }
            return atomic ? .atomic : .granularMap
        case .array:
            if let composite = compositeKeys.first(where: { path.ends(with: $0.suffix) }) {
                return .keyedList(composite.keys)
            }
            switch StrategicMergeKeys.rule(for: path) {
            case .mergeKey(let key)?: return .keyedList([key])
            case .primitiveSet?: return .setList
            case nil: return .atomic
            }
        default:
            return .atomic
        }
    }
}
