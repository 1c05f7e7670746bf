/// A JSON Schema (draft 2020-12) a plugin ships for its config, compiled once and usable from any
/// thread. Implemented keywords: `type` (one or several; integer vs number), `enum`, `const`,
/// `minimum`/`maximum`/`exclusiveMinimum`/`exclusiveMaximum`/`multipleOf`, `minLength`/`maxLength`/
/// `pattern`/`format`, `properties`/`patternProperties`/`additionalProperties`/`propertyNames`/
/// `required`/`dependentRequired`/`dependentSchemas`/`minProperties`/`maxProperties`,
/// `prefixItems`/`items`/`contains`/`minContains`/`maxContains`/`minItems`/`maxItems`/`uniqueItems`,
/// `allOf`/`anyOf`/`oneOf`/`not`/`if`/`then`/`else`, `$ref` to `#/$defs/...` (or any local JSON
/// pointer, recursion included), boolean schemas, and `default` through `applyingDefaults(to:)`.
/// Checked formats: ipv4, cidr (ipv4-cidr), hostname, host-port (hostname-port), duration, regex,
/// uri; other formats are annotations. `unevaluated*` and dynamic references are refused when the
/// schema is compiled rather than ignored.
public struct JSONSchema: Sendable {
    /// The schema document.
    public let document: JSONValue
    private let root: SchemaNode
    private let validator: JSONSchemaValidator

    /// Compiles schema text; throws `JSONSchemaError` naming the location of the first problem
    /// when the text is not JSON or a keyword is malformed.
    public init(parsing text: String) throws {
        let document: JSONValue
        do {
            document = try JSONValue(parsing: text)
        } catch {
            throw JSONSchemaError(location: "", message: "the schema is not valid JSON: \(error)")
        }
        try self.init(document: document)
    }

    /// Compiles a schema document; throws `JSONSchemaError` for a malformed keyword.
    public init(document: JSONValue) throws {
        var compiler = JSONSchemaCompiler(document: document)
        self.root = try compiler.compileRoot()
        self.document = document
        self.validator = JSONSchemaValidator(refs: compiler.refs)
    }

    /// Every way `value` fails the schema, each with the key path of the offending part built on
    /// `path` (`validate(config, at: "dns.config")` reports `dns.config.listen`). Empty when valid.
    public func validate(_ value: JSONValue, at path: String = "") -> [SchemaViolation] {
        validator.violationsOf(root, value, path: path, depth: 0)
    }

    /// `value` with the schema's `default`s filled in for every missing property it describes,
    /// recursively. Present values are never changed, and `value` itself is returned as is when it
    /// is not an object or array.
    public func applyingDefaults(to value: JSONValue) -> JSONValue {
        validator.applyingDefaults(root, to: value)
    }

    /// What the schema accepts, in words ("an object", "an integer >= 1").
    public var expectation: String { validator.expectation(root) }
}
