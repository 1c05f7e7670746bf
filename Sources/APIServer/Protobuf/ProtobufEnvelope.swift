/// Kubernetes' protobuf envelope: the four magic bytes `k8s\0`, then a `runtime.Unknown`
/// message carrying the object's apiVersion and kind beside its encoded bytes.
///
/// ```
/// message Unknown { TypeMeta typeMeta = 1; bytes raw = 2; string contentEncoding = 3; string contentType = 4; }
/// message TypeMeta { string apiVersion = 1; string kind = 2; }
/// ```
struct ProtobufEnvelope: Sendable, Equatable {
    /// The magic prefix of every Kubernetes protobuf document.
    static let magic: [UInt8] = [0x6B, 0x38, 0x73, 0x00]

    /// The object's apiVersion, "apps/v1".
    var apiVersion = ""
    /// The object's kind, "Deployment".
    var kind = ""
    /// The object itself, encoded as the message of its kind.
    var raw: [UInt8] = []
    /// A compression of `raw` (always empty in practice).
    var contentEncoding = ""
    /// The format of `raw`; empty means protobuf.
    var contentType = ""

    /// Reads an envelope: the magic prefix, then the Unknown message. Unknown fields of the
    /// envelope are skipped, as they carry nothing the server needs.
    init(parsing bytes: [UInt8]) throws(ProtobufError) {
        guard bytes.count >= Self.magic.count, Array(bytes.prefix(Self.magic.count)) == Self.magic else { throw .missingMagic }
        var reader = ProtobufWireReader(bytes.dropFirst(Self.magic.count))
        while let (field, wireType) = try reader.readTag() {
            switch (field, wireType) {
            case (1, .lengthDelimited):
                var typeMeta = ProtobufWireReader(try reader.readLengthDelimited())
                while let (inner, innerWire) = try typeMeta.readTag() {
                    switch (inner, innerWire) {
                    case (1, .lengthDelimited): apiVersion = String(decoding: try typeMeta.readLengthDelimited(), as: UTF8.self)
                    case (2, .lengthDelimited): kind = String(decoding: try typeMeta.readLengthDelimited(), as: UTF8.self)
                    case (1, _), (2, _):
                        throw .wrongWireType(type: "runtime.TypeMeta", field: inner == 1 ? "apiVersion" : "kind", number: inner, got: innerWire, expected: .lengthDelimited)
                    default: try typeMeta.skip(innerWire, field: inner)
                    }
                }
            case (2, .lengthDelimited): raw = Array(try reader.readLengthDelimited())
            case (3, .lengthDelimited): contentEncoding = String(decoding: try reader.readLengthDelimited(), as: UTF8.self)
            case (4, .lengthDelimited): contentType = String(decoding: try reader.readLengthDelimited(), as: UTF8.self)
            case (1...4, _):
                let names = [1: "typeMeta", 2: "raw", 3: "contentEncoding", 4: "contentType"]
                throw .wrongWireType(type: "runtime.Unknown", field: names[field]!, number: field, got: wireType, expected: .lengthDelimited)
            default: try reader.skip(wireType, field: field)
            }
        }
    }

    /// The envelope's group, version and kind: "apps/v1" is (apps, v1), "v1" is ("", v1).
    var groupVersionKind: GroupVersionKind {
        let parts = apiVersion.split(separator: "/", maxSplits: 1, omittingEmptySubsequences: false)
        if parts.count == 2 { return GroupVersionKind(group: String(parts[0]), version: String(parts[1]), kind: kind) }
        return GroupVersionKind(group: "", version: apiVersion, kind: kind)
    }
}
