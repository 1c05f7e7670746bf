import Foundation

/// A normalised image reference, as the Docker reference grammar and containerd's CRI
/// normalise it: `nginx` → `docker.io/library/nginx:latest`, `index.docker.io/x/y` →
/// `docker.io/x/y:latest`, `quay.io/a/b@sha256:…` keeps its digest.
struct ImageReference: Hashable, Sendable, CustomStringConvertible {
    /// The registry, "docker.io".
    var domain: String
    /// The repository path inside it, "library/nginx".
    var path: String
    /// The tag; nil when the reference only has a digest.
    var tag: String?
    /// "sha256:<hex>" when the reference is pinned to a digest.
    var digest: String?

    /// "docker.io/library/nginx".
    var repository: String { "\(domain)/\(path)" }
    /// "docker.io/library/nginx:latest" (or the repository when there is no tag).
    var taggedName: String { tag.map { "\(repository):\($0)" } ?? repository }
    /// The full normalised reference.
    var description: String { digest.map { "\(taggedName)@\($0)" } ?? taggedName }

    /// Why a reference was refused.
    struct Invalid: Error, Sendable {
        var reference: String
        var reason: String
    }

    /// Parses and normalises `text`.
    static func parse(_ text: String) throws(Invalid) -> ImageReference {
        func fail(_ reason: String) -> Invalid { Invalid(reference: text, reason: reason) }
        guard !text.isEmpty else { throw fail("empty image reference") }
        var name = Substring(text)
        var digest: String?
        if let at = name.firstIndex(of: "@") {
            let value = String(name[name.index(after: at)...])
            guard isDigest(value) else { throw fail("invalid digest \"\(value)\"") }
            digest = value
            name = name[..<at]
        }
        var tag: String?
        if let colon = name.lastIndex(of: ":"), !name[colon...].contains("/") {
            let value = String(name[name.index(after: colon)...])
            guard isTag(value) else { throw fail("invalid tag \"\(value)\"") }
            tag = value
            name = name[..<colon]
        }
        var components = name.split(separator: "/", omittingEmptySubsequences: false).map(String.init)
        var domain = "docker.io"
        if components.count > 1, let first = components.first,
           first.contains(".") || first.contains(":") || first == "localhost" {
            domain = first == "index.docker.io" ? "docker.io" : first
            components.removeFirst()
        }
        guard !components.isEmpty, components.allSatisfy(isPathComponent) else {
            throw fail("invalid reference format: repository name must be lowercase and may contain only [a-z0-9._-]")
        }
        if domain == "docker.io", components.count == 1 { components.insert("library", at: 0) }
        if tag == nil, digest == nil { tag = "latest" }
        return ImageReference(domain: domain, path: components.joined(separator: "/"), tag: tag, digest: digest)
    }

    /// Whether `text` names no registry (Docker's rule: the part before the first "/" is a
    /// registry when it has a "." or ":" or is `localhost`): `nginx`, `bitnami/redis:7`.
    static func isShortName(_ text: String) -> Bool {
        guard let slash = text.firstIndex(of: "/") else { return true }
        let first = text[..<slash]
        return !(first.contains(".") || first.contains(":") || first == "localhost")
    }

    /// A short name split into the repository name and its `:tag` / `@digest` suffix
    /// (`redis:7` → `redis`, `:7`).
    static func splitShortName(_ text: String) -> (name: String, suffix: String) {
        if let at = text.firstIndex(of: "@") { return (String(text[..<at]), String(text[at...])) }
        if let colon = text.lastIndex(of: ":"), !text[colon...].contains("/") {
            return (String(text[..<colon]), String(text[colon...]))
        }
        return (text, "")
    }

    /// Whether `value` is "sha256:" followed by 64 lowercase hex digits.
    static func isDigest(_ value: String) -> Bool {
        guard value.hasPrefix("sha256:") else { return false }
        let hex = value.dropFirst(7)
        return hex.count == 64 && hex.allSatisfy { $0.isHexDigit && !$0.isUppercase }
    }

    private static func isTag(_ value: String) -> Bool {
        guard let first = value.first, value.count <= 128 else { return false }
        let word = { (c: Character) in c.isASCII && (c.isLetter || c.isNumber || c == "_") }
        return word(first) && value.allSatisfy { word($0) || $0 == "." || $0 == "-" }
    }

    private static func isPathComponent(_ value: String) -> Bool {
        guard let first = value.first, let last = value.last else { return false }
        let alnum = { (c: Character) in c.isASCII && (c.isLowercase || c.isNumber) }
        return alnum(first) && alnum(last) && value.allSatisfy { alnum($0) || $0 == "." || $0 == "_" || $0 == "-" }
    }
}
