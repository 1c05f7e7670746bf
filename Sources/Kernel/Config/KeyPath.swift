/// Builds the key paths used in config and schema messages: `nodePools[0].runtime.config`,
/// `labels["topology.kubernetes.io/zone"]`.
enum KeyPath {
    /// `base.key`, or `base["key"]` when the key is not a plain identifier.
    static func appending(_ base: String, key: String) -> String {
        if isPlain(key) { return base.isEmpty ? key : "\(base).\(key)" }
        return "\(base)[\(quoted(key))]"
    }

    /// `base[index]`.
    static func appending(_ base: String, index: Int) -> String {
        "\(base)[\(index)]"
    }

    /// Whether `key` can be written after a dot: letters, digits, `_` and `-`, not starting with a digit or `-`.
    static func isPlain(_ key: String) -> Bool {
        guard let first = key.unicodeScalars.first, first.isASCIILetter || first == "_" else { return false }
        return key.unicodeScalars.allSatisfy { $0.isASCIILetter || ("0"..."9").contains($0) || $0 == "_" || $0 == "-" || $0 == "$" }
    }

    /// The key as a JSON string literal.
    static func quoted(_ key: String) -> String {
        JSONValue.string(key).text
    }
}

extension Unicode.Scalar {
    /// a-z or A-Z.
    fileprivate var isASCIILetter: Bool { ("a"..."z").contains(self) || ("A"..."Z").contains(self) }
}
