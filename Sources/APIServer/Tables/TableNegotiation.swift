import Foundation
import Kernel

/// What a GET asked to receive, from its `Accept` header: plain JSON or a `meta.k8s.io` Table.
///
/// kubectl sends `application/json;as=Table;v=v1;g=meta.k8s.io,application/json;as=Table;v=v1beta1;g=meta.k8s.io,application/json`;
/// the entry with the highest `q` (1 when absent) that the server can produce wins, earlier
/// entries winning ties.
enum TableNegotiation: Equatable, Sendable {
    /// The object or list as it is.
    case json
    /// A Table of `meta.k8s.io/<version>` ("v1" or "v1beta1").
    case table(version: String)

    /// The Table versions served.
    static let tableVersions = ["v1", "v1beta1"]

    /// The media types this server produces, for the 406 message.
    static let accepted = "application/json, application/json;as=Table;v=v1;g=meta.k8s.io, application/json;as=Table;v=v1beta1;g=meta.k8s.io"

    /// Chooses from an Accept header; a missing or empty header means JSON. Media types the
    /// server does not produce are passed over; when nothing is left and the client asked only
    /// for transformed forms (`as=...`) it cannot have, throws 406 NotAcceptable.
    static func negotiate(_ accept: String?) throws -> TableNegotiation {
        guard let accept, !accept.trimmingCharacters(in: .whitespaces).isEmpty else { return .json }
        var best: (choice: TableNegotiation, quality: Double)?
        var askedForTransform = false
        for clause in accept.split(separator: ",") {
            let range = MediaRange(String(clause))
            if range.parameters["as"] != nil { askedForTransform = true }
            guard let choice = range.choice, range.quality > 0 else { continue }
            if best == nil || range.quality > best!.quality { best = (choice, range.quality) }
        }
        if let best { return best.choice }
        if askedForTransform {
            throw APIError(code: 406, reason: "NotAcceptable", message: "only the following media types are accepted: \(accepted)")
        }
        return .json
    }

    /// One entry of an Accept header: `type/subtype;key=value;q=0.9`.
    struct MediaRange {
        var mediaType: String
        var parameters: [String: String] = [:]

        init(_ text: String) {
            let parts = text.split(separator: ";").map { $0.trimmingCharacters(in: .whitespaces) }
            mediaType = parts.first?.lowercased() ?? ""
            for part in parts.dropFirst() {
                let pair = part.split(separator: "=", maxSplits: 1).map { $0.trimmingCharacters(in: .whitespaces) }
                guard pair.count == 2 else { continue }
                let value = pair[1].count >= 2 && pair[1].hasPrefix("\"") && pair[1].hasSuffix("\"") ? String(pair[1].dropFirst().dropLast()) : pair[1]
                parameters[pair[0].lowercased()] = value
            }
        }

        /// The `q` parameter, 1 when absent or unreadable.
        var quality: Double { parameters["q"].flatMap(Double.init) ?? 1 }

        /// What this entry lets the server answer with; nil when it produces nothing here.
        var choice: TableNegotiation? {
            guard ["application/json", "application/*", "*/*"].contains(mediaType) else { return nil }
            guard let form = parameters["as"] else { return .json }
            guard form == "Table", parameters["g"] == "meta.k8s.io", let version = parameters["v"],
                  TableNegotiation.tableVersions.contains(version) else { return nil }
            return .table(version: version)
        }
    }
}
