import Kernel

/// A set of field paths, the content of one managedFields entry. Each path names a member of
/// the set; its ancestors are members only when they are in the set themselves.
struct FieldSet: Equatable, Sendable {
    /// The member paths.
    var paths: Set<FieldPath>

    /// A set of `paths`.
    init(_ paths: Set<FieldPath> = []) {
        self.paths = paths
    }

    /// Whether the set has no members.
    var isEmpty: Bool { paths.isEmpty }

    /// The members of either set.
    func union(_ other: FieldSet) -> FieldSet { FieldSet(paths.union(other.paths)) }

    /// The members not in `other`.
    func subtracting(_ other: FieldSet) -> FieldSet { FieldSet(paths.subtracting(other.paths)) }

    /// The members of both sets.
    func intersection(_ other: FieldSet) -> FieldSet { FieldSet(paths.intersection(other.paths)) }

    /// The set with every ancestor of a member added as a member too.
    func withAncestors() -> FieldSet {
        var result = paths
        for path in paths where path.count > 1 {
            for length in 1..<path.count { result.insert(Array(path.prefix(length))) }
        }
        return FieldSet(result)
    }

    /// The FieldsV1 document: each element a key; a member with children carries `.`, a
    /// member without children is `{}`.
    var fieldsV1: JSONValue { Self.encode(Array(paths)) }

    private static func encode(_ paths: [FieldPath]) -> JSONValue {
        var isMember = false
        var groups: [String: [FieldPath]] = [:]
        for path in paths {
            if let first = path.first {
                groups[first, default: []].append(Array(path.dropFirst()))
            } else {
                isMember = true
            }
        }
        var members: [String: JSONValue] = [:]
        for (element, children) in groups { members[element] = encode(children) }
        if isMember && !members.isEmpty { members["."] = .object([:]) }
        return .object(members)
    }

    /// Reads a FieldsV1 document; nil when it is not one (a non-object anywhere).
    init?(fieldsV1: JSONValue) {
        var paths: Set<FieldPath> = []
        guard Self.decode(fieldsV1, prefix: [], into: &paths) else { return nil }
        self.paths = paths
    }

    private static func decode(_ value: JSONValue, prefix: FieldPath, into paths: inout Set<FieldPath>) -> Bool {
        guard let members = value.objectValue else { return false }
        if members.isEmpty {
            if !prefix.isEmpty { paths.insert(prefix) }
            return true
        }
        for (element, child) in members {
            if element == "." {
                if !prefix.isEmpty { paths.insert(prefix) }
                continue
            }
            guard decode(child, prefix: prefix + [element], into: &paths) else { return false }
        }
        return true
    }
}
