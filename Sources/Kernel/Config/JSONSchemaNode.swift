import Foundation

/// The seven JSON Schema type names.
enum JSONSchemaType: String, Sendable, CaseIterable {
    case null, boolean, object, array, number, integer, string

    /// Whether `value` is of this type; an integer-valued number counts as an integer.
    func accepts(_ value: JSONValue) -> Bool {
        switch (self, value) {
        case (.null, .null), (.boolean, .bool), (.object, .object), (.array, .array), (.string, .string): true
        case (.number, .int), (.number, .double), (.integer, .int): true
        case (.integer, .double(let number)): number.isFinite && number.rounded() == number
        default: false
        }
    }
}

/// A compiled `pattern` (or `patternProperties` key).
struct SchemaPattern: Sendable {
    /// The pattern as the schema wrote it.
    let source: String
    /// The compiled expression.
    let regex: NSRegularExpression

    /// Compiles `source`; nil when it is not a valid regular expression.
    init?(_ source: String) {
        guard let regex = try? NSRegularExpression(pattern: source) else { return nil }
        self.source = source
        self.regex = regex
    }

    /// Whether the pattern matches anywhere in `text` (JSON Schema patterns are not anchored).
    func matches(_ text: String) -> Bool {
        regex.firstMatch(in: text, range: NSRange(text.startIndex..., in: text)) != nil
    }
}

/// The keywords of one (sub)schema, read and checked by `JSONSchemaCompiler`.
struct SchemaKeywords: Sendable {
    /// For a boolean schema: `true` accepts everything, `false` nothing.
    var boolean: Bool?
    var types: [JSONSchemaType]?
    var enumValues: [JSONValue]?
    var constValue: JSONValue?
    var hasConst = false
    var ref: String?
    var defaultValue: JSONValue?
    var format: String?

    var minimum: Double?
    var maximum: Double?
    var exclusiveMinimum: Double?
    var exclusiveMaximum: Double?
    var multipleOf: Double?

    var minLength: Int?
    var maxLength: Int?
    var pattern: SchemaPattern?

    var properties: [String: SchemaNode] = [:]
    var patternProperties: [(pattern: SchemaPattern, schema: SchemaNode)] = []
    var additionalProperties: SchemaNode?
    var propertyNames: SchemaNode?
    var required: [String] = []
    var dependentRequired: [String: [String]] = [:]
    var dependentSchemas: [String: SchemaNode] = [:]
    var minProperties: Int?
    var maxProperties: Int?

    var prefixItems: [SchemaNode] = []
    var items: SchemaNode?
    var contains: SchemaNode?
    var minContains: Int?
    var maxContains: Int?
    var minItems: Int?
    var maxItems: Int?
    var uniqueItems = false

    var allOf: [SchemaNode] = []
    var anyOf: [SchemaNode] = []
    var oneOf: [SchemaNode] = []
    var not: SchemaNode?
    var ifSchema: SchemaNode?
    var thenSchema: SchemaNode?
    var elseSchema: SchemaNode?
}

/// One compiled (sub)schema: immutable, shared between the validator's threads.
final class SchemaNode: Sendable {
    /// Where it sits in the schema document (`#/properties/listen`).
    let location: String
    /// Its keywords.
    let keywords: SchemaKeywords

    init(location: String, keywords: SchemaKeywords) {
        self.location = location
        self.keywords = keywords
    }
}
