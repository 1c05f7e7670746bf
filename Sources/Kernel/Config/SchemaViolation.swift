/// One way a JSON value fails its schema: where (a key path such as `config.listen` or
/// `config.servers[2]`) and what was expected.
public struct SchemaViolation: Sendable, Hashable, CustomStringConvertible {
    /// The key path of the offending value, starting with the path given to `validate`.
    public let path: String
    /// What was expected and what was found: `expected an integer >= 1, got 0`.
    public let message: String

    /// A violation at `path`.
    public init(path: String, message: String) {
        self.path = path
        self.message = message
    }

    /// `path: message` (just the message at the root of an unnamed value).
    public var description: String { path.isEmpty ? message : "\(path): \(message)" }
}

/// Why a JSON Schema cannot be used: it is not JSON, or a keyword has a value the draft 2020-12
/// rules do not allow.
public struct JSONSchemaError: Error, Sendable, Equatable, CustomStringConvertible {
    /// Where in the schema, as a JSON pointer fragment: `#/properties/listen/type`; empty when the
    /// text is not JSON at all.
    public let location: String
    /// What is wrong.
    public let message: String

    /// An error at `location`.
    public init(location: String, message: String) {
        self.location = location
        self.message = message
    }

    /// `at #/properties/listen/type: "strin" is not a JSON Schema type`.
    public var description: String { location.isEmpty ? message : "at \(location): \(message)" }
}
