/// Kubernetes' rules for names, label keys and values, and quantities, as the config checks them.
enum KubernetesNames {
    /// Why `name` is not a DNS-1123 label (lower-case alphanumerics and '-', starting and ending
    /// alphanumeric, at most 63 characters), nil when it is one.
    static func dnsLabelProblem(_ name: String) -> String? {
        guard !name.isEmpty else { return "must not be empty" }
        guard name.count <= 63 else { return "must be at most 63 characters" }
        let scalars = Array(name.unicodeScalars)
        guard scalars.allSatisfy({ isLowerAlphanumeric($0) || $0 == "-" }) else {
            return "may contain only lower-case letters, digits and '-'"
        }
        guard isLowerAlphanumeric(scalars.first!), isLowerAlphanumeric(scalars.last!) else {
            return "must start and end with a letter or digit"
        }
        return nil
    }

    /// Why `name` is not a DNS-1123 subdomain (dot-separated DNS labels, at most 253 characters).
    static func dnsSubdomainProblem(_ name: String) -> String? {
        guard name.count <= 253 else { return "must be at most 253 characters" }
        for label in name.split(separator: ".", omittingEmptySubsequences: false) {
            if let problem = dnsLabelProblem(String(label)) { return "\(problem) in each dot-separated part" }
        }
        return nil
    }

    /// Why `key` is not a qualified name (`[prefix/]name`: an optional DNS subdomain prefix and a
    /// name of at most 63 alphanumerics, '-', '_' or '.', starting and ending alphanumeric).
    /// The answer is a clause with its subject: "it may contain at most one '/'".
    static func qualifiedNameProblem(_ key: String) -> String? {
        let parts = key.split(separator: "/", omittingEmptySubsequences: false)
        guard parts.count <= 2 else { return "it may contain at most one '/'" }
        if parts.count == 2, let problem = dnsSubdomainProblem(String(parts[0])) {
            return "its prefix \(KeyPath.quoted(String(parts[0]))) \(problem)"
        }
        let name = String(parts.last!)
        guard !name.isEmpty else { return "it needs a name after the prefix" }
        return labelValueProblem(name).map { "it \($0)" }
    }

    /// Why `value` is not a label value (empty, or at most 63 alphanumerics, '-', '_' or '.',
    /// starting and ending alphanumeric).
    static func labelValueProblem(_ value: String) -> String? {
        guard !value.isEmpty else { return nil }
        guard value.count <= 63 else { return "must be at most 63 characters" }
        let scalars = Array(value.unicodeScalars)
        guard scalars.allSatisfy({ isAlphanumeric($0) || $0 == "-" || $0 == "_" || $0 == "." }) else {
            return "may contain only letters, digits, '-', '_' and '.'"
        }
        guard isAlphanumeric(scalars.first!), isAlphanumeric(scalars.last!) else {
            return "must start and end with a letter or digit"
        }
        return nil
    }

    /// Whether `text` is a non-negative Kubernetes quantity: a decimal number with an optional
    /// binary suffix (Ki Mi Gi Ti Pi Ei), decimal suffix (n u m k M G T P E) or exponent (e3, E-2).
    static func isNonNegativeQuantity(_ text: String) -> Bool {
        var rest = Substring(text)
        if rest.first == "+" { rest = rest.dropFirst() }
        let isDigit: (Character) -> Bool = { $0.isASCII && $0.isNumber }
        let integerDigits = rest.prefix(while: isDigit).count
        rest = rest.dropFirst(integerDigits)
        var fractionDigits = 0
        if rest.first == "." {
            rest = rest.dropFirst()
            fractionDigits = rest.prefix(while: isDigit).count
            rest = rest.dropFirst(fractionDigits)
        }
        guard integerDigits + fractionDigits > 0 else { return false }
        let suffixes = ["", "Ki", "Mi", "Gi", "Ti", "Pi", "Ei", "n", "u", "m", "k", "M", "G", "T", "P", "E"]
        if suffixes.contains(String(rest)) { return true }
        guard rest.first == "e" || rest.first == "E" else { return false }
        rest = rest.dropFirst()
        if rest.first == "+" || rest.first == "-" { rest = rest.dropFirst() }
        return !rest.isEmpty && rest.allSatisfy(isDigit)
    }

    private static func isLowerAlphanumeric(_ scalar: Unicode.Scalar) -> Bool {
        ("a"..."z").contains(scalar) || ("0"..."9").contains(scalar)
    }

    private static func isAlphanumeric(_ scalar: Unicode.Scalar) -> Bool {
        isLowerAlphanumeric(scalar) || ("A"..."Z").contains(scalar)
    }
}

/// The core/v1 Taint rules.
enum Taints {
    /// The taint effects Kubernetes defines.
    static let effects = ["NoSchedule", "PreferNoSchedule", "NoExecute"]
}
