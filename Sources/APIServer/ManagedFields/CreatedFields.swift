import Kernel

/// The FieldsV1 a create gives its writer, built in one walk of the new object: the same
/// document as `FieldSet(ownable(every path of ObjectFields(object))).fieldsV1` (on a create
/// every field is added, so no comparison is needed), without building each path as an array,
/// hashing it into sets and grouping the sets back into a tree. This is most of what a create
/// costs the API server.
enum CreatedFields {
    /// The writer's FieldsV1 for `object` (managedFields stripped), leaving out the unowned
    /// identity paths and, for kinds with a status subresource, the status.
    static func fieldsV1(_ object: JSONValue, _ type: ResourceType) -> JSONValue {
        guard let members = object.objectValue else { return .object([:]) }
        let dropStatus = Admissions.of(type).hasStatusSubresource
        var schemaPath: [String] = []
        return .object(fields(members, path: [], schemaPath: &schemaPath, dropStatus: dropStatus))
    }

    /// The FieldsV1 members of an object's fields. `path` is the object's own path while it is
    /// shallow enough to hold an unowned path (the first two levels), nil below. `schemaPath`
    /// (the object's field names from the root) grows and shrinks in place as the walk goes.
    private static func fields(
        _ members: [String: JSONValue], path: FieldPath?, schemaPath: inout [String], dropStatus: Bool
    ) -> [String: JSONValue] {
        var result: [String: JSONValue] = [:]
        result.reserveCapacity(members.count)
        for (name, value) in members where value != .null {
            if dropStatus && path?.isEmpty == true && name == "status" { continue }
            let element = FieldPathElement.field(name)
            var isMember = true
            var childPath: FieldPath?
            if let path {
                let full = path + [element]
                isMember = !ManagedFieldsRecorder.unowned.contains(full)
                childPath = full.count < 2 ? full : nil
            }
            schemaPath.append(name)
            let children = self.children(of: value, path: childPath, schemaPath: &schemaPath, dropStatus: dropStatus)
            schemaPath.removeLast()
            if let node = node(isMember: isMember, children: children) { result[element] = node }
        }
        return result
    }

    /// The members under a field's node: a granular map's fields, a keyed list's items, a set's
    /// values; none for a leaf, atomic map or list (or a keyed list whose items are not all
    /// identified and distinct, which counts as one value).
    private static func children(of value: JSONValue, path: FieldPath?, schemaPath: inout [String], dropStatus: Bool) -> [String: JSONValue] {
        switch (value, FieldSchema.relationship(at: schemaPath, of: value)) {
        case (.object(let members), .granularMap):
            return fields(members, path: path, schemaPath: &schemaPath, dropStatus: dropStatus)
        case (.array(let elements), .keyedList(let keys)):
            var items: [String: JSONValue] = [:]
            for element in elements {
                guard let identity = FieldSchema.identity(of: element, keys: keys) else { return [:] }
                let item = FieldPathElement.key(identity)
                guard items[item] == nil else { return [:] }
                let fields = self.fields(element.objectValue ?? [:], path: nil, schemaPath: &schemaPath, dropStatus: dropStatus)
                items[item] = node(isMember: true, children: fields)
            }
            return items
        case (.array(let elements), .setList):
            var values: [String: JSONValue] = [:]
            for element in elements { values[FieldPathElement.value(element)] = .object([:]) }
            return values
        default:
            return [:]
        }
    }

    /// A node: a member without children is `{}`, a member with children carries `.`, a
    /// non-member is its children alone (nothing when it has none).
    private static func node(isMember: Bool, children: consuming [String: JSONValue]) -> JSONValue? {
        if isMember {
            guard !children.isEmpty else { return .object([:]) }
            var members = children
            members["."] = .object([:])
            return .object(members)
        }
        return children.isEmpty ? nil : .object(children)
    }
}
