import Kernel

/// Which DNS rule an object's name must follow (Kubernetes varies it per kind).
enum NameRule: Sendable {
    /// RFC 1123 subdomain: lower-case alphanumerics, '-' and '.', at most 253 characters.
    case subdomain
    /// RFC 1123 label: lower-case alphanumerics and '-', at most 63 characters.
    case label
    /// RFC 1035 label: like `label` but starting with a letter (Service names).
    case dns1035

    /// Problems with `name` under this rule, worded as Kubernetes words them; empty when valid.
    func problems(_ name: String) -> [String] {
        switch self {
        case .subdomain: return NameValidation.subdomainProblems(name)
        case .label: return NameValidation.labelProblems(name)
        case .dns1035: return NameValidation.dns1035Problems(name)
        }
    }
}

/// The DNS-1123 / DNS-1035 and label syntax checks behind Kubernetes' object validation.
enum NameValidation {
    static let subdomainMessage = "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')"
    static let labelMessage = "a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character (e.g. 'my-name',  or '123-abc', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?')"
    static let dns1035Message = "a DNS-1035 label must consist of lower case alphanumeric characters or '-', start with an alphabetic character, and end with an alphanumeric character (e.g. 'my-name',  or 'abc-123', regex used for validation is '[a-z]([-a-z0-9]*[a-z0-9])?')"
    static let labelValueMessage = "a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyValue',  or 'my_value',  or '12345', regex used for validation is '(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?')"
    static let qualifiedNameMessage = "name part must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]')"

    // The rules are ASCII-only, so they are checked on UTF-8 bytes (any other byte fails), and
    // lengths count bytes, as Kubernetes' len() does.
    private static func isLowerAlnum(_ byte: UInt8) -> Bool {
        (UInt8(ascii: "a")...UInt8(ascii: "z")).contains(byte) || (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte)
    }
    private static func isAlnum(_ byte: UInt8) -> Bool { isLowerAlnum(byte) || (UInt8(ascii: "A")...UInt8(ascii: "Z")).contains(byte) }

    /// Whether `text` is one DNS-1123 label (without the length check).
    private static func isLabelShape(_ text: Substring.UTF8View) -> Bool {
        guard let first = text.first, let last = text.last, isLowerAlnum(first), isLowerAlnum(last) else { return false }
        return text.allSatisfy { isLowerAlnum($0) || $0 == UInt8(ascii: "-") }
    }

    static func subdomainProblems(_ name: String) -> [String] {
        var problems: [String] = []
        if name.utf8.count > 253 { problems.append("must be no more than 253 characters") }
        let labels = Substring(name).utf8.split(separator: UInt8(ascii: "."), omittingEmptySubsequences: false)
        if name.isEmpty || !labels.allSatisfy(isLabelShape) { problems.append(subdomainMessage) }
        return problems
    }

    static func labelProblems(_ name: String) -> [String] {
        var problems: [String] = []
        if name.utf8.count > 63 { problems.append("must be no more than 63 characters") }
        if !isLabelShape(Substring(name).utf8) { problems.append(labelMessage) }
        return problems
    }

    static func dns1035Problems(_ name: String) -> [String] {
        var problems: [String] = []
        if name.utf8.count > 63 { problems.append("must be no more than 63 characters") }
        let startsWithLetter = name.utf8.first.map { (UInt8(ascii: "a")...UInt8(ascii: "z")).contains($0) } ?? false
        if !startsWithLetter || !isLabelShape(Substring(name).utf8) { problems.append(dns1035Message) }
        return problems
    }

    /// Problems with a label (or annotation) key: an optional DNS subdomain prefix and '/', then a
    /// name part of at most 63 alphanumerics, '-', '_' and '.'.
    static func qualifiedNameProblems(_ key: String) -> [String] {
        let parts = key.split(separator: "/", omittingEmptySubsequences: false)
        var name = Substring(key)
        var problems: [String] = []
        if parts.count == 2 {
            name = parts[1]
            if parts[0].isEmpty {
                problems.append("prefix part must be non-empty")
            } else {
                problems += subdomainProblems(String(parts[0])).map { "prefix part \($0)" }
            }
        } else if parts.count > 2 {
            return ["a qualified name must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]') with an optional DNS subdomain prefix and '/' (e.g. 'example.com/MyName')"]
        }
        if name.isEmpty {
            problems.append("name part must be non-empty")
        } else {
            if name.utf8.count > 63 { problems.append("name part must be no more than 63 characters") }
            if !isLabelValueShape(name) { problems.append(qualifiedNameMessage) }
        }
        return problems
    }

    /// Problems with a label value: empty, or at most 63 alphanumerics, '-', '_' and '.'
    /// starting and ending with an alphanumeric.
    static func labelValueProblems(_ value: String) -> [String] {
        if value.isEmpty { return [] }
        var problems: [String] = []
        if value.utf8.count > 63 { problems.append("must be no more than 63 characters") }
        if !isLabelValueShape(Substring(value)) { problems.append(labelValueMessage) }
        return problems
    }

    private static func isLabelValueShape(_ text: Substring) -> Bool {
        let bytes = text.utf8
        guard let first = bytes.first, let last = bytes.last, isAlnum(first), isAlnum(last) else { return false }
        return bytes.allSatisfy { isAlnum($0) || $0 == UInt8(ascii: "-") || $0 == UInt8(ascii: "_") || $0 == UInt8(ascii: ".") }
    }
}
