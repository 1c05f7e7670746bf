import Foundation
import Hummingbird
import Kernel

/// Reads and decodes request bodies under the API's limits.
enum RequestBodyReader {
    /// The largest body accepted, as Kubernetes: 3 MiB.
    static let maxBodyBytes = 3 * 1024 * 1024

    /// Media types accepted for object bodies.
    static let acceptedMediaTypes = ["application/json", YAMLRequestBody.mediaType, ProtobufRequestBody.mediaType]

    /// Reads a JSON object body: 415 for another content type, 413 above the size limit,
    /// 400 for an empty or malformed document.
    static func readJSON(_ request: Request) async throws -> JSONValue {
        try checkContentType(request)
        let data = try await readBytes(request)
        guard !data.isEmpty else { throw APIError.badRequest("the request body is empty; expected a JSON object") }
        if let decoded = try decodeOtherFormat(request, data) { return decoded }
        do {
            return try JSONValue(parsing: Data(data))
        } catch let error as JSONValue.ParseError {
            throw APIError.badRequest("couldn't get version/kind; json parse error: \(error.reason)")
        }
    }

    /// Reads an optional JSON body (DeleteOptions): nil when there is none; the content type is
    /// only checked when a body is present.
    static func readOptionalJSON(_ request: Request) async throws -> JSONValue? {
        let data = try await readBytes(request)
        if data.allSatisfy({ $0 == 0x20 || $0 == 0x0a || $0 == 0x0d || $0 == 0x09 }) { return nil }
        try checkContentType(request)
        if let decoded = try decodeOtherFormat(request, data) { return decoded }
        do {
            return try JSONValue(parsing: Data(data))
        } catch let error as JSONValue.ParseError {
            throw APIError.badRequest("couldn't get version/kind; json parse error: \(error.reason)")
        }
    }

    /// Decodes a protobuf or YAML body into its JSON object; nil for JSON, which the caller parses.
    private static func decodeOtherFormat(_ request: Request, _ data: [UInt8]) throws -> JSONValue? {
        switch request.headers[.contentType]?.split(separator: ";", maxSplits: 1).first.map({ $0.trimmingSpaces.lowercased() }) {
        case ProtobufRequestBody.mediaType: try ProtobufRequestBody.decode(data)
        case YAMLRequestBody.mediaType: try YAMLRequestBody.decode(data)
        default: nil
        }
    }

    /// Refuses bodies in a format the server does not read. A request without a Content-Type
    /// is read as JSON, the first format served, as Kubernetes does (some official clients send
    /// JSON bodies without the header).
    private static func checkContentType(_ request: Request) throws {
        let header = request.headers[.contentType] ?? ""
        let mediaType = header.split(separator: ";", maxSplits: 1).first.map { $0.trimmingSpaces.lowercased() } ?? ""
        guard mediaType.isEmpty || acceptedMediaTypes.contains(mediaType) else {
            throw APIError(code: 415, reason: "UnsupportedMediaType",
                           message: "the body of the request was in an unknown format - accepted media types include: \(acceptedMediaTypes.joined(separator: ", "))")
        }
    }

    /// The raw body bytes: 413 above the size limit.
    static func readBytes(_ request: Request) async throws -> [UInt8] {
        let tooLarge = APIError(code: 413, reason: "RequestEntityTooLarge", message: "Request entity too large: limit is \(maxBodyBytes)")
        if let declared = request.headers[.contentLength].flatMap({ Int($0) }), declared > maxBodyBytes {
            throw tooLarge
        }
        do {
            let buffer = try await request.body.collect(upTo: maxBodyBytes)
            return Array(buffer.readableBytesView)
        } catch let error as any HTTPResponseError where error.status == .contentTooLarge {
            throw tooLarge
        }
    }
}
