import Foundation

/// Splits request paths and decodes percent-escapes only where a segment has one: most paths
/// have none, and Foundation's decoder is costly enough to show up per request.
enum PathSegments {
    /// The non-empty segments of `path`, each percent-decoded.
    static func of(_ path: String) -> [String] {
        path.split(separator: "/", omittingEmptySubsequences: true).map(decoded)
    }

    /// `text` with its percent-escapes decoded (unchanged when it has none or they are malformed).
    static func decoded(_ text: Substring) -> String {
        guard text.contains("%") else { return String(text) }
        return String(text).removingPercentEncoding ?? String(text)
    }
}
