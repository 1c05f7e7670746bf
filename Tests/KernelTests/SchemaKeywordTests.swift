import Kernel
import Testing

/// Each JSON Schema keyword, accepting and rejecting, with the message a user sees.
@Suite("JSON Schema keywords")
struct SchemaKeywordTests {
    /// The violations of `value` (JSON text) against `schema` (JSON text), as `path: message` lines.
    private func check(_ schema: String, _ value: String, at path: String = "config") throws -> [String] {
        try JSONSchema(parsing: schema).validate(JSONValue(parsing: value), at: path).map(\.description)
    }

    @Test("type: single, several, integer versus number")
    func type() throws {
        #expect(try check(#"{"type": "string"}"#, #""x""#).isEmpty)
        #expect(try check(#"{"type": "string"}"#, "5") == ["config: expected a string, got 5"])
        #expect(try check(#"{"type": ["string", "null"]}"#, "null").isEmpty)
        #expect(try check(#"{"type": ["string", "null"]}"#, "true") == ["config: expected a string or null, got true"])
        #expect(try check(#"{"type": "integer"}"#, "3").isEmpty)
        #expect(try check(#"{"type": "integer"}"#, "3.0").isEmpty)
        #expect(try check(#"{"type": "integer"}"#, "3.5") == ["config: expected an integer, got 3.5"])
        #expect(try check(#"{"type": "number"}"#, "3").isEmpty)
        #expect(try check(#"{"type": "number"}"#, #""3""#) == [#"config: expected a number, got "3""#])
        #expect(try check(#"{"type": "object"}"#, "[]") == ["config: expected an object, got []"])
        #expect(try check(#"{"type": "array"}"#, "{}") == ["config: expected an array, got {}"])
        #expect(try check(#"{"type": "boolean"}"#, "0") == ["config: expected a boolean, got 0"])
        #expect(try check(#"{"type": "null"}"#, "false") == ["config: expected null, got false"])
    }

