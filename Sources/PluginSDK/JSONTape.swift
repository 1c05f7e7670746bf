import Foundation

/// A JSON document checked and indexed in one pass: a flat array of tokens (the "tape") over
/// the document's own bytes, from which `TapeDecoder` reads values without building
/// dictionaries or copying anything but the strings and numbers a `Decodable` asks for.
///
/// An object's token is followed by its members as key token, value tokens; an array's by its
/// elements. A container token records where its contents end, so a value is skipped in one
/// step and a key looked up by walking the members only.
final class JSONTape {
    /// What a token holds.
    enum Kind: UInt8 {
        case object, array, string, escapedString, number, `true`, `false`, null

        /// How errors name it ("a string", "an object").
        var description: String {
            switch self {
            case .object: "a dictionary"
            case .array: "an array"
            case .string, .escapedString: "a string"
            case .number: "a number"
            case .true, .false: "a bool"
            case .null: "null"
            }
        }
    }

    /// One value, or one key of an object.
    struct Token {
        /// What it holds.
        var kind: Kind
        /// Strings: the first byte after the opening quote; numbers and literals: their first byte.
        var start: UInt32
        /// Scalars: one past their last byte (a string's closing quote); containers: the index
        /// of the first token after their contents.
        var end: UInt32
        /// Containers: how many members or elements they hold.
        var count: UInt32
    }

    /// Why a document is not JSON.
    struct SyntaxError: Error, CustomStringConvertible {
        /// What was wrong.
        var reason: String
        /// The byte offset where it was found.
        var offset: Int
        var description: String { "\(reason) at byte \(offset)" }
    }

    /// The document's bytes (owned, freed with the tape).
    let bytes: UnsafeRawBufferPointer
    /// The tokens, the root value first.
    private(set) var tokens: [Token] = []

    /// Deeper nesting is refused (no document the API serves comes close).
    private static let maximumDepth = 512

    /// Copies and indexes `document`, refusing anything that is not one JSON value.
    init(_ document: UnsafeRawBufferPointer) throws(SyntaxError) {
        let copy = UnsafeMutableRawBufferPointer.allocate(byteCount: max(document.count, 1), alignment: 1)
        if let base = document.baseAddress, !document.isEmpty { copy.baseAddress!.copyMemory(from: base, byteCount: document.count) }
        bytes = UnsafeRawBufferPointer(rebasing: UnsafeRawBufferPointer(copy)[0..<document.count])
        tokens.reserveCapacity(max(16, document.count / 12))
        var position = 0
        try parseValue(at: &position, depth: 0)
        skipWhitespace(&position)
        guard position == bytes.count else { throw SyntaxError(reason: "unexpected data after the value", offset: position) }
    }

    deinit { UnsafeMutableRawPointer(mutating: bytes.baseAddress)?.deallocate() }

    // MARK: Reading tokens

    /// The token at `index`.
    @inline(__always)
    subscript(index: Int) -> Token { tokens[index] }

    /// The index of the token after the value at `index` (after all its contents).
    @inline(__always)
    func next(after index: Int) -> Int {
        let token = tokens[index]
        return token.kind == .object || token.kind == .array ? Int(token.end) : index + 1
    }

    /// Whether the key token at `index` spells `key`.
    func key(at index: Int, equals key: String) -> Bool {
        let token = tokens[index]
        if token.kind == .escapedString { return (try? string(at: index)) == key }
        let length = Int(token.end - token.start)
        let utf8 = key.utf8
        if let matched = utf8.withContiguousStorageIfAvailable({ stored -> Bool in
            stored.count == length && (length == 0 || memcmp(stored.baseAddress!, bytes.baseAddress! + Int(token.start), length) == 0)
        }) {
            return matched
        }
        var offset = Int(token.start)
        let end = Int(token.end)
        for byte in utf8 {
            guard offset < end, bytes[offset] == byte else { return false }
            offset += 1
        }
        return offset == end
    }

