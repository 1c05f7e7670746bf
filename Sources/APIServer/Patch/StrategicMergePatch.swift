import Kernel

/// Kubernetes strategic merge patch (`application/strategic-merge-patch+json`): a merge patch
/// whose lists merge by the keys in `StrategicMergeKeys`, with the directives `$patch`
/// (`replace`, `delete`, `merge`), `$retainKeys`, `$deleteFromPrimitiveList/<field>` and
/// `$setElementOrder/<field>`.
enum StrategicMergePatch {
    private static let directive = "$patch"
    private static let retainKeys = "$retainKeys"
    private static let deletePrefix = "$deleteFromPrimitiveList/"
    private static let orderPrefix = "$setElementOrder/"

    /// Applies `patch` (an object) to `original`.
    static func apply(_ patch: JSONValue, to original: JSONValue) throws(PatchFailure) -> JSONValue {
        guard let members = patch.objectValue else {
            throw .malformed("json: cannot unmarshal \(JSONPatch.typeName(patch)) into Go value of type map[string]interface {}")
        }
        return try mergeMap(original.objectValue ?? [:], members, path: []).map(JSONValue.object) ?? .object([:])
    }

    /// Merges a patch map into an original map; nil when the patch deletes the map.
    private static func mergeMap(_ original: [String: JSONValue], _ patch: [String: JSONValue],
                                 path: [String]) throws(PatchFailure) -> [String: JSONValue]? {
        switch patch[directive] {
        case nil, .string("merge"):
            break
        case .string("replace"):
            return try mergeMap([:], patch.filter { $0.key != directive }, path: path)
        case .string("delete"):
            return nil
        case let other?:
            throw .malformed("Unknown patch type: \(other.stringValue ?? other.text) in map: \(JSONValue.object(patch).text)")
        }
        var result = original
        var orders: [String: [JSONValue]] = [:]
        // Deletions from primitive lists come first so that the same patch may re-add a value.
        for (key, value) in patch where key.hasPrefix(deletePrefix) {
            let field = String(key.dropFirst(deletePrefix.count))
            guard let removals = value.arrayValue else { throw .malformed("\(key) must be a list, got \(value.text)") }
            if let list = result[field]?.arrayValue {
                result[field] = .array(list.filter { element in !removals.contains { JSONPatch.equivalent($0, element) } })
            }
        }
        for (key, value) in patch {
            if key == directive || key == retainKeys || key.hasPrefix(deletePrefix) { continue }
            if key.hasPrefix(orderPrefix) {
                guard let order = value.arrayValue else { throw .malformed("\(key) must be a list, got \(value.text)") }
                orders[String(key.dropFirst(orderPrefix.count))] = order
                continue
            }
            let fieldPath = path + [key]
            switch value {
            case .null:
                result[key] = nil
            case .object(let child):
                result[key] = try mergeMap(result[key]?.objectValue ?? [:], child, path: fieldPath).map(JSONValue.object)
            case .array(let elements):
                result[key] = .array(try mergeList(result[key]?.arrayValue ?? [], elements, path: fieldPath))
            default:
                result[key] = value
            }
        }
        for (field, order) in orders {
            if let list = result[field]?.arrayValue {
                result[field] = .array(reorder(list, by: order, rule: StrategicMergeKeys.rule(for: path + [field])))
            }
        }
        if let retained = patch[retainKeys] {
            guard let names = retained.arrayValue?.compactMap(\.stringValue) else {
                throw .malformed("\(retainKeys) must be a list of strings, got \(retained.text)")
            }
            result = result.filter { names.contains($0.key) }
        }
        return result
    }

    /// Merges a patch list into an original list by the rule for `path`.
    private static func mergeList(_ original: [JSONValue], _ patch: [JSONValue], path: [String]) throws(PatchFailure) -> [JSONValue] {
        // The list directive is an element holding only `$patch: replace`; an element with
        // more members and `$patch: replace` replaces just that element.
        let isReplace = { (element: JSONValue) in element.objectValue?.count == 1 && element[directive] == .string("replace") }
        if patch.contains(where: isReplace) {
            return try patch.filter { !isReplace($0) }.map { element throws(PatchFailure) in try clean(element, path: path) }
        }
        switch StrategicMergeKeys.rule(for: path) {
        case nil:
            return try patch.map { element throws(PatchFailure) in try clean(element, path: path) }
        case .primitiveSet:
            var result = original
            for element in patch where !result.contains(where: { JSONPatch.equivalent($0, element) }) {
                result.append(element)
            }
            return result
        case .mergeKey(let mergeKey):
            var result = original
            for element in patch {
                guard let members = element.objectValue else {
                    result.append(element)
                    continue
                }
                guard let keyValue = members[mergeKey] else {
                    throw .unprocessable("map: \(element.text) does not contain declared merge key: \(mergeKey)")
                }
                let matches = { (candidate: JSONValue) in candidate[mergeKey].map { JSONPatch.equivalent($0, keyValue) } ?? false }
                if members[directive] == .string("delete") {
                    result.removeAll(where: matches)
                    continue
                }
                if let index = result.firstIndex(where: matches) {
                    if let merged = try mergeMap(result[index].objectValue ?? [:], members, path: path) {
                        result[index] = .object(merged)
                    } else {
                        result.remove(at: index)
                    }
                } else if let created = try mergeMap([:], members, path: path) {
                    result.append(.object(created))
                }
            }
            return result
        }
    }

    /// A patch value as it is stored when nothing is merged into it: directives and nulls removed.
    private static func clean(_ value: JSONValue, path: [String]) throws(PatchFailure) -> JSONValue {
        guard let members = value.objectValue else { return value }
        return try mergeMap([:], members, path: path).map(JSONValue.object) ?? .object([:])
    }

    /// Reorders `list` by `$setElementOrder`: the elements named in `order` take, in that order,
    /// the positions such elements held; the others keep theirs.
    private static func reorder(_ list: [JSONValue], by order: [JSONValue], rule: StrategicMergeKeys.Rule?) -> [JSONValue] {
        func identity(_ element: JSONValue) -> JSONValue {
            if case .mergeKey(let key)? = rule, let value = element[key] { return value }
            return element
        }
        let rank: (JSONValue) -> Int? = { element in
            let id = identity(element)
            return order.firstIndex { JSONPatch.equivalent(identity($0), id) }
        }
        let slots = list.indices.filter { rank(list[$0]) != nil }
        let sorted = slots.map { list[$0] }.enumerated().sorted { a, b in
            let (ra, rb) = (rank(a.element) ?? 0, rank(b.element) ?? 0)
            return ra != rb ? ra < rb : a.offset < b.offset
        }.map(\.element)
        var result = list
        for (slot, element) in zip(slots, sorted) { result[slot] = element }
        return result
    }
}
