import Kernel
import Testing

@Suite("Malformed JSON Schemas are refused with their location")
struct SchemaMalformedTests {
    private func problem(_ schema: String) -> String? {
        do {
            _ = try JSONSchema(parsing: schema)
            return nil
        } catch {
            return "\(error)"
        }
    }

    @Test("each malformed keyword names its JSON pointer")
    func keywords() {
        #expect(problem(#"{"type": "strin"}"#)
            == #"at #/type: "strin" is not a JSON Schema type (null, boolean, object, array, number, integer, string); did you mean "string"?"#)
        #expect(problem(#"{"type": []}"#) == "at #/type: type must be a type name or a non-empty array of them, got []")
        #expect(problem(#"{"type": ["string", "string"]}"#) == "at #/type: type lists string twice")
        #expect(problem(#"{"properties": {"a": {"minimum": "1"}}}"#) == #"at #/properties/a/minimum: minimum must be a number, got "1""#)
        #expect(problem(#"{"properties": {"a/b": {"minLength": -1}}}"#) == "at #/properties/a~1b/minLength: minLength must be a non-negative integer, got -1")
        #expect(problem(#"{"properties": []}"#) == "at #/properties: properties must be an object of schemas, got []")
        #expect(problem(#"{"required": ["a", "a"]}"#) == #"at #/required: required must be an array of unique strings, got ["a","a"]"#)
        #expect(problem(#"{"pattern": "("}"#) == #"at #/pattern: "(" is not a valid regular expression"#)
        #expect(problem(#"{"patternProperties": {"[": {}}}"#) == #"at #/patternProperties/[: "[" is not a valid regular expression"#)
        #expect(problem(#"{"anyOf": []}"#) == "at #/anyOf: anyOf must be a non-empty array of schemas, got []")
        #expect(problem(#"{"items": [{}]}"#) == "at #/items: items must be a single schema in draft 2020-12; use prefixItems for per-position schemas")
        #expect(problem(#"{"multipleOf": 0}"#) == "at #/multipleOf: multipleOf must be greater than 0, got 0.0")
        #expect(problem(#"{"uniqueItems": "yes"}"#) == #"at #/uniqueItems: uniqueItems must be a boolean, got "yes""#)
        #expect(problem(#"{"enum": "a"}"#) == #"at #/enum: enum must be an array, got "a""#)
        #expect(problem(#"{"not": 5}"#) == "at #/not: a schema must be an object or a boolean, got 5")
        #expect(problem(#"{"$defs": {"x": {"type": 1}}}"#) == "at #/$defs/x/type: type must be a type name or a non-empty array of them, got 1")
        #expect(problem(#"{"format": 4}"#) == "at #/format: format must be a string, got 4")
    }

    @Test("references must be local and resolve")
    func references() {
        #expect(problem(##"{"$ref": "#/$defs/missing"}"##) == ##"at #/$ref: "#/$defs/missing" does not point to anything in the schema"##)
        #expect(problem(#"{"$ref": "https://example.com/schema.json"}"#)
            == ##"at #/$ref: only references inside the schema (#/$defs/NAME) are supported, got "https://example.com/schema.json""##)
        #expect(problem(#"{"$ref": 5}"#) == "at #/$ref: $ref must be a string, got 5")
        #expect(problem(##"{"$defs": {"a": {"$ref": "#/$defs/b"}, "b": {"type": "nope"}}}"##) != nil)
    }

    @Test("keywords that would change validation but are not implemented are refused")
    func unsupported() {
        #expect(problem(#"{"properties": {"a": {"unevaluatedProperties": false}}}"#)
            == "at #/properties/a/unevaluatedProperties: unevaluatedProperties is not supported by Keelson's validator; express the rule with properties, additionalProperties or allOf")
    }

    @Test("not JSON, and not a schema")
    func notJSON() {
        #expect(problem("{").map { $0.hasPrefix("the schema is not valid JSON: ") } == true)
        #expect(problem("5") == "at #: a schema must be an object or a boolean, got 5")
    }

    @Test("annotations and unknown keywords are accepted")
    func annotations() {
        #expect(problem(#"{"$schema": "https://json-schema.org/draft/2020-12/schema", "$id": "x", "title": "t", "description": "d", "examples": [1], "x-keelson": true}"#) == nil)
    }
}
