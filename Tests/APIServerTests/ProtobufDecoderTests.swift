@testable import APIServer
import Foundation
import Kernel
import Testing

/// Definitions built inside the tests, so the decoder is checked independently of the
/// server's own: a ConfigMap and a Secret with Kubernetes' field numbers, and a type using
/// every other kind of field.
enum ProtoTestTypes {
    /// An ObjectMeta with the fields kubectl writes.
    static let meta = TypeDefinition("test.ObjectMeta", description: "metadata", fields: [
        .init("name", .string, proto: 1, "name"),
        .init("generateName", .string, proto: 2, "generateName"),
        .init("namespace", .string, proto: 3, "namespace"),
        .init("selfLink", .string, proto: 4, "selfLink"),
        .init("uid", .string, proto: 5, "uid"),
        .init("resourceVersion", .string, proto: 6, "resourceVersion"),
        .init("generation", .integer(bits: 64), proto: 7, "generation"),
        .init("creationTimestamp", .time, proto: 8, "creationTimestamp"),
        .init("labels", .map(.string), proto: 11, "labels"),
    ])
    /// A ConfigMap (core/v1 field numbers).
    static let configMap = TypeDefinition("test.ConfigMap", kind: GroupVersionKind(group: "", version: "v1", kind: "ConfigMap"), description: "configmap", fields: [
        .init("apiVersion", .string, proto: 0, "apiVersion"),
        .init("kind", .string, proto: 0, "kind"),
        .init("metadata", .ref("test.ObjectMeta"), proto: 1, "metadata"),
        .init("data", .map(.string), proto: 2, "data"),
        .init("binaryData", .map(.bytes), proto: 3, "binaryData"),
        .init("immutable", .boolean, proto: 4, "immutable", pointer: true),
    ])
    /// A Secret (core/v1 field numbers).
    static let secret = TypeDefinition("test.Secret", kind: GroupVersionKind(group: "", version: "v1", kind: "Secret"), description: "secret", fields: [
        .init("metadata", .ref("test.ObjectMeta"), proto: 1, "metadata"),
        .init("data", .map(.bytes), proto: 2, "data"),
        .init("type", .string, proto: 3, "type"),
        .init("stringData", .map(.string), proto: 4, "stringData"),
        .init("immutable", .boolean, proto: 5, "immutable", pointer: true),
    ])
    /// One field of every type, recursive through `child` and `children`.
    static let everything = TypeDefinition("test.Everything", kind: GroupVersionKind(group: "example.com", version: "v2", kind: "Everything"), description: "all field types", fields: [
        .init("count", .integer(bits: 32), proto: 1, "count"),
        .init("big", .integer(bits: 64), proto: 2, "big"),
        .init("ratio", .number, proto: 3, "ratio"),
        .init("codes", .array(.integer(bits: 32)), proto: 4, "codes"),
        .init("when", .time, proto: 5, "when"),
        .init("renewed", .microTime, proto: 6, "renewed"),
        .init("memory", .quantity, proto: 7, "memory"),
        .init("port", .intOrString, proto: 8, "port"),
        .init("surge", .intOrString, proto: 9, "surge", pointer: true),
        .init("blob", .bytes, proto: 10, "blob"),
        .init("raw", .freeform, proto: 11, "raw"),
        .init("limits", .map(.quantity), proto: 12, "limits"),
        .init("replicas", .integer(bits: 32), proto: 13, "replicas", pointer: true),
        .init("names", .array(.string), proto: 14, "names"),
        .init("child", .ref("test.Everything"), proto: 15, "child"),
        .init("children", .array(.ref("test.Everything")), proto: 16, "children"),
        .init("paused", .boolean, proto: 17, "paused"),
        .init("label", .string, proto: 18, "label"),
        .init("inlineName", .string, proto: 1, "from an embedded struct", embeddedIn: 19),
    ])

    /// A decoder that knows only these definitions.
    static let decoder = ProtobufMessageDecoder(definitions: Dictionary(uniqueKeysWithValues: [meta, configMap, secret, everything].map { ($0.name, $0) }))
}