    /// The string (or key) at `index`, unescaped.
    func string(at index: Int) throws(SyntaxError) -> String {
        let token = tokens[index]
        let raw = UnsafeRawBufferPointer(rebasing: bytes[Int(token.start)..<Int(token.end)])
        if token.kind == .string { return String(decoding: raw, as: UTF8.self) }
        return try Self.unescape(raw, offset: Int(token.start))
    }

    /// The raw text of the number at `index`.
    func numberText(at index: Int) -> UnsafeRawBufferPointer {
        let token = tokens[index]
        return UnsafeRawBufferPointer(rebasing: bytes[Int(token.start)..<Int(token.end)])
    }

    /// The number at `index` as an exact integer, when it is one in Int64's range (`1e3` and
    /// `2.0` are; `2.5` is not).
    func integer(at index: Int) -> Int64? {
        let text = numberText(at: index)
        var offset = 0
        let negative = text.first == UInt8(ascii: "-")
        if negative { offset = 1 }
        guard offset < text.count else { return nil }
        var magnitude: UInt64 = 0
        while offset < text.count {
            let digit = text[offset] &- UInt8(ascii: "0")
            guard digit < 10 else { return exactInteger(fromDouble: text) }
            let (times10, overflow1) = magnitude.multipliedReportingOverflow(by: 10)
            let (sum, overflow2) = times10.addingReportingOverflow(UInt64(digit))
            guard !overflow1, !overflow2 else { return nil }
            magnitude = sum
            offset += 1
        }
        if negative { return magnitude <= UInt64(Int64.max) + 1 ? Int64(truncatingIfNeeded: 0 &- magnitude) : nil }
        return magnitude <= UInt64(Int64.max) ? Int64(magnitude) : nil
    }

    /// The number at `index` as an exact unsigned integer, when it is one in UInt64's range.
    func unsignedInteger(at index: Int) -> UInt64? {
        let text = numberText(at: index)
        guard !text.isEmpty, text.first != UInt8(ascii: "-") else { return integer(at: index).flatMap { $0 == 0 ? 0 : nil } }
        var magnitude: UInt64 = 0
        for byte in text {
            let digit = byte &- UInt8(ascii: "0")
            guard digit < 10 else { return exactInteger(fromDouble: text).flatMap { $0 >= 0 ? UInt64($0) : nil } }
            let (times10, overflow1) = magnitude.multipliedReportingOverflow(by: 10)
            let (sum, overflow2) = times10.addingReportingOverflow(UInt64(digit))
            guard !overflow1, !overflow2 else { return nil }
            magnitude = sum
        }
        return magnitude
    }

    /// The number at `index` as a Double.
    func double(at index: Int) -> Double? {
        Double(String(decoding: numberText(at: index), as: UTF8.self))
    }

    private func exactInteger(fromDouble text: UnsafeRawBufferPointer) -> Int64? {
        guard let value = Double(String(decoding: text, as: UTF8.self)), value.rounded() == value,
              value >= -9.223372036854775808e18, value < 9.223372036854775808e18 else { return nil }
        return Int64(value)
    }

    // MARK: Parsing

    private func skipWhitespace(_ position: inout Int) {
        while position < bytes.count {
            switch bytes[position] {
            case 0x20, 0x0A, 0x0D, 0x09: position += 1
            default: return
            }
        }
    }

    private func parseValue(at position: inout Int, depth: Int) throws(SyntaxError) {
        skipWhitespace(&position)
        guard position < bytes.count else { throw SyntaxError(reason: "unexpected end of data", offset: position) }
        switch bytes[position] {
        case UInt8(ascii: "{"): try parseContainer(.object, at: &position, depth: depth)
        case UInt8(ascii: "["): try parseContainer(.array, at: &position, depth: depth)
        case UInt8(ascii: "\""): try parseString(at: &position)
        case UInt8(ascii: "t"): try parseLiteral("true", .true, at: &position)
        case UInt8(ascii: "f"): try parseLiteral("false", .false, at: &position)
        case UInt8(ascii: "n"): try parseLiteral("null", .null, at: &position)
        case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"): try parseNumber(at: &position)
        default: throw SyntaxError(reason: "unexpected character '\(Character(Unicode.Scalar(bytes[position])))'", offset: position)
        }
    }

