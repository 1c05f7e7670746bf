import Kernel

/// An object seen as the field paths it holds: every leaf value, atomic map or list, keyed
/// list item and set item, and (for comparisons) every granular map and list, each with what
/// decides whether it changed.
struct ObjectFields: Equatable {
    /// What sits at a path.
    enum Node: Equatable {
        /// A granular map (its members are paths of their own).
        case map
        /// A keyed list or set (its items are paths of their own).
        case list
        /// A keyed list item (its fields are paths of their own).
        case item
        /// A leaf, atomic map or list, or set item, compared by value.
        case value(JSONValue)
    }

    /// The nodes by path.
    var nodes: [FieldPath: Node] = [:]

    /// The fields of `object` (JSON `null` members count as absent).
    init(_ object: JSONValue) {
        if let members = object.objectValue { walk(members, path: [], schemaPath: []) }
    }

    /// The field set an applied configuration claims: its leaves, items and empty maps, not
    /// the maps and lists that merely hold them.
    var appliedSet: FieldSet {
        let parents = Set(nodes.keys.compactMap { $0.isEmpty ? nil : Array($0.dropLast()) })
        return FieldSet(Set(nodes.compactMap { path, node in
            switch node {
            case .value, .item: return path
            case .map: return parents.contains(path) ? nil : path
            case .list: return nil
            }
        }))
    }

    private mutating func walk(_ members: [String: JSONValue], path: FieldPath, schemaPath: [String]) {
        for (name, value) in members where value != .null {
            add(value, path: path + [FieldPathElement.field(name)], schemaPath: schemaPath + [name])
        }
    }

    private mutating func add(_ value: JSONValue, path: FieldPath, schemaPath: [String]) {
        switch (value, FieldSchema.relationship(at: schemaPath, of: value)) {
        case (.object(let members), .granularMap):
            nodes[path] = .map
            walk(members, path: path, schemaPath: schemaPath)
        case (.array(let elements), .keyedList(let keys)):
            let items = elements.map { element in FieldSchema.identity(of: element, keys: keys).map { (element, FieldPathElement.key($0)) } }
            let elements = items.compactMap { $0 }
            guard elements.count == items.count, Set(elements.map(\.1)).count == elements.count else {
                nodes[path] = .value(value)
                return
            }
            nodes[path] = .list
            for (element, item) in elements {
                nodes[path + [item]] = .item
                walk(element.objectValue ?? [:], path: path + [item], schemaPath: schemaPath)
            }
        case (.array(let elements), .setList):
            nodes[path] = .list
            for element in elements { nodes[path + [FieldPathElement.value(element)]] = .value(element) }
        default:
            nodes[path] = .value(value)
        }
    }

    /// How `new` differs from `old`: the paths added, removed and changed in value.
    struct Comparison {
        /// Paths in `new` only.
        var added = FieldSet()
        /// Paths in `old` only.
        var removed = FieldSet()
        /// Paths in both whose value changed.
        var modified = FieldSet()

        /// Added or modified: what a writer takes ownership of.
        var changed: FieldSet { added.union(modified) }
    }

    /// Compares `old` to `new`.
    static func compare(_ old: ObjectFields, _ new: ObjectFields) -> Comparison {
        var result = Comparison()
        for (path, node) in new.nodes {
            guard let before = old.nodes[path] else {
                result.added.paths.insert(path)
                continue
            }
            if before != node, !(Self.equivalent(before, node)) { result.modified.paths.insert(path) }
        }
        for path in old.nodes.keys where new.nodes[path] == nil { result.removed.paths.insert(path) }
        return result
    }

    private static func equivalent(_ a: Node, _ b: Node) -> Bool {
        if case .value(let x) = a, case .value(let y) = b { return JSONPatch.equivalent(x, y) }
        return a == b
    }
}
