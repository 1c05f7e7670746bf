import Kernel

/// Removes the fields a set names from an object: object members, keyed list items and set
/// items (the pruning step of apply).
enum FieldRemoval {
    /// `object` without the members of `set`.
    static func remove(_ set: FieldSet, from object: JSONValue) -> JSONValue {
        remove(Array(set.paths), from: object) ?? .object([:])
    }

    private static func remove(_ paths: [FieldPath], from value: JSONValue) -> JSONValue? {
        if paths.contains(where: \.isEmpty) { return nil }
        var groups: [String: [FieldPath]] = [:]
        for path in paths { groups[path[0], default: []].append(Array(path.dropFirst())) }
        switch value {
        case .object(var members):
            for (element, rest) in groups where element.hasPrefix("f:") {
                let name = String(element.dropFirst(2))
                guard let child = members[name] else { continue }
                members[name] = remove(rest, from: child)
            }
            return .object(members)
        case .array(let elements):
            var result: [JSONValue] = []
            for element in elements {
                guard let rest = groups.first(where: { matches($0.key, element) })?.value else {
                    result.append(element)
                    continue
                }
                if let kept = remove(rest, from: element) { result.append(kept) }
            }
            return .array(result)
        default:
            return value
        }
    }

    /// Whether a `k:` or `v:` path element names `element`.
    private static func matches(_ pathElement: String, _ element: JSONValue) -> Bool {
        let body = String(pathElement.dropFirst(2))
        guard let parsed = try? JSONValue(parsing: body) else { return false }
        switch pathElement.prefix(2) {
        case "k:":
            guard let keys = parsed.objectValue else { return false }
            return keys.allSatisfy { key, value in element[key].map { JSONPatch.equivalent($0, value) } ?? false }
        case "v:":
            return JSONPatch.equivalent(parsed, element)
        default:
            return false
        }
    }
}