    private func parseContainer(_ kind: Kind, at position: inout Int, depth: Int) throws(SyntaxError) {
        guard depth < Self.maximumDepth else { throw SyntaxError(reason: "nesting deeper than \(Self.maximumDepth)", offset: position) }
        let tokenIndex = tokens.count
        tokens.append(Token(kind: kind, start: UInt32(position), end: 0, count: 0))
        let closing = kind == .object ? UInt8(ascii: "}") : UInt8(ascii: "]")
        position += 1
        var count: UInt32 = 0
        skipWhitespace(&position)
        if position < bytes.count, bytes[position] == closing {
            position += 1
        } else {
            while true {
                if kind == .object {
                    skipWhitespace(&position)
                    guard position < bytes.count, bytes[position] == UInt8(ascii: "\"") else {
                        throw SyntaxError(reason: "expected a key in quotes", offset: position)
                    }
                    try parseString(at: &position)
                    skipWhitespace(&position)
                    guard position < bytes.count, bytes[position] == UInt8(ascii: ":") else {
                        throw SyntaxError(reason: "expected ':' after a key", offset: position)
                    }
                    position += 1
                }
                try parseValue(at: &position, depth: depth + 1)
                count += 1
                skipWhitespace(&position)
                guard position < bytes.count else { throw SyntaxError(reason: "unexpected end of data", offset: position) }
                if bytes[position] == UInt8(ascii: ",") {
                    position += 1
                } else if bytes[position] == closing {
                    position += 1
                    break
                } else {
                    throw SyntaxError(reason: "expected ',' or '\(Character(Unicode.Scalar(closing)))'", offset: position)
                }
            }
        }
        tokens[tokenIndex].end = UInt32(tokens.count)
        tokens[tokenIndex].count = count
    }

    private func parseString(at position: inout Int) throws(SyntaxError) {
        let start = position + 1
        var offset = start
        var escaped = false
        while offset < bytes.count {
            let byte = bytes[offset]
            if byte == UInt8(ascii: "\"") {
                tokens.append(Token(kind: escaped ? .escapedString : .string, start: UInt32(start), end: UInt32(offset), count: 0))
                position = offset + 1
                return
            }
            if byte == UInt8(ascii: "\\") {
                escaped = true
                guard offset + 1 < bytes.count else { break }
                switch bytes[offset + 1] {
                case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"), UInt8(ascii: "b"), UInt8(ascii: "f"),
                     UInt8(ascii: "n"), UInt8(ascii: "r"), UInt8(ascii: "t"):
                    offset += 2
                case UInt8(ascii: "u"):
                    guard offset + 6 <= bytes.count,
                          (2..<6).allSatisfy({ Character(Unicode.Scalar(bytes[offset + $0])).isHexDigit }) else {
                        throw SyntaxError(reason: "invalid \\u escape", offset: offset)
                    }
                    offset += 6
                default:
                    throw SyntaxError(reason: "invalid escape", offset: offset)
                }
                continue
            }
            guard byte >= 0x20 else { throw SyntaxError(reason: "unescaped control character in a string", offset: offset) }
            offset += 1
        }
        throw SyntaxError(reason: "unterminated string", offset: position)
    }

    private func parseLiteral(_ text: StaticString, _ kind: Kind, at position: inout Int) throws(SyntaxError) {
        let length = text.utf8CodeUnitCount
        guard position + length <= bytes.count,
              memcmp(bytes.baseAddress! + position, text.utf8Start, length) == 0 else {
            throw SyntaxError(reason: "invalid literal", offset: position)
        }
        tokens.append(Token(kind: kind, start: UInt32(position), end: UInt32(position + length), count: 0))
        position += length
    }

