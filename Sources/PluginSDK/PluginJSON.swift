import Foundation

/// JSON helpers for plugins: payloads across the ABI are Kubernetes JSON, decoded into
/// whatever `Decodable` view of the object a plugin needs (unknown fields are ignored).
public enum PluginJSON {
    /// Decodes `T` from JSON bytes, failing with `KEELSON_ERR_INVALID_ARGUMENT` and the decoder's reason.
    public static func decode<T: Decodable>(_ type: T.Type, from data: Data, what: String = "payload") throws -> T {
        try data.withUnsafeBytes { try decode(type, from: $0, what: what) }
    }

    /// Decodes `T` from JSON bytes the caller lends for the call (an ABI payload), without
    /// copying them into `Data` first; errors as `decode(_:from:what:)`.
    public static func decode<T: Decodable>(_ type: T.Type, from bytes: UnsafeRawBufferPointer, what: String = "payload") throws -> T {
        do {
            let tape = try JSONTape(bytes)
            return try T(from: TapeDecoder(tape: tape, index: 0))
        } catch let error as JSONTape.SyntaxError {
            throw PluginError.invalidArgument("\(what): not valid JSON (\(error))")
        } catch let DecodingError.keyNotFound(key, context) {
            throw PluginError.invalidArgument("\(what): missing field \(path(context.codingPath + [key]))")
        } catch let DecodingError.typeMismatch(expected, context) {
            throw PluginError.invalidArgument("\(what): field \(path(context.codingPath)) is not \(expected)")
        } catch let DecodingError.valueNotFound(expected, context) {
            throw PluginError.invalidArgument("\(what): field \(path(context.codingPath)) is null, expected \(expected)")
        } catch let DecodingError.dataCorrupted(context) {
            throw PluginError.invalidArgument("\(what): field \(path(context.codingPath)): \(context.debugDescription)")
        } catch let error as PluginError {
            throw error
        } catch {
            throw PluginError.invalidArgument("\(what): \(error)")
        }
    }

    /// Encodes `value` as compact JSON with sorted keys.
    public static func encode<T: Encodable>(_ value: T) throws -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        do {
            return try encoder.encode(value)
        } catch {
            throw PluginError.internalError("cannot encode result: \(error)")
        }
    }

    private static func path(_ keys: [any CodingKey]) -> String {
        keys.isEmpty ? "(root)" : keys.map { $0.intValue.map { "[\($0)]" } ?? $0.stringValue }.joined(separator: ".")
    }
}
