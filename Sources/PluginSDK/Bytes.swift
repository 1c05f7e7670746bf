import Foundation
import PluginABI

/// Converting the ABI's (pointer, length) byte pairs and result sinks to and from Swift values.
public enum Bytes {
    /// Copies `len` bytes at `pointer` (host-owned, borrowed for the call) into `Data`.
    public static func data(_ pointer: UnsafePointer<CChar>?, _ len: Int) -> Data {
        guard let pointer, len > 0 else { return Data() }
        return Data(bytes: pointer, count: len)
    }

    /// Decodes UTF-8 text from a (pointer, length) pair.
    public static func string(_ pointer: UnsafePointer<CChar>?, _ len: Int) -> String {
        String(decoding: data(pointer, len), as: UTF8.self)
    }

    /// Calls `body` with `data` as a (pointer, length) pair that stays valid during the call.
    public static func with<R>(_ data: Data, _ body: (UnsafePointer<CChar>?, Int) throws -> R) rethrows -> R {
        try data.withUnsafeBytes { raw in
            try body(raw.baseAddress?.assumingMemoryBound(to: CChar.self), raw.count)
        }
    }

    /// Calls `body` with the UTF-8 bytes of `string` as a (pointer, length) pair.
    public static func with<R>(_ string: String, _ body: (UnsafePointer<CChar>?, Int) throws -> R) rethrows -> R {
        try with(Data(string.utf8), body)
    }

    /// Appends `data` to a host sink. Throws when the host refuses it (too large).
    public static func write(_ data: Data, to sink: UnsafeMutablePointer<keelson_sink>?) throws {
        guard let sink, let write = sink.pointee.write else {
            throw PluginError.internalError("the host passed no result sink")
        }
        let status = with(data) { pointer, len in write(sink, pointer, len) }
        if status != KEELSON_OK {
            throw PluginError(status, "the host refused a result of \(data.count) bytes")
        }
    }

    /// Appends the UTF-8 bytes of `string` to a host sink.
    public static func write(_ string: String, to sink: UnsafeMutablePointer<keelson_sink>?) throws {
        try write(Data(string.utf8), to: sink)
    }
}
