/// What is wrong with a protobuf request body. Every case becomes a 400 BadRequest `Status`
/// whose message says which type and field could not be read.
enum ProtobufError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The body does not start with Kubernetes' magic bytes `k8s\0`.
    case missingMagic
    /// The data ended inside a value.
    case truncated(String)
    /// A varint longer than ten bytes or above 2^64-1.
    case varintOverflow
    /// A tag with field number 0 or above the largest allowed.
    case invalidFieldNumber(Int)
    /// A tag with a wire type that does not exist (or a group).
    case invalidWireType(Int, field: Int)
    /// A field carrying a value of the wrong wire type for its definition.
    case wrongWireType(type: String, field: String, number: Int, got: ProtobufWireType, expected: ProtobufWireType)
    /// A field number the definition of the type does not have.
    case unknownField(type: String, number: Int)
    /// The envelope names a kind the server has no definition for.
    case unknownKind(apiVersion: String, kind: String)
    /// A field refers to a definition the server does not have.
    case unknownDefinition(String)
    /// A value that cannot be expressed (a time out of range, a RawExtension that is not JSON, ...).
    case invalidValue(String)
    /// Messages nested deeper than the limit.
    case tooDeep(Int)
    /// The envelope declares a content encoding (compression) the server does not read.
    case unsupportedEncoding(String)
    /// The envelope's `raw` bytes are in another format than protobuf.
    case unsupportedContentType(String)

    /// A sentence for the `Status` message.
    var description: String {
        switch self {
        case .missingMagic: "the body does not start with the protobuf magic prefix \"k8s\\0\""
        case .truncated(let what): "unexpected end of data while reading \(what)"
        case .varintOverflow: "a varint is longer than 64 bits"
        case .invalidFieldNumber(let number): "invalid field number \(number)"
        case .invalidWireType(let wireType, let field): "invalid wire type \(wireType) for field \(field)"
        case .wrongWireType(let type, let field, let number, let got, let expected):
            "field \(number) (\(field)) of \(type) has wire type \(got), expected \(expected)"
        case .unknownField(let type, let number): "unknown field number \(number) in \(type)"
        case .unknownKind(let apiVersion, let kind): "no kind \"\(kind)\" is registered for version \"\(apiVersion)\""
        case .unknownDefinition(let name): "no type definition for \(name)"
        case .invalidValue(let message): message
        case .tooDeep(let limit): "messages are nested more than \(limit) levels deep"
        case .unsupportedEncoding(let encoding): "unsupported content encoding \"\(encoding)\" in the protobuf envelope"
        case .unsupportedContentType(let type): "unsupported content type \"\(type)\" in the protobuf envelope"
        }
    }
}
