import Kernel

/// RFC 6902 JSON Patch (`application/json-patch+json`): an array of `add`, `remove`,
/// `replace`, `move`, `copy` and `test` operations applied in order; all or nothing.
enum JSONPatch {
    /// The most operations one patch may hold, as Kubernetes.
    static let maxOperations = 10_000

    /// Applies `patch` to `document`. A patch that is not an array of operations is malformed
    /// (400); an operation that does not apply (missing path, failed test) is 422.
    static func apply(_ patch: JSONValue, to document: JSONValue) throws(PatchFailure) -> JSONValue {
        guard let operations = patch.arrayValue else {
            throw .malformed("json: cannot unmarshal \(typeName(patch)) into Go value of type jsonpatch.Patch")
        }
        guard operations.count <= maxOperations else {
            throw .malformed("The allowed maximum operations in a JSON patch is \(maxOperations), got \(operations.count)")
        }
        var result = document
        for operation in operations {
            try applyOperation(operation, to: &result)
        }
        return result
    }

    private static func applyOperation(_ operation: JSONValue, to document: inout JSONValue) throws(PatchFailure) {
        guard operation.objectValue != nil else {
            throw .malformed("json: cannot unmarshal \(typeName(operation)) into Go value of type jsonpatch.Operation")
        }
        guard let op = operation["op"]?.stringValue else { throw .unprocessable("Unexpected kind: unknown") }
        guard let pathText = operation["path"]?.stringValue else {
            throw .unprocessable("\(op) operation is missing a path")
        }
        let path = try JSONPointer(pathText)
        func value() throws(PatchFailure) -> JSONValue {
            guard let value = operation["value"] else { throw .unprocessable("\(op) operation is missing a value at \(pathText)") }
            return value
        }
        func from() throws(PatchFailure) -> JSONPointer {
            guard let text = operation["from"]?.stringValue else { throw .unprocessable("\(op) operation is missing from") }
            return try JSONPointer(text)
        }
        switch op {
        case "add":
            try add(try value(), at: path.tokens[...], in: &document, op: op, pathText: pathText)
        case "remove":
            _ = try remove(at: path.tokens[...], in: &document, op: op, pathText: pathText)
        case "replace":
            _ = try remove(at: path.tokens[...], in: &document, op: op, pathText: pathText)
            try add(try value(), at: path.tokens[...], in: &document, op: op, pathText: pathText)
        case "move":
            let source = try from()
            if source.tokens.count < path.tokens.count, Array(path.tokens.prefix(source.tokens.count)) == source.tokens {
                throw .unprocessable("move operation cannot move \(source.text) into its own child \(pathText)")
            }
            let moved = try remove(at: source.tokens[...], in: &document, op: op, pathText: source.text)
            try add(moved, at: path.tokens[...], in: &document, op: op, pathText: pathText)
        case "copy":
            let source = try from()
            guard let copied = get(source.tokens[...], in: document) else {
                throw .unprocessable("copy operation does not apply: doc is missing from path: \(source.text): missing value")
            }
            try add(copied, at: path.tokens[...], in: &document, op: op, pathText: pathText)
        case "test":
            let expected = try value()
            guard let actual = get(path.tokens[...], in: document), equivalent(actual, expected) else {
                throw .unprocessable("testing value \(pathText) failed: test failed")
            }
        default:
            throw .unprocessable("Unexpected kind: \(op)")
        }
    }

    /// The value at `tokens`, nil when absent.
    static func get(_ tokens: ArraySlice<String>, in document: JSONValue) -> JSONValue? {
        guard let first = tokens.first else { return document }
        switch document {
        case .object(let members):
            return members[first].flatMap { get(tokens.dropFirst(), in: $0) }
        case .array(let elements):
            guard let index = JSONPointer.index(first), index < elements.count else { return nil }
            return get(tokens.dropFirst(), in: elements[index])
        default:
            return nil
        }
    }

    private static func add(_ value: JSONValue, at tokens: ArraySlice<String>, in document: inout JSONValue,
                            op: String, pathText: String) throws(PatchFailure) {
        guard let first = tokens.first else {
            document = value
            return
        }
        let missing = PatchFailure.unprocessable("\(op) operation does not apply: doc is missing path: \"\(pathText)\": missing value")
        switch document {
        case .object(var members):
            if tokens.count == 1 {
                members[first] = value
            } else {
                guard var child = members[first] else { throw missing }
                try add(value, at: tokens.dropFirst(), in: &child, op: op, pathText: pathText)
                members[first] = child
            }
            document = .object(members)
        case .array(var elements):
            if tokens.count == 1 {
                if first == "-" {
                    elements.append(value)
                } else {
                    guard let index = JSONPointer.index(first), index <= elements.count else {
                        throw .unprocessable("\(op) operation does not apply: index out of range at \"\(pathText)\"")
                    }
                    elements.insert(value, at: index)
                }
            } else {
                guard let index = JSONPointer.index(first), index < elements.count else { throw missing }
                try add(value, at: tokens.dropFirst(), in: &elements[index], op: op, pathText: pathText)
            }
            document = .array(elements)
        default:
            throw missing
        }
    }

    private static func remove(at tokens: ArraySlice<String>, in document: inout JSONValue,
                               op: String, pathText: String) throws(PatchFailure) -> JSONValue {
        let missing = PatchFailure.unprocessable("\(op) operation does not apply: doc is missing path: \"\(pathText)\": missing value")
        guard let first = tokens.first else {
            let removed = document
            document = .null
            return removed
        }
        switch document {
        case .object(var members):
            guard var child = members[first] else { throw missing }
            let removed: JSONValue
            if tokens.count == 1 {
                removed = child
                members[first] = nil
            } else {
                removed = try remove(at: tokens.dropFirst(), in: &child, op: op, pathText: pathText)
                members[first] = child
            }
            document = .object(members)
            return removed
        case .array(var elements):
            guard let index = JSONPointer.index(first), index < elements.count else { throw missing }
            let removed: JSONValue
            if tokens.count == 1 {
                removed = elements.remove(at: index)
            } else {
                removed = try remove(at: tokens.dropFirst(), in: &elements[index], op: op, pathText: pathText)
            }
            document = .array(elements)
            return removed
        default:
            throw missing
        }
    }

    /// JSON equality where `1` and `1.0` are the same number.
    static func equivalent(_ left: JSONValue, _ right: JSONValue) -> Bool {
        switch (left, right) {
        case (.int, .double), (.double, .int):
            return left.doubleValue == right.doubleValue
        case (.array(let a), .array(let b)):
            return a.count == b.count && zip(a, b).allSatisfy { equivalent($0, $1) }
        case (.object(let a), .object(let b)):
            return a.count == b.count && a.allSatisfy { key, value in b[key].map { equivalent(value, $0) } ?? false }
        default:
            return left == right
        }
    }

    /// The Go type name a JSON value decodes as, for error wording.
    static func typeName(_ value: JSONValue) -> String {
        switch value {
        case .object: return "object"
        case .array: return "array"
        case .string: return "string"
        case .int, .double: return "number"
        case .bool: return "bool"
        case .null: return "null"
        }
    }
}
