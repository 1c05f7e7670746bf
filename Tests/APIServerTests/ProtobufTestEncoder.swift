import Foundation

/// A test-only protocol buffers writer: builds messages field by field, and Kubernetes'
/// envelope around them, to feed the server's protobuf body decoder.
struct ProtoWriter {
    /// The encoded message so far.
    var bytes: [UInt8] = []

    /// A base-128 varint.
    static func varint(_ value: UInt64) -> [UInt8] {
        var value = value
        var out: [UInt8] = []
        repeat {
            var byte = UInt8(value & 0x7F)
            value >>= 7
            if value != 0 { byte |= 0x80 }
            out.append(byte)
        } while value != 0
        return out
    }

    /// A tag: field number and wire type.
    mutating func tag(_ field: Int, _ wireType: Int) {
        bytes += Self.varint(UInt64(field << 3 | wireType))
    }

    /// An int32/int64/bool field (negative numbers as ten-byte two's complement, as protobuf does).
    mutating func int(_ field: Int, _ value: Int64) {
        tag(field, 0)
        bytes += Self.varint(UInt64(bitPattern: value))
    }

    /// A bool field.
    mutating func bool(_ field: Int, _ value: Bool) { int(field, value ? 1 : 0) }

    /// A double field.
    mutating func double(_ field: Int, _ value: Double) {
        tag(field, 1)
        var bits = value.bitPattern
        for _ in 0..<8 { bytes.append(UInt8(bits & 0xFF)); bits >>= 8 }
    }

    /// A length-delimited field.
    mutating func data(_ field: Int, _ value: [UInt8]) {
        tag(field, 2)
        bytes += Self.varint(UInt64(value.count)) + value
    }

    /// A string field.
    mutating func string(_ field: Int, _ value: String) { data(field, Array(value.utf8)) }

    /// An embedded message field.
    mutating func message(_ field: Int, _ build: (inout ProtoWriter) -> Void) {
        var inner = ProtoWriter()
        build(&inner)
        data(field, inner.bytes)
    }

    /// A map<string, string> entry.
    mutating func entry(_ field: Int, _ key: String, _ value: String) {
        message(field) { $0.string(1, key); $0.string(2, value) }
    }

    /// A map<string, bytes> entry.
    mutating func entry(_ field: Int, _ key: String, bytes value: [UInt8]) {
        message(field) { $0.string(1, key); $0.data(2, value) }
    }

    /// A map<string, Quantity> entry.
    mutating func quantityEntry(_ field: Int, _ key: String, _ value: String) {
        message(field) { entry in
            entry.string(1, key)
            entry.message(2) { $0.string(1, value) }
        }
    }

    /// A packed repeated varint field.
    mutating func packed(_ field: Int, _ values: [Int64]) {
        data(field, values.flatMap { Self.varint(UInt64(bitPattern: $0)) })
    }

    /// Kubernetes' envelope: `k8s\0` and a runtime.Unknown holding `raw`.
    static func envelope(apiVersion: String, kind: String, raw: [UInt8], contentEncoding: String? = nil) -> [UInt8] {
        var unknown = ProtoWriter()
        unknown.message(1) { $0.string(1, apiVersion); $0.string(2, kind) }
        unknown.data(2, raw)
        if let contentEncoding { unknown.string(3, contentEncoding) }
        unknown.string(4, "")
        return [0x6B, 0x38, 0x73, 0x00] + unknown.bytes
    }

    /// An envelope around a message built in place.
    static func object(apiVersion: String, kind: String, _ build: (inout ProtoWriter) -> Void) -> [UInt8] {
        var writer = ProtoWriter()
        build(&writer)
        return envelope(apiVersion: apiVersion, kind: kind, raw: writer.bytes)
    }

    /// An ObjectMeta as Kubernetes' encoder writes it: every non-pointer field, zero or not.
    mutating func objectMeta(_ field: Int, name: String, namespace: String = "", labels: [(String, String)] = []) {
        message(field) { meta in
            meta.string(1, name)
            meta.string(2, "")
            meta.string(3, namespace)
            meta.string(4, "")
            meta.string(5, "")
            meta.string(6, "")
            meta.int(7, 0)
            meta.data(8, [])  // creationTimestamp: the zero time is an empty message
            for (key, value) in labels { meta.entry(11, key, value) }
        }
    }
}