/// Decodes and expects success.
private func decode(_ bytes: [UInt8], _ decoder: ProtobufMessageDecoder = ProtoTestTypes.decoder) throws -> JSONValue {
    try ProtobufRequestBody.decode(bytes, decoder: decoder)
}

/// Decodes and expects a 400 whose message contains `fragment`.
private func expectBadRequest(_ bytes: [UInt8], _ fragment: String, _ decoder: ProtobufMessageDecoder = ProtoTestTypes.decoder,
                              sourceLocation: SourceLocation = #_sourceLocation) {
    do {
        let value = try ProtobufRequestBody.decode(bytes, decoder: decoder)
        Issue.record("expected a 400, decoded \(value.text)", sourceLocation: sourceLocation)
    } catch {
        #expect(error.code == 400, sourceLocation: sourceLocation)
        #expect(error.reason == "BadRequest", sourceLocation: sourceLocation)
        #expect(error.message.contains(fragment), "message: \(error.message)", sourceLocation: sourceLocation)
    }
}

@Suite("Protobuf request bodies: wire format and conversion")
struct ProtobufDecoderTests {
    @Test("a ConfigMap as kubectl encodes it: zero metadata fields dropped, data kept, kind from the envelope")
    func configMap() throws {
        let body = ProtoWriter.object(apiVersion: "v1", kind: "ConfigMap") { map in
            map.objectMeta(1, name: "c", namespace: "default", labels: [("app", "web")])
            map.entry(2, "a", "b")
            map.entry(2, "empty", "")
            map.entry(3, "bin", bytes: [0, 1, 2, 255])
        }
        let object = try decode(body)
        #expect(object == [
            "apiVersion": "v1", "kind": "ConfigMap",
            "metadata": ["name": "c", "namespace": "default", "labels": ["app": "web"]],
            "data": ["a": "b", "empty": ""],
            "binaryData": ["bin": "AAEC/w=="],
        ])
    }

    @Test("a Secret: bytes map values become base64, a false pointer bool is kept")
    func secret() throws {
        let body = ProtoWriter.object(apiVersion: "v1", kind: "Secret") { secret in
            secret.objectMeta(1, name: "s")
            secret.entry(2, "k", bytes: Array("v".utf8))
            secret.string(3, "Opaque")
            secret.bool(5, false)
        }
        let object = try decode(body)
        #expect(object == [
            "apiVersion": "v1", "kind": "Secret", "metadata": ["name": "s"],
            "data": ["k": "dg=="], "type": "Opaque", "immutable": false,
        ])
    }

    @Test("every field type: numbers, packed and unpacked lists, times, quantities, int-or-string, bytes, raw JSON, nesting")
    func everyType() throws {
        let body = ProtoWriter.object(apiVersion: "example.com/v2", kind: "Everything") { m in
            m.int(1, -5)
            m.int(2, 1 << 40)
            m.double(3, 0.25)
            m.packed(4, [1, 2, 300])
            m.int(4, 7)
            m.message(5) { $0.int(1, 1_704_164_645); $0.int(2, 999_999_999) }
            m.message(6) { $0.int(1, 1_704_164_645); $0.int(2, 123_456_789) }
            m.message(7) { $0.string(1, "512Mi") }
            m.message(8) { $0.int(1, 0); $0.int(2, 8080); $0.string(3, "") }
            m.message(9) { $0.int(1, 1); $0.int(2, 0); $0.string(3, "25%") }
            m.data(10, [104, 105])
            m.message(11) { $0.data(1, Array(#"{"x":[1,true,null]}"#.utf8)) }
            m.quantityEntry(12, "cpu", "500m")
            m.int(13, 0)
            m.string(14, "a")
            m.string(14, "")
            m.message(15) { $0.int(1, 3) }
            m.message(16) { _ in }
            m.message(16) { $0.string(18, "second") }
            m.bool(17, false)
            m.string(18, "")
            m.message(19) { $0.string(1, "inline") }
        }
        let object = try decode(body)
        #expect(object == [
            "apiVersion": "example.com/v2", "kind": "Everything",
            "count": -5, "big": .int(1 << 40), "ratio": 0.25, "codes": [1, 2, 300, 7],
            "when": "2024-01-02T03:04:05Z", "renewed": "2024-01-02T03:04:05.123456Z",
            "memory": "512Mi", "port": 8080, "surge": "25%", "blob": "aGk=",
            "raw": ["x": [1, true, .null]], "limits": ["cpu": "500m"], "replicas": 0,
            "names": ["a", ""], "child": ["count": 3], "children": [[:], ["label": "second"]],
            "inlineName": "inline",
        ])
    }

    @Test("zero int-or-string and empty times are left out; a pointer int-or-string zero is kept")
    func zeroWellKnown() throws {
        let body = ProtoWriter.object(apiVersion: "example.com/v2", kind: "Everything") { m in
            m.message(5) { _ in }
            m.message(8) { $0.int(1, 0); $0.int(2, 0); $0.string(3, "") }
            m.message(9) { $0.int(1, 0); $0.int(2, 0) }
            m.message(7) { _ in }
        }
        #expect(try decode(body) == ["apiVersion": "example.com/v2", "kind": "Everything", "surge": 0, "memory": "0"])
    }

    @Test("dates across the calendar", arguments: [
        (Int64(0), "1970-01-01T00:00:00Z"), (Int64(951_782_400), "2000-02-29T00:00:00Z"),
        (Int64(-1), "1969-12-31T23:59:59Z"), (Int64(253_402_300_799), "9999-12-31T23:59:59Z"),
        (Int64(-62_135_596_800), "0001-01-01T00:00:00Z"), (Int64(4_107_542_400), "2100-03-01T00:00:00Z"),
    ])
    func dates(seconds: Int64, expected: String) {
        #expect(RFC3339.format(seconds: seconds, nanos: 0, fractionalDigits: 0) == expected)
    }

    @Test("malformed bodies are 400s naming the problem")
    func errors() {
        let meta: (inout ProtoWriter) -> Void = { $0.objectMeta(1, name: "c") }
        expectBadRequest([1, 2, 3, 4, 5], "magic")
        expectBadRequest(ProtoWriter.object(apiVersion: "v1", kind: "Gizmo", meta), "no kind \"Gizmo\"")
        expectBadRequest(ProtoWriter.object(apiVersion: "v2", kind: "ConfigMap", meta), "no kind \"ConfigMap\" is registered for version \"v2\"")
        expectBadRequest(ProtoWriter.object(apiVersion: "v1", kind: "ConfigMap") { meta(&$0); $0.string(99, "x") }, "unknown field number 99 in test.ConfigMap")
        expectBadRequest(ProtoWriter.object(apiVersion: "v1", kind: "ConfigMap") { $0.int(1, 5) }, "field 1 (metadata) of test.ConfigMap has wire type 0 (varint), expected 2 (length-delimited)")
        expectBadRequest(ProtoWriter.object(apiVersion: "example.com/v2", kind: "Everything") { $0.string(1, "five") }, "field 1 (count)")
        expectBadRequest(ProtoWriter.object(apiVersion: "example.com/v2", kind: "Everything") { $0.message(11) { $0.data(1, Array("{nope".utf8)) } }, "does not hold JSON")
        expectBadRequest(ProtoWriter.object(apiVersion: "example.com/v2", kind: "Everything") { $0.message(8) { $0.int(1, 7) } }, "IntOrString type 7")
        expectBadRequest(ProtoWriter.object(apiVersion: "example.com/v2", kind: "Everything") { $0.message(5) { $0.int(1, Int64.max) } }, "out of range")
        expectBadRequest(ProtoWriter.envelope(apiVersion: "v1", kind: "ConfigMap", raw: [], contentEncoding: "gzip"), "content encoding \"gzip\"")
        // Truncations: inside a varint, inside a length-delimited value, inside a 64-bit value.
        expectBadRequest(ProtoWriter.envelope(apiVersion: "example.com/v2", kind: "Everything", raw: [0x08, 0x80]), "unexpected end of data while reading a varint")
        expectBadRequest(ProtoWriter.envelope(apiVersion: "v1", kind: "ConfigMap", raw: [0x0A, 0x05, 0x0A]), "unexpected end of data")
        expectBadRequest(ProtoWriter.envelope(apiVersion: "example.com/v2", kind: "Everything", raw: [0x19, 0, 0]), "a 64-bit value")
        expectBadRequest(Array(ProtoWriter.object(apiVersion: "v1", kind: "ConfigMap", meta).dropLast(3)), "unexpected end of data")
        expectBadRequest(ProtoWriter.envelope(apiVersion: "v1", kind: "ConfigMap", raw: [0x0B]), "invalid wire type 3")
        expectBadRequest(ProtoWriter.envelope(apiVersion: "v1", kind: "ConfigMap", raw: [0x02, 0x00]), "invalid field number 0")
        expectBadRequest(ProtoWriter.envelope(apiVersion: "example.com/v2", kind: "Everything", raw: [0x08] + Array(repeating: 0xFF, count: 10) + [0x01]), "longer than 64 bits")
    }

    @Test("unknown fields holding zero values (as Kubernetes writes every non-pointer field) are passed over")
    func zeroUnknownFields() throws {
        let body = ProtoWriter.object(apiVersion: "v1", kind: "ConfigMap") { map in
            map.objectMeta(1, name: "c")
            map.int(40, 0)
            map.string(41, "")
        }
        #expect(try decode(body) == ["apiVersion": "v1", "kind": "ConfigMap", "metadata": ["name": "c"]])
    }

    @Test("nesting deeper than the limit is refused, not a stack overflow")
    func deepNesting() {
        var inner: [UInt8] = []
        for _ in 0..<(ProtobufMessageDecoder.maxDepth + 5) {
            var writer = ProtoWriter()
            writer.data(15, inner)
            inner = writer.bytes
        }
        expectBadRequest(ProtoWriter.envelope(apiVersion: "example.com/v2", kind: "Everything", raw: inner), "nested more than")
    }

    @Test("random bytes and mutated envelopes never crash: each decodes or is a 400")
    func fuzz() {
        var random = SplitMix64(seed: 0x6B38_7300)
        let valid = ProtoWriter.object(apiVersion: "example.com/v2", kind: "Everything") { m in
            m.int(1, 3)
            m.packed(4, [1, 2])
            m.message(5) { $0.int(1, 10) }
            m.message(8) { $0.int(1, 1); $0.string(3, "http") }
            m.quantityEntry(12, "cpu", "1")
            m.message(15) { $0.string(14, "x"); $0.message(11) { $0.data(1, Array("{}".utf8)) } }
        }
        var decoded = 0
        for round in 0..<3_000 {
            var bytes: [UInt8]
            if round % 3 == 0 {
                bytes = ProtobufEnvelope.magic + (0..<Int(random.next() % 64)).map { _ in UInt8(truncatingIfNeeded: random.next()) }
            } else {
                bytes = valid
                for _ in 0..<(1 + Int(random.next() % 4)) {
                    let index = 4 + Int(random.next() % UInt64(bytes.count - 4))
                    bytes[index] = UInt8(truncatingIfNeeded: random.next())
                }
                if round % 3 == 2 { bytes = Array(bytes.prefix(4 + Int(random.next() % UInt64(bytes.count - 3)))) }
            }
            do {
                _ = try ProtobufRequestBody.decode(bytes, decoder: ProtoTestTypes.decoder)
                decoded += 1
            } catch {
                #expect(error.code == 400)
            }
        }
        #expect(decoded < 3_000)
    }
}

/// A small deterministic random generator, so fuzz rounds are reproducible.
struct SplitMix64 {
    /// The generator's state.
    var state: UInt64
    /// A generator starting from `seed`.
    init(seed: UInt64) { state = seed }
    /// The next 64 random bits.
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
