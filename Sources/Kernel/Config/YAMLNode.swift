/// A YAML node read from a config file, with its position, after tag resolution (YAML 1.2 core
/// schema) and merge keys: the tree the config decoder walks.
struct YAMLNode: Sendable {
    /// What the node holds.
    enum Content: Sendable {
        /// A scalar: its text as written and its resolved JSON value.
        case scalar(text: String, value: JSONValue)
        /// A mapping, in document order.
        case mapping([YAMLEntry])
        /// A sequence.
        case sequence([YAMLNode])
    }

    /// The content.
    var content: Content
    /// 1-based line of the node's first character.
    var line: Int
    /// 1-based column of the node's first character.
    var column: Int

    /// The node as JSON.
    var json: JSONValue {
        switch content {
        case .scalar(_, let value): value
        case .mapping(let entries): .object(Dictionary(entries.map { ($0.key, $0.value.json) }, uniquingKeysWith: { _, last in last }))
        case .sequence(let items): .array(items.map(\.json))
        }
    }

    /// How the node reads in a "got ..." phrase: a scalar as JSON, a collection by its kind.
    var shortDescription: String {
        switch content {
        case .scalar(_, let value): ValueDescription.of(value)
        case .mapping: "a mapping"
        case .sequence: "a list"
        }
    }
}

/// One key/value pair of a YAML mapping.
struct YAMLEntry: Sendable {
    /// The key's text.
    var key: String
    /// The key's 1-based line.
    var line: Int
    /// The key's 1-based column.
    var column: Int
    /// The value.
    var value: YAMLNode
}
