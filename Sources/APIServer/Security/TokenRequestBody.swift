import Foundation
import Hummingbird
import Kernel

/// Reads the body of a TokenRequest or SelfSubjectReview in either format kubectl sends: JSON,
/// or Kubernetes protobuf (`application/vnd.kubernetes.protobuf`, the `k8s\0` envelope around
/// `runtime.Unknown`), which kubectl's typed clients use for these calls. Only the fields a
/// TokenRequest's spec carries are read from protobuf: `audiences` (1), `boundObjectRef` (3:
/// kind 1, apiVersion 2, name 3, uid 4) and `expirationSeconds` (4).
enum TokenRequestBody {
    /// The protobuf media type.
    static let protobufMediaType = "application/vnd.kubernetes.protobuf"

    /// The body as JSON (a protobuf TokenRequest becomes `{"spec": {...}}`); `{}` when empty.
    static func read(_ request: Request) async throws -> JSONValue {
        let bytes = try await RequestBodyReader.readBytes(request)
        let mediaType = (request.headers[.contentType] ?? "").split(separator: ";").first.map { $0.trimmingCharacters(in: .whitespaces).lowercased() } ?? ""
        if mediaType == protobufMediaType {
            guard let spec = protobufSpec(bytes) else {
                throw APIError.badRequest("the protobuf body is not a valid authentication.k8s.io/v1 object")
            }
            return ["spec": spec]
        }
        if bytes.allSatisfy({ $0 == 0x20 || $0 == 0x0a || $0 == 0x0d || $0 == 0x09 }) { return [:] }
        guard mediaType.isEmpty || mediaType == "application/json" else {
            throw APIError(code: 415, reason: "UnsupportedMediaType",
                           message: "the body of the request was in an unknown format - accepted media types include: application/json, \(protobufMediaType)")
        }
        do {
            return try JSONValue(parsing: Data(bytes))
        } catch let error as JSONValue.ParseError {
            throw APIError.badRequest("couldn't get version/kind; json parse error: \(error.reason)")
        }
    }

    /// The spec of a protobuf TokenRequest (empty for a SelfSubjectReview); nil when malformed.
    static func protobufSpec(_ bytes: [UInt8]) -> JSONValue? {
        guard bytes.count >= 4, Array(bytes[0..<4]) == [0x6b, 0x38, 0x73, 0x00] else { return nil }
        // runtime.Unknown: typeMeta 1, raw 2, contentEncoding 3, contentType 4.
        guard let unknown = fields(bytes[4...]), let raw = unknown.first(where: { $0.number == 2 })?.bytes ?? .some([]) else { return nil }
        guard let object = fields(raw[...]) else { return nil }
        var spec: JSONValue = [:]
        guard let specBytes = object.first(where: { $0.number == 2 })?.bytes, let specFields = fields(specBytes[...]) else { return spec }
        var audiences: [JSONValue] = []
        for field in specFields {
            switch field.number {
            case 1:
                if let text = field.bytes.flatMap({ String(bytes: $0, encoding: .utf8) }) { audiences.append(.string(text)) }
            case 3:
                guard let reference = field.bytes.flatMap({ fields($0[...]) }) else { return nil }
                var bound: JSONValue = [:]
                for (number, key) in [(1, "kind"), (2, "apiVersion"), (3, "name"), (4, "uid")] {
                    if let text = reference.first(where: { $0.number == number })?.bytes.flatMap({ String(bytes: $0, encoding: .utf8) }) {
                        bound[key] = .string(text)
                    }
                }
                spec["boundObjectRef"] = bound
            case 4:
                if let value = field.varint { spec["expirationSeconds"] = .int(Int64(bitPattern: value)) }
            default:
                break
            }
        }
        spec["audiences"] = .array(audiences)
        return spec
    }

    /// One protobuf field: its number and either a varint or length-delimited bytes.
    struct Field {
        let number: Int
        let varint: UInt64?
        let bytes: [UInt8]?
    }

    /// The fields of one message; nil when the encoding is broken.
    static func fields(_ data: ArraySlice<UInt8>) -> [Field]? {
        var index = data.startIndex
        var result: [Field] = []
        func varint() -> UInt64? {
            var value: UInt64 = 0
            var shift: UInt64 = 0
            while index < data.endIndex, shift < 64 {
                let byte = data[index]
                index += 1
                value |= UInt64(byte & 0x7f) << shift
                if byte & 0x80 == 0 { return value }
                shift += 7
            }
            return nil
        }
        while index < data.endIndex {
            guard let key = varint() else { return nil }
            let number = Int(key >> 3)
            switch key & 7 {
            case 0:
                guard let value = varint() else { return nil }
                result.append(Field(number: number, varint: value, bytes: nil))
            case 2:
                guard let length = varint(), length <= UInt64(data.endIndex - index) else { return nil }
                let end = index + Int(length)
                result.append(Field(number: number, varint: nil, bytes: Array(data[index..<end])))
                index = end
            case 1:
                guard data.endIndex - index >= 8 else { return nil }
                index += 8
            case 5:
                guard data.endIndex - index >= 4 else { return nil }
                index += 4
            default:
                return nil
            }
        }
        return result
    }
}
