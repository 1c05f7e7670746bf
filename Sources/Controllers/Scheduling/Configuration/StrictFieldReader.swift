import Kernel

/// Reads typed fields out of a JSON document the way kube-scheduler's strict decoder does:
/// members the schema does not know and values of the wrong type are recorded as problems
/// (with their key paths) instead of being ignored, and reading goes on so every problem is found.
struct StrictFieldReader {
    /// The problems found so far.
    var problems = ConfigurationProblems()

    /// The members of the object at `path`, after reporting every member not in `known`
    /// (sorted, so messages are stable); nil (and a problem) when the value is not an object.
    /// A JSON null reads as an absent object.
    mutating func object(_ value: JSONValue?, at path: ConfigurationFieldPath, known: Set<String>) -> [String: JSONValue]? {
        guard let value, value != .null else { return nil }
        guard let members = value.objectValue else {
            problems.add(.invalid(path, value, "must be an object"))
            return nil
        }
        for key in members.keys.sorted() where !known.contains(key) {
            problems.add(.unknownField(path.child(key)))
        }
        return members
    }

    /// The elements of the list at `path`; nil when absent or null, nil and a problem when not a list.
    mutating func array(_ value: JSONValue?, at path: ConfigurationFieldPath) -> [JSONValue]? {
        guard let value, value != .null else { return nil }
        guard let elements = value.arrayValue else {
            problems.add(.invalid(path, value, "must be a list"))
            return nil
        }
        return elements
    }

    /// The 32-bit integer at `path` (kube-scheduler's fields are int32); nil when absent or null,
    /// nil and a problem when not an integer in range.
    mutating func int32(_ value: JSONValue?, at path: ConfigurationFieldPath) -> Int? {
        guard let value, value != .null else { return nil }
        guard let number = value.intValue else {
            problems.add(.invalid(path, value, "must be an integer"))
            return nil
        }
        guard number >= Int64(Int32.min), number <= Int64(Int32.max) else {
            problems.add(.invalid(path, value, "must be a 32-bit integer"))
            return nil
        }
        return Int(number)
    }

    /// The string at `path`; nil when absent or null, nil and a problem when not a string.
    mutating func string(_ value: JSONValue?, at path: ConfigurationFieldPath) -> String? {
        guard let value, value != .null else { return nil }
        guard let text = value.stringValue else {
            problems.add(.invalid(path, value, "must be a string"))
            return nil
        }
        return text
    }

    /// The boolean at `path`; nil when absent or null, nil and a problem when not a boolean.
    mutating func bool(_ value: JSONValue?, at path: ConfigurationFieldPath) -> Bool? {
        guard let value, value != .null else { return nil }
        guard let flag = value.boolValue else {
            problems.add(.invalid(path, value, "must be a boolean"))
            return nil
        }
        return flag
    }

    /// Checks `value` against `shape`, reporting unknown members and wrong types below `path`.
    mutating func check(_ value: JSONValue?, against shape: FieldShape, at path: ConfigurationFieldPath) {
        guard let value, value != .null else { return }
        switch shape {
        case .any:
            return
        case .int:
            _ = int32(value, at: path)
        case .string:
            _ = string(value, at: path)
        case .bool:
            _ = bool(value, at: path)
        case .list(let element):
            for (index, item) in (array(value, at: path) ?? []).enumerated() {
                check(item, against: element, at: path.index(index))
            }
        case .object(let members):
            guard let object = object(value, at: path, known: Set(members.keys)) else { return }
            for (key, memberShape) in members.sorted(by: { $0.key < $1.key }) {
                check(object[key], against: memberShape, at: path.child(key))
            }
        }
    }
}

/// The shape of a JSON value a strict decoder accepts: the schema of plugin args.
indirect enum FieldShape: Sendable {
    /// Anything (kept as is).
    case any
    /// A 32-bit integer.
    case int
    /// A string.
    case string
    /// A boolean.
    case bool
    /// A list of values of one shape.
    case list(FieldShape)
    /// An object with exactly these members (each optional).
    case object([String: FieldShape])
}
