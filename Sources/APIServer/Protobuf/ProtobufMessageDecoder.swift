import Foundation
import Kernel

/// Converts a protobuf-encoded Kubernetes object into its JSON form, driven by the type
/// definitions: each field number is looked up in the message's `TypeDefinition` and its value
/// converted by the field's `FieldType`, as Go's JSON encoding of the same object would write it.
///
/// Zero scalars of fields that are neither pointers nor required are dropped (Go's
/// `omitempty`; Kubernetes' protobuf encoder writes every non-pointer field, zero or not), and
/// empty nested messages are kept as `{}`. Unknown field numbers carrying a non-zero value,
/// wrong wire types, truncated data and nesting beyond `maxDepth` throw a `ProtobufError`.
struct ProtobufMessageDecoder: Sendable {
    /// The deepest nesting of messages accepted; bodies are at most 3 MiB, so without a limit
    /// a chain of tiny nested messages could exhaust the stack.
    static let maxDepth = 100

    /// The definitions by name, which `.ref` fields are resolved against.
    let definitions: [String: TypeDefinition]

    /// A decoder over a set of definitions; the server's own by default.
    init(definitions: [String: TypeDefinition] = APITypes.byName) {
        self.definitions = definitions
    }

    /// The definition of a top-level kind, or nil. The meta/v1 option kinds (`DeleteOptions`, ...)
    /// are registered in every group version, as in Kubernetes: "apps/v1" DeleteOptions is meta's.
    func definition(for kind: GroupVersionKind) -> TypeDefinition? {
        if let found = definitions.values.first(where: { $0.kind == kind }) { return found }
        guard kind.version == "v1" else { return nil }
        return definitions.values.first {
            $0.name.hasPrefix("io.k8s.apimachinery.pkg.apis.meta.v1.") && $0.kind?.kind == kind.kind && $0.kind?.kind.hasSuffix("Options") == true
        }
    }

    /// The JSON object for the encoded message `bytes` of `definition`.
    func decodeMessage(_ bytes: ArraySlice<UInt8>, as definition: TypeDefinition, depth: Int = 0) throws(ProtobufError) -> JSONValue {
        guard depth < Self.maxDepth else { throw .tooDeep(Self.maxDepth) }
        var reader = ProtobufWireReader(bytes)
        var members: [String: JSONValue] = [:]
        var lists: [String: [JSONValue]] = [:]
        var maps: [String: [String: JSONValue]] = [:]
        while let (number, wireType) = try reader.readTag() {
            guard let field = definition.fields.first(where: { $0.proto == number && $0.embeddedIn == nil }) else {
                let embedded = definition.fields.filter { $0.embeddedIn == number }
                if embedded.isEmpty {
                    try skipUnknown(number, wireType, in: definition, reader: &reader)
                } else {
                    // An inline Go struct: its own message on the wire, its fields at this level in JSON.
                    try FieldSite(type: definition.name, field: embedded[0].name, number: number, depth: depth).expect(wireType, .lengthDelimited)
                    let inline = TypeDefinition("\(definition.name) (embedded field \(number))", description: "",
                                                fields: embedded.map(Self.unembedded))
                    if case .object(let inner) = try decodeMessage(reader.readLengthDelimited(), as: inline, depth: depth + 1) {
                        members.merge(inner) { _, new in new }
                    }
                }
                continue
            }
            let site = FieldSite(type: definition.name, field: field.name, number: number, depth: depth)
            switch field.type {
            case .array(let element):
                if Self.isPackable(element), wireType == .lengthDelimited {
                    var packed = ProtobufWireReader(try reader.readLengthDelimited())
                    while !packed.isAtEnd {
                        lists[field.name, default: []].append(try value(element, Self.wireType(of: element), reader: &packed, at: site))
                    }
                } else {
                    lists[field.name, default: []].append(try value(element, wireType, reader: &reader, at: site))
                }
            case .map(let valueType):
                try site.expect(wireType, .lengthDelimited)
                let (key, entry) = try mapEntry(valueType, reader.readLengthDelimited(), at: site)
                maps[field.name, default: [:]][key] = entry
            default:
                let decoded = try value(field.type, wireType, reader: &reader, at: site)
                // Zeros are dropped (omitempty) unless the field is a pointer or required (Go writes those).
                members[field.name] = (!field.pointer && !field.required || Self.alwaysDropsZero(field.type)) && Self.isZero(decoded, field.type) ? nil : decoded
            }
        }
        for (name, list) in lists { members[name] = .array(list) }
        for (name, map) in maps { members[name] = .object(map) }
        return .object(members)
    }

    /// A field of an embedded struct as a field of the embedded message itself.
    static func unembedded(_ field: FieldDefinition) -> FieldDefinition {
        var copy = field
        copy.embeddedIn = nil
        return copy
    }

    /// Reads a value the definition has no field for: a zero value (which Kubernetes'
    /// encoder writes for every non-pointer field, including ones this server does not
    /// define) is passed over; anything else is refused.
    private func skipUnknown(_ number: Int, _ wireType: ProtobufWireType, in definition: TypeDefinition, reader: inout ProtobufWireReader) throws(ProtobufError) {
        let isZero: Bool
        switch wireType {
        case .varint: isZero = try reader.readVarint() == 0
        case .fixed64: isZero = try reader.readFixed64() == 0
        case .fixed32: isZero = try reader.readFixed32() == 0
        case .lengthDelimited: isZero = try reader.readLengthDelimited().isEmpty
        case .startGroup, .endGroup: throw .invalidWireType(wireType.rawValue, field: number)
        }
        guard isZero else { throw .unknownField(type: definition.name, number: number) }
    }

