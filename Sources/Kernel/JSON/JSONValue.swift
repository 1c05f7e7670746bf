import Foundation

/// A JSON document: how the kernel holds Kubernetes objects, so that every field a client
/// sends is kept and served back even when Keelson does not know it.
public enum JSONValue: Sendable, Hashable {
    case null
    case bool(Bool)
    case int(Int64)
    case double(Double)
    case string(String)
    case array([JSONValue])
    case object([String: JSONValue])
}

extension JSONValue: Codable {
    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        if container.decodeNil() {
            self = .null
        } else if let value = try? container.decode(Bool.self) {
            self = .bool(value)
        } else if let value = try? container.decode(Int64.self) {
            self = .int(value)
        } else if let value = try? container.decode(Double.self) {
            self = .double(value)
        } else if let value = try? container.decode(String.self) {
            self = .string(value)
        } else if let value = try? container.decode([JSONValue].self) {
            self = .array(value)
        } else {
            self = .object(try container.decode([String: JSONValue].self))
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        switch self {
        case .null: try container.encodeNil()
        case .bool(let value): try container.encode(value)
        case .int(let value): try container.encode(value)
        case .double(let value): try container.encode(value)
        case .string(let value): try container.encode(value)
        case .array(let value): try container.encode(value)
        case .object(let value): try container.encode(value)
        }
    }
}

extension JSONValue {
    /// Parses JSON bytes (RFC 8259; nesting deeper than 512 levels is refused). Throws
    /// `JSONValue.ParseError` saying what is wrong and at which byte.
    public init(parsing data: Data) throws {
        do {
            self = try data.withUnsafeBytes { try JSONParser.parse($0) }
        } catch let failure as JSONParser.Failure {
            throw ParseError(reason: failure.description)
        }
    }

    /// Parses JSON text.
    public init(parsing text: String) throws {
        try self.init(parsing: Data(text.utf8))
    }

    /// Why a document is not valid JSON.
    public struct ParseError: Error, CustomStringConvertible, Sendable {
        /// The decoder's explanation.
        public let reason: String
        public var description: String { reason }
    }

    /// The document as JSON text: compact (or indented) with object members in sorted key order.
    /// Non-finite doubles, which JSON cannot express, are written as null.
    public func serialized(pretty: Bool = false) -> Data {
        JSONWriter.write(self, pretty: pretty)
    }

    /// The document as compact JSON text.
    public var text: String { String(decoding: serialized(), as: UTF8.self) }

    /// Converts any `Encodable` value into a JSON document.
    public static func encoding<T: Encodable>(_ value: T) throws -> JSONValue {
        try JSONValue(parsing: JSONEncoder().encode(value))
    }

    /// Decodes a typed view of this document.
    public func decode<T: Decodable>(_ type: T.Type) throws -> T {
        try JSONDecoder().decode(type, from: serialized())
    }
}

extension JSONValue {
    /// The member `key` of an object (nil for a missing member or a non-object); setting nil removes it.
    public subscript(key: String) -> JSONValue? {
        get {
            if case .object(let members) = self { return members[key] }
            return nil
        }
        set {
            var members: [String: JSONValue]
            if case .object(let existing) = self { members = existing } else { members = [:] }
            members[key] = newValue
            self = .object(members)
        }
    }

    /// The value at a path of object members, `value[path: "metadata", "name"]`; setting creates
    /// intermediate objects and nil removes the last member.
    public subscript(path keys: String...) -> JSONValue? {
        get { value(at: keys[...]) }
        set { setValue(newValue, at: keys[...]) }
    }

    private func value(at keys: ArraySlice<String>) -> JSONValue? {
        guard let first = keys.first else { return self }
        return self[first]?.value(at: keys.dropFirst())
    }

    private mutating func setValue(_ newValue: JSONValue?, at keys: ArraySlice<String>) {
        guard let first = keys.first else {
            self = newValue ?? .null
            return
        }
        if keys.count == 1 {
            self[first] = newValue
            return
        }
        var child = self[first] ?? .object([:])
        child.setValue(newValue, at: keys.dropFirst())
        self[first] = child
    }

    /// The string, when this is a string.
    public var stringValue: String? { if case .string(let value) = self { return value } else { return nil } }
    /// The integer, when this is an integer (or a double with an integral value).
    public var intValue: Int64? {
        switch self {
        case .int(let value): return value
        case .double(let value) where value.rounded() == value && abs(value) < 9e15: return Int64(value)
        default: return nil
        }
    }
    /// The number as a double, when this is a number.
    public var doubleValue: Double? {
        switch self {
        case .int(let value): return Double(value)
        case .double(let value): return value
        default: return nil
        }
    }
    /// The boolean, when this is a boolean.
    public var boolValue: Bool? { if case .bool(let value) = self { return value } else { return nil } }
    /// The elements, when this is an array.
    public var arrayValue: [JSONValue]? { if case .array(let value) = self { return value } else { return nil } }
    /// The members, when this is an object.
    public var objectValue: [String: JSONValue]? { if case .object(let value) = self { return value } else { return nil } }
    /// Whether this is `null`.
    public var isNull: Bool { self == .null }
}

extension JSONValue: ExpressibleByStringLiteral, ExpressibleByIntegerLiteral, ExpressibleByBooleanLiteral,
    ExpressibleByArrayLiteral, ExpressibleByDictionaryLiteral, ExpressibleByFloatLiteral
{
    public init(stringLiteral value: String) { self = .string(value) }
    public init(integerLiteral value: Int64) { self = .int(value) }
    public init(booleanLiteral value: Bool) { self = .bool(value) }
    public init(arrayLiteral elements: JSONValue...) { self = .array(elements) }
    public init(dictionaryLiteral elements: (String, JSONValue)...) {
        self = .object(Dictionary(elements, uniquingKeysWith: { _, last in last }))
    }
    public init(floatLiteral value: Double) { self = .double(value) }
}
