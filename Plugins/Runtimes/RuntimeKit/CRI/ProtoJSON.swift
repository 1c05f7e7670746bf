import Foundation
import PluginSDK

// The proto3 JSON mapping CRI messages cross the ABI in: 64-bit integers are decimal strings
// (numbers are accepted on input), enums are their value names (numbers accepted on input),
// `bytes` are base64. Responses always carry every field, defaults included.

/// An `int64` field: written as a string, read from a string or a number.
struct ProtoInt64: Codable, Hashable, Sendable, ExpressibleByIntegerLiteral {
    var value: Int64

    init(_ value: Int64) { self.value = value }
    init(integerLiteral value: Int64) { self.value = value }

    init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        if let number = try? container.decode(Int64.self) {
            value = number
        } else if let text = try? container.decode(String.self), let number = Int64(text) {
            value = number
        } else {
            throw DecodingError.dataCorruptedError(in: container, debugDescription: "not an int64")
        }
    }

    func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(String(value))
    }
}

/// A `uint64` field: written as a string, read from a string or a number.
struct ProtoUInt64: Codable, Hashable, Sendable {
    var value: UInt64

    init(_ value: UInt64) { self.value = value }

    init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        if let number = try? container.decode(UInt64.self) {
            value = number
        } else if let text = try? container.decode(String.self), let number = UInt64(text) {
            value = number
        } else {
            throw DecodingError.dataCorruptedError(in: container, debugDescription: "not a uint64")
        }
    }

    func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(String(value))
    }
}

/// The `UInt64Value` wrapper message, `{"value":"123"}`.
struct UInt64Value: Encodable, Sendable {
    var value: ProtoUInt64
    init(_ value: UInt64) { self.value = ProtoUInt64(value) }
}

/// The `Int64Value` wrapper message, `{"value":"0"}`.
struct Int64Value: Encodable, Sendable {
    var value: ProtoInt64
    init(_ value: Int64) { self.value = ProtoInt64(value) }
}

/// A proto enum: cases declared in the order of their proto numbers, raw values = value names.
protocol ProtoEnum: Codable, CaseIterable, RawRepresentable where RawValue == String {}

extension ProtoEnum {
    init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        let cases = Array(Self.allCases)
        if let number = try? container.decode(Int.self) {
            guard cases.indices.contains(number) else {
                throw DecodingError.dataCorruptedError(in: container, debugDescription: "unknown enum value \(number)")
            }
            self = cases[number]
        } else {
            let name = try container.decode(String.self)
            guard let value = Self(rawValue: name) else {
                throw DecodingError.dataCorruptedError(in: container, debugDescription: "unknown enum value \(name)")
            }
            self = value
        }
    }

    func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(rawValue)
    }
}

/// Encoding and decoding CRI messages.
enum ProtoJSON {
    /// Decodes a request message; an empty body is the empty message `{}`.
    static func decode<T: Decodable>(_ type: T.Type, _ data: Data, method: String) throws -> T {
        try PluginJSON.decode(type, from: data.isEmpty ? Data("{}".utf8) : data, what: "\(method) request")
    }

    /// Encodes a response message.
    static func encode<T: Encodable>(_ value: T) throws -> Data {
        try PluginJSON.encode(value)
    }
}
