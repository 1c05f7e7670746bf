import Foundation
import Kernel

/// The decoded query string of a request, `?watch=true&labelSelector=app%3Dweb`.
struct QueryParameters: Sendable {
    private var values: [String: String] = [:]

    /// Parses a raw query string (without '?'); later repetitions of a key win.
    init(_ query: String?) {
        for pair in (query ?? "").split(separator: "&", omittingEmptySubsequences: true) {
            let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            let key = Self.decode(parts[0])
            values[key] = parts.count > 1 ? Self.decode(parts[1]) : ""
        }
    }

    /// The value of `key`, if present.
    subscript(key: String) -> String? { values[key] }

    /// A boolean flag: "true" or "1" (and a bare `?watch`) are true.
    func flag(_ key: String) -> Bool {
        guard let value = values[key] else { return false }
        return value.isEmpty || value == "true" || value == "1"
    }

    /// A non-negative integer parameter; nil when absent, 400 when malformed.
    func integer(_ key: String) throws -> Int64? {
        guard let text = values[key], !text.isEmpty else { return nil }
        guard let value = Int64(text), value >= 0 else {
            throw APIError.badRequest("invalid value for \(key): \"\(text)\": must be a non-negative integer")
        }
        return value
    }

    /// The `resourceVersion` parameter as a revision: absent, "" and "0" all mean 0 (from now,
    /// after the current state); 400 when not a number.
    func resourceVersion() throws -> Int64 {
        guard let text = values["resourceVersion"], !text.isEmpty else { return 0 }
        guard let value = Int64(text), value >= 0 else {
            throw APIError.badRequest("invalid resourceVersion \"\(text)\": must be a non-negative integer")
        }
        return value
    }

    /// The label and field selectors of a list or watch of `type`.
    func selector(for type: ResourceType) throws -> ObjectSelector {
        let labels = try values["labelSelector"].map { try LabelSelector(parsing: $0) } ?? .everything
        let fields = try values["fieldSelector"].map { try FieldSelector(parsing: $0, for: type) } ?? .everything
        return ObjectSelector(labels: labels, fields: fields)
    }

    private static func decode(_ text: Substring) -> String {
        guard text.contains("+") || text.contains("%") else { return String(text) }
        let spaced = text.replacingOccurrences(of: "+", with: " ")
        return spaced.removingPercentEncoding ?? spaced
    }
}
