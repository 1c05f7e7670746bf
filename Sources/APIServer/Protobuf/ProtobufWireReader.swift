/// Reads protocol buffers' wire format: tags, varints, 64- and 32-bit words and
/// length-delimited runs, from a byte slice. Every read checks the bounds and throws a
/// `ProtobufError` instead of reading past the end.
struct ProtobufWireReader {
    /// The bytes still to read.
    private var bytes: ArraySlice<UInt8>

    /// A reader over `bytes`.
    init(_ bytes: ArraySlice<UInt8>) {
        self.bytes = bytes
    }

    /// A reader over `bytes`.
    init(_ bytes: [UInt8]) {
        self.bytes = bytes[...]
    }

    /// Whether every byte has been read.
    var isAtEnd: Bool { bytes.isEmpty }

    /// The next field's number and wire type; nil at the end of the message. Field number 0,
    /// numbers above 2^29-1 and unknown wire types throw.
    mutating func readTag() throws(ProtobufError) -> (field: Int, wireType: ProtobufWireType)? {
        guard !isAtEnd else { return nil }
        let key = try readVarint()
        let field = key >> 3
        guard field > 0, field <= 0x1FFF_FFFF else { throw .invalidFieldNumber(Int(truncatingIfNeeded: field)) }
        // Groups (wire types 3 and 4) are deprecated and never used by Kubernetes.
        guard let wireType = ProtobufWireType(rawValue: Int(key & 7)), wireType != .startGroup, wireType != .endGroup else {
            throw .invalidWireType(Int(key & 7), field: Int(field))
        }
        return (Int(field), wireType)
    }

    /// A base-128 varint of at most ten bytes.
    mutating func readVarint() throws(ProtobufError) -> UInt64 {
        var result: UInt64 = 0
        var shift: UInt64 = 0
        while true {
            guard let byte = bytes.first else { throw .truncated("a varint") }
            bytes = bytes.dropFirst()
            if shift == 63 && byte > 1 { throw .varintOverflow }
            result |= UInt64(byte & 0x7F) << shift
            if byte & 0x80 == 0 { return result }
            shift += 7
            if shift > 63 { throw .varintOverflow }
        }
    }

    /// A little-endian 64-bit word (fixed64, sfixed64, double).
    mutating func readFixed64() throws(ProtobufError) -> UInt64 {
        guard bytes.count >= 8 else { throw .truncated("a 64-bit value") }
        var result: UInt64 = 0
        for (index, byte) in bytes.prefix(8).enumerated() { result |= UInt64(byte) << (8 * UInt64(index)) }
        bytes = bytes.dropFirst(8)
        return result
    }

    /// A little-endian 32-bit word (fixed32, sfixed32, float).
    mutating func readFixed32() throws(ProtobufError) -> UInt32 {
        guard bytes.count >= 4 else { throw .truncated("a 32-bit value") }
        var result: UInt32 = 0
        for (index, byte) in bytes.prefix(4).enumerated() { result |= UInt32(byte) << (8 * UInt32(index)) }
        bytes = bytes.dropFirst(4)
        return result
    }

    /// A length-prefixed run of bytes (string, bytes, embedded message, packed repeated).
    mutating func readLengthDelimited() throws(ProtobufError) -> ArraySlice<UInt8> {
        let length = try readVarint()
        guard length <= UInt64(bytes.count) else { throw .truncated("a length-delimited value of \(length) bytes") }
        let run = bytes.prefix(Int(length))
        bytes = bytes.dropFirst(Int(length))
        return run
    }

    /// Reads past one value of `wireType`; groups (deprecated, never used by Kubernetes) throw.
    mutating func skip(_ wireType: ProtobufWireType, field: Int) throws(ProtobufError) {
        switch wireType {
        case .varint: _ = try readVarint()
        case .fixed64: _ = try readFixed64()
        case .lengthDelimited: _ = try readLengthDelimited()
        case .fixed32: _ = try readFixed32()
        case .startGroup, .endGroup: throw .invalidWireType(wireType.rawValue, field: field)
        }
    }
}

/// The wire types of protocol buffers' encoding.
enum ProtobufWireType: Int, Sendable, CustomStringConvertible {
    /// int32, int64, uint32, uint64, sint32, sint64, bool, enum.
    case varint = 0
    /// fixed64, sfixed64, double.
    case fixed64 = 1
    /// string, bytes, embedded messages, packed repeated fields.
    case lengthDelimited = 2
    /// The start of a group (deprecated).
    case startGroup = 3
    /// The end of a group (deprecated).
    case endGroup = 4
    /// fixed32, sfixed32, float.
    case fixed32 = 5

    /// The wire type's number and name: "2 (length-delimited)".
    var description: String {
        let names = ["varint", "64-bit", "length-delimited", "start group", "end group", "32-bit"]
        return "\(rawValue) (\(names[rawValue]))"
    }
}