    /// Numbers by JSON's grammar: -?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?
    private func parseNumber(at position: inout Int) throws(SyntaxError) {
        let start = position
        var offset = position
        func digits() -> Int {
            let first = offset
            while offset < bytes.count, bytes[offset] &- UInt8(ascii: "0") < 10 { offset += 1 }
            return offset - first
        }
        if bytes[offset] == UInt8(ascii: "-") { offset += 1 }
        let integerStart = offset
        let integerDigits = digits()
        guard integerDigits > 0, !(integerDigits > 1 && bytes[integerStart] == UInt8(ascii: "0")) else {
            throw SyntaxError(reason: "invalid number", offset: start)
        }
        if offset < bytes.count, bytes[offset] == UInt8(ascii: ".") {
            offset += 1
            guard digits() > 0 else { throw SyntaxError(reason: "invalid number", offset: start) }
        }
        if offset < bytes.count, bytes[offset] | 0x20 == UInt8(ascii: "e") {
            offset += 1
            if offset < bytes.count, bytes[offset] == UInt8(ascii: "+") || bytes[offset] == UInt8(ascii: "-") { offset += 1 }
            guard digits() > 0 else { throw SyntaxError(reason: "invalid number", offset: start) }
        }
        tokens.append(Token(kind: .number, start: UInt32(start), end: UInt32(offset), count: 0))
        position = offset
    }

    /// The text of an escaped string's raw bytes (`offset`: where they start, for errors).
    private static func unescape(_ raw: UnsafeRawBufferPointer, offset: Int) throws(SyntaxError) -> String {
        var output: [UInt8] = []
        output.reserveCapacity(raw.count)
        var index = 0
        func hex4() throws(SyntaxError) -> UInt32 {
            guard index + 4 <= raw.count else { throw SyntaxError(reason: "short \\u escape", offset: offset + index) }
            var value: UInt32 = 0
            for _ in 0..<4 {
                let byte = raw[index]
                let digit: UInt32
                switch byte {
                case UInt8(ascii: "0")...UInt8(ascii: "9"): digit = UInt32(byte - UInt8(ascii: "0"))
                case UInt8(ascii: "a")...UInt8(ascii: "f"): digit = UInt32(byte - UInt8(ascii: "a") + 10)
                case UInt8(ascii: "A")...UInt8(ascii: "F"): digit = UInt32(byte - UInt8(ascii: "A") + 10)
                default: throw SyntaxError(reason: "invalid \\u escape", offset: offset + index)
                }
                value = value << 4 | digit
                index += 1
            }
            return value
        }
        while index < raw.count {
            let byte = raw[index]
            index += 1
            guard byte == UInt8(ascii: "\\") else {
                output.append(byte)
                continue
            }
            guard index < raw.count else { throw SyntaxError(reason: "unfinished escape", offset: offset + index) }
            let escape = raw[index]
            index += 1
            switch escape {
            case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"): output.append(escape)
            case UInt8(ascii: "b"): output.append(0x08)
            case UInt8(ascii: "f"): output.append(0x0C)
            case UInt8(ascii: "n"): output.append(0x0A)
            case UInt8(ascii: "r"): output.append(0x0D)
            case UInt8(ascii: "t"): output.append(0x09)
            case UInt8(ascii: "u"):
                var scalar = try hex4()
                if (0xD800..<0xDC00).contains(scalar), index + 6 <= raw.count,
                   raw[index] == UInt8(ascii: "\\"), raw[index + 1] == UInt8(ascii: "u") {
                    let saved = index
                    index += 2
                    let low = try hex4()
                    if (0xDC00..<0xE000).contains(low) {
                        scalar = 0x10000 + ((scalar - 0xD800) << 10) + (low - 0xDC00)
                    } else {
                        index = saved
                    }
                }
                output.append(contentsOf: String(Character(Unicode.Scalar(scalar) ?? "\u{FFFD}")).utf8)
            default: throw SyntaxError(reason: "invalid escape '\\\(Character(Unicode.Scalar(escape)))'", offset: offset + index - 1)
            }
        }
        return String(decoding: output, as: UTF8.self)
    }
}