    @Test("properties, required, additionalProperties false and as a schema, patternProperties")
    func objects() throws {
        let schema = #"""
            {"type": "object", "required": ["name"],
             "properties": {"name": {"type": "string"}, "port": {"type": "integer"}},
             "patternProperties": {"^x-": {"type": "boolean"}},
             "additionalProperties": false}
            """#
        #expect(try check(schema, #"{"name": "a", "port": 1, "x-debug": true}"#).isEmpty)
        #expect(try check(schema, #"{"port": "1"}"#) == [
            "config.name: missing required property; expected a string",
            #"config.port: expected an integer, got "1""#,
        ])
        #expect(try check(schema, #"{"name": "a", "prot": 1, "x-on": 1}"#) == [
            #"config.prot: unknown property; did you mean "port"?"#,
            "config.x-on: expected a boolean, got 1",
        ])
        #expect(try check(schema, #"{"name": "a", "zzz": 1}"#) == ["config.zzz: unknown property; known properties: name, port"])
        #expect(try check(#"{"additionalProperties": {"type": "integer"}}"#, #"{"a": 1, "b.c": "x"}"#) == [#"config["b.c"]: expected an integer, got "x""#])
        #expect(try check(#"{"properties": {"a": false}}"#, #"{"a": 1}"#) == ["config.a: no value is allowed here, got 1"])
    }

    @Test("propertyNames, minProperties, maxProperties, dependentRequired, dependentSchemas")
    func objectCounts() throws {
        #expect(try check(#"{"propertyNames": {"pattern": "^[a-z]+$"}}"#, #"{"ok": 1, "Bad": 2}"#)
            == ["config.Bad: invalid property name: expected a string matching ^[a-z]+$, got \"Bad\""])
        #expect(try check(#"{"minProperties": 2}"#, #"{"a": 1}"#) == ["config: expected at least 2 properties, got 1"])
        #expect(try check(#"{"maxProperties": 1}"#, #"{"a": 1, "b": 2}"#) == ["config: expected at most 1 property, got 2"])
        #expect(try check(#"{"dependentRequired": {"cert": ["key"]}}"#, #"{"cert": "c"}"#) == ["config.key: missing; required when cert is set"])
        #expect(try check(#"{"dependentRequired": {"cert": ["key"]}}"#, #"{}"#).isEmpty)
        #expect(try check(#"{"dependentSchemas": {"tls": {"required": ["port"]}}}"#, #"{"tls": true}"#) == ["config.port: missing required property"])
    }

    @Test("items, prefixItems, minItems, maxItems, uniqueItems, contains")
    func arrays() throws {
        #expect(try check(#"{"items": {"type": "integer"}}"#, "[1, 2, 3]").isEmpty)
        #expect(try check(#"{"items": {"type": "integer"}}"#, #"[1, "2"]"#) == [#"config[1]: expected an integer, got "2""#])
        let tuple = #"{"prefixItems": [{"type": "string"}, {"type": "integer"}], "items": false}"#
        #expect(try check(tuple, #"["a", 1]"#).isEmpty)
        #expect(try check(tuple, #"[1, 1, 3]"#) == ["config[0]: expected a string, got 1", "config[2]: expected at most 2 items, this one is extra"])
        #expect(try check(#"{"prefixItems": [{"type": "string"}], "items": {"type": "boolean"}}"#, #"["a", true, 3]"#) == ["config[2]: expected a boolean, got 3"])
        #expect(try check(#"{"minItems": 2}"#, "[1]") == ["config: expected at least 2 items, got 1"])
        #expect(try check(#"{"maxItems": 1}"#, "[1, 2]") == ["config: expected at most 1 item, got 2"])
        #expect(try check(#"{"uniqueItems": true}"#, #"[1, {"a": [2]}, 3, {"a": [2.0]}]"#) == ["config[3]: duplicate of config[1]; items must be unique"])
        #expect(try check(#"{"uniqueItems": true}"#, #"[1, "1", true]"#).isEmpty)
        #expect(try check(#"{"contains": {"const": "dns"}}"#, #"["a", "b"]"#) == [#"config: expected at least 1 item that is "dns", found 0"#])
        #expect(try check(#"{"contains": {"type": "integer"}, "minContains": 2, "maxContains": 3}"#, #"[1, "a"]"#)
            == ["config: expected at least 2 items that are an integer, found 1"])
        #expect(try check(#"{"contains": {"type": "integer"}, "maxContains": 1}"#, "[1, 2]") == ["config: expected at most 1 item that is an integer, found 2"])
    }

    @Test("enum and const, with suggestions for near misses")
    func enumAndConst() throws {
        let schema = #"{"enum": ["NoSchedule", "PreferNoSchedule", "NoExecute", 1, null]}"#
        #expect(try check(schema, #""NoExecute""#).isEmpty)
        #expect(try check(schema, "1.0").isEmpty)
        #expect(try check(schema, "null").isEmpty)
        #expect(try check(schema, #""noschedule""#)
            == [#"config: expected one of "NoSchedule", "PreferNoSchedule", "NoExecute", 1, null, got "noschedule"; did you mean "NoSchedule"?"#])
        #expect(try check(#"{"const": {"a": [1]}}"#, #"{"a": [1.0]}"#).isEmpty)
        #expect(try check(#"{"const": "v1"}"#, #""v2""#) == [#"config: expected "v1", got "v2""#])
        #expect(try check(#"{"const": null}"#, "0") == ["config: expected null, got 0"])
    }

    @Test("minimum, maximum, exclusive bounds, multipleOf")
    func numbers() throws {
        let port = #"{"type": "integer", "minimum": 1, "maximum": 65535}"#
        #expect(try check(port, "80").isEmpty)
        #expect(try check(port, "0") == ["config: expected an integer >= 1, got 0"])
        #expect(try check(port, "70000") == ["config: expected an integer <= 65535, got 70000"])
        #expect(try check(port, #""80""#) == [#"config: expected an integer from 1 to 65535, got "80""#])
        #expect(try check(#"{"exclusiveMinimum": 0}"#, "0") == ["config: expected a number > 0, got 0"])
        #expect(try check(#"{"exclusiveMaximum": 1.5}"#, "1.5") == ["config: expected a number < 1.5, got 1.5"])
        #expect(try check(#"{"exclusiveMaximum": 1.5}"#, "1.49").isEmpty)
        #expect(try check(#"{"multipleOf": 5}"#, "15").isEmpty)
        #expect(try check(#"{"multipleOf": 5}"#, "7") == ["config: expected a multiple of 5, got 7"])
        #expect(try check(#"{"multipleOf": 0.1}"#, "0.3").isEmpty)
        #expect(try check(#"{"minimum": 5}"#, #""text""#).isEmpty)
    }

    @Test("minLength, maxLength (in characters), pattern")
    func strings() throws {
        #expect(try check(#"{"minLength": 2}"#, #""a""#) == [#"config: expected a string of at least 2 characters, got "a""#])
        #expect(try check(#"{"maxLength": 2}"#, #""abc""#) == [#"config: expected a string of at most 2 characters, got "abc""#])
        #expect(try check(#"{"maxLength": 2}"#, #""éé""#).isEmpty)
        #expect(try check(#"{"pattern": "^127\\."}"#, #""127.0.0.1:53""#).isEmpty)
        #expect(try check(#"{"pattern": "^127\\."}"#, #""10.0.0.1""#) == [#"config: expected a string matching ^127\., got "10.0.0.1""#])
        #expect(try check(#"{"pattern": "b"}"#, #""abc""#).isEmpty)
        #expect(try check(#"{"type": "string", "pattern": "^127\\."}"#, "53") == [#"config: expected a string matching ^127\., got 53"#])
    }

    @Test("format: ipv4, cidr, hostname, host-port, duration, regex, uri; unknown formats are annotations")
    func formats() throws {
        func formatCheck(_ format: String, _ value: String) throws -> [String] {
            try check(#"{"format": "\#(format)"}"#, JSONValue.string(value).text)
        }
        #expect(try formatCheck("ipv4", "127.0.0.1").isEmpty)
        #expect(try formatCheck("ipv4", "127.0.0.300") == [#"config: expected an IPv4 address such as 127.0.0.1, got "127.0.0.300""#])
        #expect(try formatCheck("cidr", "127.244.0.0/16").isEmpty)
        #expect(try formatCheck("cidr", "127.244.0.1/16")
            == [#"config: expected an IPv4 CIDR such as 127.244.0.0/16, got "127.244.0.1/16" ("127.244.0.1/16" has host bits set; did you mean 127.244.0.0/16?)"#])
        #expect(try formatCheck("hostname", "cluster.local").isEmpty)
        #expect(try formatCheck("hostname", "-bad-.local") == [#"config: expected a hostname such as node-1.cluster.local, got "-bad-.local""#])
        #expect(try formatCheck("host-port", "127.0.0.1:10053").isEmpty)
        #expect(try formatCheck("hostname-port", "dns.local:53").isEmpty)
        #expect(try formatCheck("host-port", "127.0.0.1") == [#"config: expected host:port such as 127.0.0.1:10053, got "127.0.0.1""#])
        #expect(try formatCheck("host-port", "127.0.0.1:99999").count == 1)
        #expect(try formatCheck("duration", "1m30s").isEmpty)
        #expect(try formatCheck("duration", "1.5h").isEmpty)
        #expect(try formatCheck("duration", "500ms").isEmpty)
        #expect(try formatCheck("duration", "10").count == 1)
        #expect(try formatCheck("regex", "^a+$").isEmpty)
        #expect(try formatCheck("regex", "(").count == 1)
        #expect(try formatCheck("uri", "http://127.0.0.1:2379").isEmpty)
        #expect(try formatCheck("uri", "no scheme").count == 1)
        #expect(try formatCheck("email", "not checked").isEmpty)
        #expect(try check(#"{"format": "ipv4"}"#, "5").isEmpty)
    }

    @Test("allOf, anyOf, oneOf, not, if/then/else")
    func combinators() throws {
        #expect(try check(#"{"allOf": [{"minimum": 1}, {"maximum": 3}]}"#, "5") == ["config: expected a number <= 3, got 5"])
        let anyOf = #"{"anyOf": [{"type": "string"}, {"type": "integer", "minimum": 1}]}"#
        #expect(try check(anyOf, #""x""#).isEmpty)
        #expect(try check(anyOf, "0") == ["config: expected an integer >= 1, got 0"])
        #expect(try check(anyOf, "true") == ["config: expected a string or an integer >= 1, got true"])
        let oneOf = #"{"oneOf": [{"type": "integer"}, {"type": "number", "minimum": 2}]}"#
        #expect(try check(oneOf, "1").isEmpty)
        #expect(try check(oneOf, "2.5").isEmpty)
        #expect(try check(oneOf, "3") == ["config: matches 2 of the oneOf alternatives, an integer (#0), a number >= 2 (#1), but must match exactly one"])
        #expect(try check(oneOf, #""x""#) == [#"config: expected an integer or a number >= 2, got "x""#])
        #expect(try check(#"{"not": {"const": "latest"}}"#, #""latest""#) == [#"config: expected anything but "latest", got "latest""#])
        #expect(try check(#"{"not": {"const": "latest"}}"#, #""v1""#).isEmpty)
        let conditional = #"""
            {"if": {"properties": {"mode": {"const": "static"}}, "required": ["mode"]},
             "then": {"required": ["address"]}, "else": {"properties": {"address": false}}}
            """#
        #expect(try check(conditional, #"{"mode": "static", "address": "127.0.0.1"}"#).isEmpty)
        #expect(try check(conditional, #"{"mode": "static"}"#) == ["config.address: missing required property"])
        #expect(try check(conditional, #"{"mode": "dhcp", "address": "x"}"#) == [#"config.address: no value is allowed here, got "x""#])
    }

    @Test("$ref to $defs, to any local pointer, and recursive schemas")
    func references() throws {
        let schema = #"""
            {"$defs": {"port": {"type": "integer", "minimum": 1, "maximum": 65535},
                       "node": {"type": "object", "properties": {"name": {"type": "string"},
                                "children": {"type": "array", "items": {"$ref": "#/$defs/node"}}}}},
             "properties": {"port": {"$ref": "#/$defs/port"}, "alt": {"$ref": "#/properties/port"},
                            "tree": {"$ref": "#/$defs/node"}, "odd~/key": {"type": "boolean"},
                            "esc": {"$ref": "#/properties/odd~0~1key"}}}
            """#
        #expect(try check(schema, #"{"port": 80, "alt": 443, "tree": {"name": "r", "children": [{"name": "c", "children": []}]}}"#).isEmpty)
        #expect(try check(schema, #"{"port": 0}"#) == ["config.port: expected an integer >= 1, got 0"])
        #expect(try check(schema, #"{"alt": "x"}"#) == [#"config.alt: expected an integer from 1 to 65535, got "x""#])
        #expect(try check(schema, #"{"tree": {"children": [{"children": [{"name": 5}]}]}}"#) == ["config.tree.children[0].children[0].name: expected a string, got 5"])
        #expect(try check(schema, #"{"esc": 1}"#) == ["config.esc: expected a boolean, got 1"])
        #expect(try check(##"{"$ref": "#"}"##, "1") == ["config: the schema's $ref # recurses without end"])
    }

    @Test("boolean schemas and an empty path")
    func booleans() throws {
        #expect(try check("true", #"{"anything": [1]}"#).isEmpty)
        #expect(try check("false", "1") == ["config: no value is allowed here, got 1"])
        #expect(try check(#"{"type": "string"}"#, "1", at: "") == ["expected a string, got 1"])
        #expect(try check(#"{"properties": {"a": {"type": "string"}}}"#, #"{"a": 1}"#, at: "") == ["a: expected a string, got 1"])
    }

    @Test("violation values are cut short")
    func longValues() throws {
        let long = String(repeating: "x", count: 200)
        let message = try #require(try check(#"{"type": "integer"}"#, JSONValue.string(long).text).first)
        #expect(message.count < 100)
        #expect(message.hasSuffix("..."))
    }

    @Test("a compiled schema is usable from many tasks at once")
    func concurrentUse() async throws {
        let schema = try JSONSchema(parsing: #"{"properties": {"n": {"type": "integer", "pattern": "x", "maximum": 10}}}"#)
        let counts = await withTaskGroup(of: Int.self) { group in
            for index in 0..<32 {
                group.addTask { schema.validate(["n": .int(Int64(index))]).count }
            }
            return await group.reduce(0, +)
        }
        #expect(counts == 21)
    }
}
