import Foundation

/// Writes a `JSONValue` as JSON text in one pass: every response body and every object the
/// store writes goes through here. Object members are written in sorted key order so equal
/// documents give equal bytes; strings are escaped as RFC 8259 requires (quote, backslash and
/// control characters; "/" and non-ASCII characters are written as they are); non-finite
/// doubles, which JSON cannot express, are written as null.
struct JSONWriter {
    private var bytes: [UInt8] = []
    private let pretty: Bool
    private var depth = 0

    /// The JSON text of `value`, compact or indented by two spaces.
    static func write(_ value: JSONValue, pretty: Bool) -> Data {
        var writer = JSONWriter(pretty: pretty)
        writer.bytes.reserveCapacity(256)
        writer.append(value)
        return Data(writer.bytes)
    }

    private init(pretty: Bool) {
        self.pretty = pretty
    }

    private mutating func append(_ value: JSONValue) {
        switch value {
        case .null: bytes.append(contentsOf: "null".utf8)
        case .bool(let flag): bytes.append(contentsOf: (flag ? "true" : "false").utf8)
        case .int(let number): bytes.append(contentsOf: String(number).utf8)
        case .double(let number): bytes.append(contentsOf: (number.isFinite ? String(number) : "null").utf8)
        case .string(let text): appendString(text)
        case .array(let items): appendArray(items)
        case .object(let members): appendObject(members)
        }
    }

    private mutating func appendArray(_ items: [JSONValue]) {
        guard !items.isEmpty else {
            bytes.append(contentsOf: "[]".utf8)
            return
        }
        bytes.append(UInt8(ascii: "["))
        depth += 1
        for (index, item) in items.enumerated() {
            if index > 0 { bytes.append(UInt8(ascii: ",")) }
            newline()
            append(item)
        }
        depth -= 1
        newline()
        bytes.append(UInt8(ascii: "]"))
    }

    private mutating func appendObject(_ members: [String: JSONValue]) {
        guard !members.isEmpty else {
            bytes.append(contentsOf: "{}".utf8)
            return
        }
        bytes.append(UInt8(ascii: "{"))
        depth += 1
        // The members' positions, sorted by key on the stack: no copy of the members (and no
        // retain of their values) and no hash lookup per key.
        withUnsafeTemporaryAllocation(of: Dictionary<String, JSONValue>.Index.self, capacity: members.count) { order in
            let keys = members.keys
            var count = 0
            var index = members.startIndex
            while index != members.endIndex {
                var position = count
                let key = keys[index]
                while position > 0, key < keys[order[position - 1]] {
                    order[position] = order[position - 1]
                    position -= 1
                }
                order[position] = index
                count += 1
                members.formIndex(after: &index)
            }
            for position in 0..<count {
                if position > 0 { bytes.append(UInt8(ascii: ",")) }
                newline()
                let member = members[order[position]]
                appendString(member.key)
                bytes.append(UInt8(ascii: ":"))
                if pretty { bytes.append(UInt8(ascii: " ")) }
                append(member.value)
            }
        }
        depth -= 1
        newline()
        bytes.append(UInt8(ascii: "}"))
    }

    private mutating func newline() {
        guard pretty else { return }
        bytes.append(UInt8(ascii: "\n"))
        bytes.append(contentsOf: repeatElement(UInt8(ascii: " "), count: depth * 2))
    }

    private mutating func appendString(_ text: String) {
        bytes.append(UInt8(ascii: "\""))
        // Most strings need no escape: copy them whole.
        var text = text
        let copied = text.withUTF8 { utf8 -> Bool in
            guard !utf8.contains(where: { $0 < 0x20 || $0 == UInt8(ascii: "\"") || $0 == UInt8(ascii: "\\") }) else { return false }
            bytes.append(contentsOf: utf8)
            return true
        }
        if !copied { appendEscaped(text) }
        bytes.append(UInt8(ascii: "\""))
    }

    private mutating func appendEscaped(_ text: String) {
        for byte in text.utf8 {
            switch byte {
            case UInt8(ascii: "\""): bytes.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "\"")])
            case UInt8(ascii: "\\"): bytes.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "\\")])
            case 0x0A: bytes.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "n")])
            case 0x0D: bytes.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "r")])
            case 0x09: bytes.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "t")])
            case 0x08: bytes.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "b")])
            case 0x0C: bytes.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "f")])
            case 0..<0x20:
                let hex = Array("0123456789abcdef".utf8)
                bytes.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "u"), UInt8(ascii: "0"), UInt8(ascii: "0"), hex[Int(byte >> 4)], hex[Int(byte & 0xF)]])
            default: bytes.append(byte)
            }
        }
    }
}
