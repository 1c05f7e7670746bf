import Kernel
import Testing

@Suite("JSON Schema defaults")
struct SchemaDefaultsTests {
    private func filled(_ schema: String, _ value: JSONValue) throws -> JSONValue {
        try JSONSchema(parsing: schema).applyingDefaults(to: value)
    }

    @Test("missing properties get their defaults; present ones are kept")
    func properties() throws {
        let schema = #"{"properties": {"listen": {"default": "127.0.0.1:10053"}, "ttl": {"default": 30}, "zone": {"type": "string"}}}"#
        #expect(try filled(schema, [:]) == ["listen": "127.0.0.1:10053", "ttl": 30])
        #expect(try filled(schema, ["ttl": 5, "zone": "z"]) == ["listen": "127.0.0.1:10053", "ttl": 5, "zone": "z"])
        #expect(try filled(schema, ["ttl": .null]) == ["listen": "127.0.0.1:10053", "ttl": .null])
        #expect(try filled(schema, "not an object") == "not an object")
    }

    @Test("nested objects, including defaults that are themselves objects")
    func nested() throws {
        let schema = #"""
            {"properties": {"cache": {"type": "object", "default": {},
                                      "properties": {"size": {"default": 1000}, "ttl": {"default": "30s"}}}}}
            """#
        #expect(try filled(schema, [:]) == ["cache": ["size": 1000, "ttl": "30s"]])
        #expect(try filled(schema, ["cache": ["size": 5]]) == ["cache": ["size": 5, "ttl": "30s"]])
    }

    @Test("through $ref, allOf, if/then, anyOf and array items")
    func throughCombinators() throws {
        let schema = #"""
            {"$defs": {"server": {"properties": {"port": {"default": 53}}}, "level": {"type": "string", "default": "info"}},
             "allOf": [{"properties": {"a": {"default": 1}}}],
             "if": {"properties": {"mode": {"const": "tcp"}}, "required": ["mode"]},
             "then": {"properties": {"keepalive": {"default": true}}},
             "anyOf": [{"required": ["b"], "properties": {"c": {"default": "from-b"}}}, {"properties": {"c": {"default": "other"}}}],
             "properties": {"servers": {"items": {"$ref": "#/$defs/server"}},
                            "pair": {"prefixItems": [{"properties": {"first": {"default": true}}}]},
                            "primary": {"$ref": "#/$defs/server"},
                            "level": {"$ref": "#/$defs/level"}},
             "additionalProperties": {"properties": {"extra": {"default": 0}}}}
            """#
        let value: JSONValue = ["mode": "tcp", "b": 1, "servers": [[:], ["port": 5353]], "pair": [[:], [:]], "primary": [:], "x": [:]]
        #expect(try filled(schema, value) == [
            "mode": "tcp", "b": 1, "a": 1, "keepalive": true, "c": "from-b", "level": "info",
            "servers": [["port": 53], ["port": 5353]], "pair": [["first": true], [:]], "primary": ["port": 53], "x": ["extra": 0],
        ])
        let other = try filled(schema, ["mode": "udp"])
        #expect(other["keepalive"] == nil)
        #expect(other["c"] == "other")
    }

    @Test("defaults make a config that then validates")
    func defaultsThenValidate() throws {
        let schema = try JSONSchema(parsing: #"{"required": ["zone"], "properties": {"zone": {"type": "string", "default": "cluster.local"}}}"#)
        #expect(!schema.validate([:]).isEmpty)
        #expect(schema.validate(schema.applyingDefaults(to: [:])).isEmpty)
    }
}
