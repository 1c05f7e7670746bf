import Foundation

/// An RFC 6901 JSON Pointer split into reference tokens: `""` is the whole document,
/// `/a/b~1c/~0d` is `["a", "b/c", "~d"]`.
struct JSONPointer: Equatable {
    /// The unescaped reference tokens, outermost first.
    var tokens: [String]

    /// Parses a pointer; a non-empty pointer must start with `/`, and `~` must be followed by
    /// `0` or `1`.
    init(_ text: String) throws(PatchFailure) {
        guard !text.isEmpty else {
            tokens = []
            return
        }
        guard text.hasPrefix("/") else { throw .malformed("JSON pointer \"\(text)\" must start with \"/\"") }
        var tokens: [String] = []
        for raw in text.dropFirst().split(separator: "/", omittingEmptySubsequences: false) {
            var token = ""
            var iterator = raw.makeIterator()
            while let character = iterator.next() {
                guard character == "~" else {
                    token.append(character)
                    continue
                }
                switch iterator.next() {
                case "0": token.append("~")
                case "1": token.append("/")
                default: throw .malformed("JSON pointer \"\(text)\" has an invalid escape: \"~\" must be followed by 0 or 1")
                }
            }
            tokens.append(token)
        }
        self.tokens = tokens
    }

    /// The pointer text, re-escaped.
    var text: String {
        tokens.map { "/" + $0.replacingOccurrences(of: "~", with: "~0").replacingOccurrences(of: "/", with: "~1") }.joined()
    }

    /// The array index a token names: decimal digits without a leading zero.
    static func index(_ token: String) -> Int? {
        guard !token.isEmpty, token.allSatisfy(\.isASCII), token.allSatisfy(\.isNumber),
              token == "0" || !token.hasPrefix("0") else { return nil }
        return Int(token)
    }
}