    /// One value of `type`, read from `reader` after a tag of `wireType`.
    private func value(_ type: FieldType, _ wireType: ProtobufWireType, reader: inout ProtobufWireReader, at site: FieldSite) throws(ProtobufError) -> JSONValue {
        try site.expect(wireType, Self.wireType(of: type))
        switch type {
        case .string:
            return .string(String(decoding: try reader.readLengthDelimited(), as: UTF8.self))
        case .integer(let bits):
            let raw = try reader.readVarint()
            return .int(bits == 32 ? Int64(Int32(truncatingIfNeeded: raw)) : Int64(bitPattern: raw))
        case .number:
            return .double(Double(bitPattern: try reader.readFixed64()))
        case .boolean:
            return .bool(try reader.readVarint() != 0)
        case .bytes:
            return .string(Data(try reader.readLengthDelimited()).base64EncodedString())
        case .quantity:
            return try ProtobufWellKnownTypes.quantity(reader.readLengthDelimited(), at: site)
        case .intOrString:
            return try ProtobufWellKnownTypes.intOrString(reader.readLengthDelimited(), at: site)
        case .time:
            return try ProtobufWellKnownTypes.time(reader.readLengthDelimited(), fractionalDigits: 0, at: site)
        case .microTime:
            return try ProtobufWellKnownTypes.time(reader.readLengthDelimited(), fractionalDigits: 6, at: site)
        case .freeform:
            return try ProtobufWellKnownTypes.rawExtension(reader.readLengthDelimited(), at: site)
        case .ref(let name):
            guard let nested = definitions[name] else { throw .unknownDefinition(name) }
            return try decodeMessage(reader.readLengthDelimited(), as: nested, depth: site.depth + 1)
        case .map(let valueType):
            // A map as a list element or map value has no protobuf form of its own; read it as
            // one entry so that nothing is silently lost.
            let (key, entry) = try mapEntry(valueType, reader.readLengthDelimited(), at: site)
            return .object([key: entry])
        case .array:
            throw .invalidValue("field \(site.number) (\(site.field)) of \(site.type) is a list of lists, which protobuf cannot carry")
        }
    }

    /// One map entry message: key = 1 (string), value = 2 (of `valueType`); a missing value
    /// is the type's zero value.
    private func mapEntry(_ valueType: FieldType, _ bytes: ArraySlice<UInt8>, at site: FieldSite) throws(ProtobufError) -> (String, JSONValue) {
        guard site.depth + 1 < Self.maxDepth else { throw .tooDeep(Self.maxDepth) }
        var reader = ProtobufWireReader(bytes)
        var key = ""
        var entry: JSONValue?
        let entrySite = FieldSite(type: "\(site.type).\(site.field) entry", field: "value", number: 2, depth: site.depth + 1)
        while let (number, wireType) = try reader.readTag() {
            switch number {
            case 1:
                try FieldSite(type: entrySite.type, field: "key", number: 1, depth: entrySite.depth).expect(wireType, .lengthDelimited)
                key = String(decoding: try reader.readLengthDelimited(), as: UTF8.self)
            case 2:
                entry = try value(valueType, wireType, reader: &reader, at: entrySite)
            default:
                throw .unknownField(type: entrySite.type, number: number)
            }
        }
        return (key, entry ?? Self.zeroValue(valueType))
    }

    /// The wire type a value of `type` travels as.
    static func wireType(of type: FieldType) -> ProtobufWireType {
        switch type {
        case .integer, .boolean: .varint
        case .number: .fixed64
        default: .lengthDelimited
        }
    }

    /// Scalars a repeated field may pack into one length-delimited run.
    static func isPackable(_ type: FieldType) -> Bool {
        switch type {
        case .integer, .boolean, .number: true
        default: false
        }
    }

    /// Values that mean "unset" even for pointer fields: a zero time and an empty RawExtension
    /// are written as JSON null by Go, and are left out here instead.
    static func alwaysDropsZero(_ type: FieldType) -> Bool {
        switch type {
        case .time, .microTime, .freeform: true
        default: false
        }
    }

    /// Whether a converted value is the zero value of its type, which Go's `omitempty` leaves out.
    static func isZero(_ value: JSONValue, _ type: FieldType) -> Bool {
        switch (type, value) {
        case (.string, .string(let text)), (.bytes, .string(let text)): text.isEmpty
        case (.integer, .int(let number)): number == 0
        case (.number, .double(let number)): number == 0
        case (.boolean, .bool(let flag)): !flag
        case (.intOrString, .int(let number)): number == 0
        case (.intOrString, .string(let text)): text.isEmpty
        case (_, .null): true
        default: false
        }
    }

    /// The zero value of a type, for a map entry without a value.
    static func zeroValue(_ type: FieldType) -> JSONValue {
        switch type {
        case .string, .bytes: ""
        case .integer, .intOrString: 0
        case .number: .double(0)
        case .boolean: false
        case .quantity: "0"
        case .ref, .map: .object([:])
        case .array: .array([])
        case .time, .microTime, .freeform: .null
        }
    }
}

/// Where a value is being read: the message type, the field's JSON name and number, and the
/// nesting depth; used for error messages.
struct FieldSite: Sendable {
    /// The definition name of the message holding the field.
    let type: String
    /// The field's JSON name.
    let field: String
    /// The field's protobuf number.
    let number: Int
    /// How deep the holding message is nested.
    let depth: Int

    /// Throws unless the value arrived with the wire type its definition requires.
    func expect(_ got: ProtobufWireType, _ expected: ProtobufWireType) throws(ProtobufError) {
        guard got == expected else { throw .wrongWireType(type: type, field: field, number: number, got: got, expected: expected) }
    }
}
