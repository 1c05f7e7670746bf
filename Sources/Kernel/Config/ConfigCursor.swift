/// A position in the config document while decoding it: the node, its key path and the file,
/// with typed readers whose errors are one-line `ConfigError`s.
struct ConfigCursor {
    /// The node here.
    let node: YAMLNode
    /// The key path of the node (`nodePools[0].count`).
    let path: String
    /// The file name used in errors.
    let file: String

    /// An error about this node.
    func error(_ message: String) -> ConfigError {
        ConfigError(file: file, keyPath: path, line: node.line, column: node.column, message: message)
    }

    /// "expected X, got Y" about this node.
    func mismatch(expected: String, hint: String? = nil) -> ConfigError {
        error("expected \(expected), got \(node.shortDescription)" + (hint.map { "; \($0)" } ?? ""))
    }

    /// Whether the node is `null` (`~`, `null` or nothing after the colon).
    var isNull: Bool {
        if case .scalar(_, .null) = node.content { return true }
        return false
    }

    /// The node as a mapping whose keys must all be in `allowed`; an unknown key is reported at its
    /// own path with the closest allowed key as a suggestion.
    func mapping(allowed: [String], expected: String = "a mapping") throws -> ConfigMapping {
        guard case .mapping(let entries) = node.content else { throw mismatch(expected: expected) }
        for entry in entries where !allowed.contains(entry.key) {
            let suggestion = NameSuggestion.hint(for: entry.key, among: allowed)
                ?? "allowed keys here: \(allowed.joined(separator: ", "))"
            throw ConfigError(file: file, keyPath: KeyPath.appending(path, key: entry.key), line: entry.line, column: entry.column,
                              message: "unknown key; \(suggestion)")
        }
        return ConfigMapping(cursor: self, entries: entries)
    }

    /// The node as a mapping of arbitrary keys, each with a cursor for its value.
    func anyMapping(expected: String = "a mapping") throws -> [(key: String, value: ConfigCursor)] {
        guard case .mapping(let entries) = node.content else { throw mismatch(expected: expected) }
        return entries.map { ($0.key, ConfigCursor(node: $0.value, path: KeyPath.appending(path, key: $0.key), file: file)) }
    }

    /// The node as a list of cursors.
    func list(expected: String = "a list") throws -> [ConfigCursor] {
        guard case .sequence(let items) = node.content else { throw mismatch(expected: expected) }
        return items.enumerated().map { ConfigCursor(node: $1, path: KeyPath.appending(path, index: $0), file: file) }
    }

    /// The node as a string. A number or boolean written without quotes is refused with a hint to
    /// quote it, since YAML reads it as a different type.
    func string(expected: String = "a string") throws -> String {
        guard case .scalar(let text, let value) = node.content else { throw mismatch(expected: expected) }
        switch value {
        case .string(let string): return string
        case .null: throw mismatch(expected: expected)
        default: throw mismatch(expected: expected, hint: "quote it (\(KeyPath.quoted(text))) to make it a string")
        }
    }

    /// The node as a scalar written in any form (`4`, `"4"`, `8Gi`) and read as its text; used for
    /// Kubernetes quantities, which YAML files write both quoted and bare.
    func scalarText(expected: String) throws -> String {
        guard case .scalar(let text, let value) = node.content, value != .null else { throw mismatch(expected: expected) }
        if case .bool = value { throw mismatch(expected: expected) }
        return text
    }

    /// The node as an integer within `range`.
    func integer(in range: ClosedRange<Int>, expected: String) throws -> Int {
        guard case .scalar(_, let value) = node.content, let number = value.intValue,
              let integer = Int(exactly: number), integer >= range.lowerBound else {
            throw mismatch(expected: expected)
        }
        guard integer <= range.upperBound else { throw mismatch(expected: "an integer <= \(range.upperBound)") }
        return integer
    }

    /// The node as a boolean (`true` or `false`, unquoted).
    func boolean(expected: String) throws -> Bool {
        guard case .scalar(_, .bool(let value)) = node.content else { throw mismatch(expected: expected) }
        return value
    }

    /// The node as JSON.
    var json: JSONValue { node.json }
}

/// A mapping in the config whose keys were checked against the allowed ones.
struct ConfigMapping {
    /// The mapping's own cursor.
    let cursor: ConfigCursor
    /// Its entries in document order.
    let entries: [YAMLEntry]

    /// The cursor of `key`'s value, nil when the key is absent.
    subscript(key: String) -> ConfigCursor? {
        entries.first { $0.key == key }.map { ConfigCursor(node: $0.value, path: KeyPath.appending(cursor.path, key: key), file: cursor.file) }
    }

    /// The cursor of `key`'s value; a missing key is reported at its path with `hint` as the fix.
    func required(_ key: String, hint: String) throws -> ConfigCursor {
        guard let value = self[key] else {
            throw ConfigError(file: cursor.file, keyPath: KeyPath.appending(cursor.path, key: key),
                              line: cursor.node.line, column: cursor.node.column, message: "missing; \(hint)")
        }
        return value
    }
}
