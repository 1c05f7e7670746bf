import Kernel

/// Protobuf request bodies (`application/vnd.kubernetes.protobuf`), as kubectl's typed
/// commands and client-go's typed clients send them: the envelope is opened, the kind's
/// definition looked up and the object converted to the JSON the rest of the server handles.
enum ProtobufRequestBody {
    /// The media type of Kubernetes' protobuf encoding.
    static let mediaType = "application/vnd.kubernetes.protobuf"

    /// The JSON object for a protobuf body, with `apiVersion` and `kind` from the envelope;
    /// any problem is a 400 BadRequest naming it.
    static func decode(_ bytes: [UInt8], decoder: ProtobufMessageDecoder = ProtobufMessageDecoder()) throws(APIError) -> JSONValue {
        do {
            let envelope = try ProtobufEnvelope(parsing: bytes)
            guard envelope.contentEncoding.isEmpty else { throw ProtobufError.unsupportedEncoding(envelope.contentEncoding) }
            guard envelope.contentType.isEmpty || envelope.contentType == mediaType else {
                throw ProtobufError.unsupportedContentType(envelope.contentType)
            }
            guard let definition = decoder.definition(for: envelope.groupVersionKind) else {
                throw ProtobufError.unknownKind(apiVersion: envelope.apiVersion, kind: envelope.kind)
            }
            guard case .object(var object) = try decoder.decodeMessage(envelope.raw[...], as: definition) else {
                throw ProtobufError.invalidValue("the body is not an object")
            }
            object["apiVersion"] = .string(envelope.apiVersion)
            object["kind"] = .string(envelope.kind)
            return .object(object)
        } catch {
            throw APIError.badRequest("the protobuf request body could not be decoded: \(error)")
        }
    }
}
