import Foundation
import Kernel

/// The opaque `continue` token of a paged LIST: unpadded URL-safe base64 (as Kubernetes uses) of `{"v":"keelson/v1","rv":R,"start":"ns/name"}`,
/// the snapshot revision every page is read at and the last key the previous page returned.
struct ContinueToken: Sendable, Equatable {
    /// The revision the first page was read at; later pages read the same snapshot.
    var revision: Int64
    /// The namespace of the last object returned ("" for cluster-scoped kinds).
    var namespace: String
    /// The name of the last object returned.
    var name: String

    private static let version = "keelson/v1"

    /// The encoded token.
    var encoded: String {
        let json: JSONValue = ["v": .string(Self.version), "rv": .int(revision), "start": .string("\(namespace)/\(name)")]
        return json.serialized().base64EncodedString()
            .replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_")
            .replacingOccurrences(of: "=", with: "")
    }

    /// Decodes a token; 400 BadRequest "invalid continue token" when it is not one of ours.
    init(decoding text: String) throws {
        let standard = text.replacingOccurrences(of: "-", with: "+").replacingOccurrences(of: "_", with: "/")
        guard let data = Data(base64Encoded: Self.padded(standard)),
              let json = try? JSONValue(parsing: data),
              json["v"]?.stringValue == Self.version,
              let revision = json["rv"]?.intValue, revision > 0,
              let start = json["start"]?.stringValue,
              let slash = start.firstIndex(of: "/")
        else {
            throw APIError.badRequest("invalid continue token: the token is malformed or was not issued by this server")
        }
        self.revision = revision
        self.namespace = String(start[..<slash])
        self.name = String(start[start.index(after: slash)...])
    }

    /// A token resuming after `namespace`/`name` at `revision`.
    init(revision: Int64, namespace: String, name: String) {
        self.revision = revision
        self.namespace = namespace
        self.name = name
    }

    private static func padded(_ text: String) -> String {
        let remainder = text.count % 4
        return remainder == 0 ? text : text + String(repeating: "=", count: 4 - remainder)
    }
}
