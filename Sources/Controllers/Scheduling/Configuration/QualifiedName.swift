import Kernel

/// Kubernetes' qualified-name rule for label keys and resource names: an optional DNS-subdomain
/// prefix and `/`, then a name of at most 63 alphanumerics, `-`, `_`, `.`, starting and ending
/// with an alphanumeric.
enum QualifiedName {
    /// The problems of `value` as a qualified name at `path` (none when valid).
    static func validate(_ value: String, at path: ConfigurationFieldPath) -> [ConfigurationFieldError] {
        let parts = value.split(separator: "/", omittingEmptySubsequences: false)
        var errors: [ConfigurationFieldError] = []
        let name: Substring
        switch parts.count {
        case 1:
            name = parts[0]
        case 2:
            name = parts[1]
            let prefix = parts[0]
            if prefix.isEmpty {
                errors.append(.invalid(path, .string(value), "prefix part must be non-empty"))
            } else if !isSubdomain(prefix) {
                errors.append(.invalid(path, .string(value),
                    "prefix part a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character"))
            }
        default:
            return [.invalid(path, .string(value),
                "a qualified name must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character with an optional DNS subdomain prefix and '/'")]
        }
        if name.isEmpty {
            errors.append(.invalid(path, .string(value), "name part must be non-empty"))
        } else if name.count > 63 {
            errors.append(.invalid(path, .string(value), "name part must be no more than 63 characters"))
        } else if !isNamePart(name) {
            errors.append(.invalid(path, .string(value),
                "name part must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character"))
        }
        return errors
    }

    /// Whether `name` is alphanumerics, `-`, `_`, `.`, with alphanumerics at both ends.
    private static func isNamePart(_ name: Substring) -> Bool {
        func alphanumeric(_ c: Character) -> Bool { c.isASCII && (c.isLetter || c.isNumber) }
        guard let first = name.first, let last = name.last, alphanumeric(first), alphanumeric(last) else { return false }
        return name.allSatisfy { alphanumeric($0) || $0 == "-" || $0 == "_" || $0 == "." }
    }

    /// Whether `prefix` is a lowercase RFC 1123 subdomain of at most 253 characters.
    private static func isSubdomain(_ prefix: Substring) -> Bool {
        guard prefix.count <= 253 else { return false }
        return prefix.split(separator: ".", omittingEmptySubsequences: false).allSatisfy { label in
            func lowerAlnum(_ c: Character) -> Bool { c.isASCII && (c.isLowercase || c.isNumber) }
            guard let first = label.first, let last = label.last, lowerAlnum(first), lowerAlnum(last), label.count <= 63 else { return false }
            return label.allSatisfy { lowerAlnum($0) || $0 == "-" }
        }
    }
}
