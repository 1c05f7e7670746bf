import Foundation
import Kernel

/// The Kubernetes types with their own protobuf messages and JSON forms: `resource.Quantity`,
/// `intstr.IntOrString`, `metav1.Time`/`MicroTime` and `runtime.RawExtension`.
enum ProtobufWellKnownTypes {
    /// `Quantity { string string = 1 }` → the quantity's string ("0" when empty).
    static func quantity(_ bytes: ArraySlice<UInt8>, at site: FieldSite) throws(ProtobufError) -> JSONValue {
        var reader = ProtobufWireReader(bytes)
        var text = ""
        while let (number, wireType) = try reader.readTag() {
            guard number == 1 else { throw .unknownField(type: "resource.Quantity", number: number) }
            try FieldSite(type: "resource.Quantity", field: "string", number: 1, depth: site.depth + 1).expect(wireType, .lengthDelimited)
            text = String(decoding: try reader.readLengthDelimited(), as: UTF8.self)
        }
        return .string(text.isEmpty ? "0" : text)
    }

    /// `IntOrString { int64 type = 1; int32 intVal = 2; string strVal = 3 }` → a number when
    /// type is 0, a string when it is 1.
    static func intOrString(_ bytes: ArraySlice<UInt8>, at site: FieldSite) throws(ProtobufError) -> JSONValue {
        var reader = ProtobufWireReader(bytes)
        var kind: UInt64 = 0
        var intValue: Int64 = 0
        var stringValue = ""
        let type = "intstr.IntOrString"
        while let (number, wireType) = try reader.readTag() {
            switch number {
            case 1:
                try FieldSite(type: type, field: "type", number: 1, depth: site.depth + 1).expect(wireType, .varint)
                kind = try reader.readVarint()
            case 2:
                try FieldSite(type: type, field: "intVal", number: 2, depth: site.depth + 1).expect(wireType, .varint)
                intValue = Int64(Int32(truncatingIfNeeded: try reader.readVarint()))
            case 3:
                try FieldSite(type: type, field: "strVal", number: 3, depth: site.depth + 1).expect(wireType, .lengthDelimited)
                stringValue = String(decoding: try reader.readLengthDelimited(), as: UTF8.self)
            default:
                throw .unknownField(type: type, number: number)
            }
        }
        switch kind {
        case 0: return .int(intValue)
        case 1: return .string(stringValue)
        default: throw .invalidValue("field \(site.number) (\(site.field)) of \(site.type): IntOrString type \(kind) is neither 0 (int) nor 1 (string)")
        }
    }

    /// `Time { int64 seconds = 1; int32 nanos = 2 }` → RFC 3339 in UTC with `fractionalDigits`
    /// digits of the second (0 for `metav1.Time`, 6 for `MicroTime`); an empty message is the
    /// zero time, JSON null.
    static func time(_ bytes: ArraySlice<UInt8>, fractionalDigits: Int, at site: FieldSite) throws(ProtobufError) -> JSONValue {
        guard !bytes.isEmpty else { return .null }
        var reader = ProtobufWireReader(bytes)
        var seconds: Int64 = 0
        var nanos: Int64 = 0
        let type = "meta.v1.Timestamp"
        while let (number, wireType) = try reader.readTag() {
            switch number {
            case 1:
                try FieldSite(type: type, field: "seconds", number: 1, depth: site.depth + 1).expect(wireType, .varint)
                seconds = Int64(bitPattern: try reader.readVarint())
            case 2:
                try FieldSite(type: type, field: "nanos", number: 2, depth: site.depth + 1).expect(wireType, .varint)
                nanos = Int64(Int32(truncatingIfNeeded: try reader.readVarint()))
            default:
                throw .unknownField(type: type, number: number)
            }
        }
        guard (0..<1_000_000_000).contains(nanos),
              let text = RFC3339.format(seconds: seconds, nanos: nanos, fractionalDigits: fractionalDigits) else {
            throw .invalidValue("field \(site.number) (\(site.field)) of \(site.type): the time \(seconds)s \(nanos)ns is out of range")
        }
        return .string(text)
    }

    /// `RawExtension { bytes raw = 1 }` (and `FieldsV1`, which has the same shape) → the JSON
    /// document `raw` holds; an empty one is null.
    static func rawExtension(_ bytes: ArraySlice<UInt8>, at site: FieldSite) throws(ProtobufError) -> JSONValue {
        var reader = ProtobufWireReader(bytes)
        var raw: ArraySlice<UInt8> = []
        while let (number, wireType) = try reader.readTag() {
            guard number == 1 else { throw .unknownField(type: "runtime.RawExtension", number: number) }
            try FieldSite(type: "runtime.RawExtension", field: "raw", number: 1, depth: site.depth + 1).expect(wireType, .lengthDelimited)
            raw = try reader.readLengthDelimited()
        }
        guard !raw.isEmpty else { return .null }
        do {
            return try JSONValue(parsing: Data(raw))
        } catch {
            throw .invalidValue("field \(site.number) (\(site.field)) of \(site.type) does not hold JSON: \(error)")
        }
    }
}
