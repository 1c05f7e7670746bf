import Kernel

/// Finds the fields of a JSON document that its type's definitions do not declare, reporting
/// each by its path as Kubernetes' strict decoding does: `spec.containers[0].foo`.
enum UnknownFields {
    /// The undeclared fields of `value`, read as a `definition`. With `patch` set, keys starting
    /// with `$` (strategic-merge directives such as `$patch` and `$setElementOrder/containers`)
    /// are not fields and are skipped.
    static func find(in value: JSONValue, definition: TypeDefinition, patch: Bool = false) -> [String] {
        var found: [String] = []
        walk(value, .ref(definition.name), path: "", patch: patch, into: &found)
        return found
    }

    private static func walk(_ value: JSONValue, _ type: FieldType, path: String, patch: Bool, into found: inout [String]) {
        switch type {
        case .ref(let name):
            guard let definition = APITypes.byName[name], case .object(let members) = value else { return }
            for key in members.keys.sorted() {
                guard let member = members[key] else { continue }
                if patch && key.hasPrefix("$") { continue }
                let childPath = path.isEmpty ? key : "\(path).\(key)"
                guard let field = definition.field(key) else {
                    found.append(childPath)
                    continue
                }
                walk(member, field.type, path: childPath, patch: patch, into: &found)
            }
        case .array(let element):
            guard case .array(let items) = value else { return }
            for (index, item) in items.enumerated() {
                walk(item, element, path: "\(path)[\(index)]", patch: patch, into: &found)
            }
        case .map(let element):
            guard case .object(let members) = value else { return }
            for key in members.keys.sorted() {
                guard let member = members[key] else { continue }
                if patch && key.hasPrefix("$") { continue }
                walk(member, element, path: "\(path).\(key)", patch: patch, into: &found)
            }
        default:
            return
        }
    }
}
