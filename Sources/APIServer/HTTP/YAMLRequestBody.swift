import Kernel

/// YAML request bodies (`application/yaml`): one document holding one object, read with the
/// same YAML rules as manifests and the cluster config.
enum YAMLRequestBody {
    /// The media type of YAML bodies.
    static let mediaType = "application/yaml"

    /// The JSON object of a YAML body; a syntax error, several documents or a document that is
    /// not a mapping is a 400 BadRequest.
    static func decode(_ bytes: [UInt8]) throws(APIError) -> JSONValue {
        let documents: [JSONValue]
        do {
            documents = try YAMLDocuments.parse(String(decoding: bytes, as: UTF8.self), file: "request body")
        } catch {
            throw APIError.badRequest("the YAML request body could not be parsed: \(error)")
        }
        guard documents.count == 1 else {
            throw APIError.badRequest("the YAML request body must hold exactly one document, found \(documents.count)")
        }
        guard case .object = documents[0] else {
            let found = switch documents[0] {
            case .array: "a list"
            case .string: "a string"
            case .int, .double: "a number"
            case .bool: "a boolean"
            default: "null"
            }
            throw APIError.badRequest("the YAML request body must be a mapping (an object), not \(found)")
        }
        return documents[0]
    }
}
