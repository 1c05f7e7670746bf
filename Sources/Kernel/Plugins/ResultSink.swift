import Foundation
import PluginABI

/// The host side of a `keelson_sink`: collects what a plugin writes during one call, refusing
/// results over `limit` bytes.
public final class ResultSink {
    /// The largest result one call may write: 64 MiB.
    public static let defaultLimit = 64 << 20

    /// The bytes written so far.
    public private(set) var data = Data()
    /// Set when a write was refused for size.
    public private(set) var overflowed = false
    private let limit: Int
    /// The C struct handed to the plugin; valid while this object lives.
    public let pointer: UnsafeMutablePointer<keelson_sink>

    /// Creates an empty sink.
    public init(limit: Int = ResultSink.defaultLimit) {
        self.limit = limit
        pointer = .allocate(capacity: 1)
        pointer.initialize(to: keelson_sink(
            struct_size: UInt32(MemoryLayout<keelson_sink>.size),
            host_context_host_owned: nil,
            write: { sink, bytes, len in
                guard let sink, let context = sink.pointee.host_context_host_owned else { return Int32(KEELSON_ERR_INTERNAL) }
                return Unmanaged<ResultSink>.fromOpaque(context).takeUnretainedValue().append(bytes, len)
            }
        ))
        pointer.pointee.host_context_host_owned = Unmanaged.passUnretained(self).toOpaque()
    }

    deinit {
        pointer.deinitialize(count: 1)
        pointer.deallocate()
    }

    private func append(_ bytes: UnsafePointer<CChar>?, _ len: Int) -> keelson_status {
        guard len > 0 else { return Int32(KEELSON_OK) }
        guard let bytes else { return Int32(KEELSON_ERR_INVALID_ARGUMENT) }
        if data.count + len > limit {
            overflowed = true
            return Int32(KEELSON_ERR_TOO_LARGE)
        }
        data.append(UnsafeRawPointer(bytes).assumingMemoryBound(to: UInt8.self), count: len)
        return Int32(KEELSON_OK)
    }

    /// The written bytes as text.
    public var text: String { String(decoding: data, as: UTF8.self) }

    /// Whether nothing was written since creation or the last `reset`.
    public var isEmpty: Bool { data.isEmpty }

    /// Forgets what was written, keeping the buffer's capacity, so one sink serves call after
    /// call (the scheduler bundle client's, which then allocates nothing when a plugin writes
    /// nothing); returns the C sink for the next call.
    public func reset() -> UnsafeMutablePointer<keelson_sink> {
        if !data.isEmpty { data.removeAll(keepingCapacity: true) }
        overflowed = false
        return pointer
    }

    /// Parses the written bytes as one JSON document; throws a description of the problem.
    public func json() throws -> JSONValue {
        do {
            return try data.withUnsafeBytes { try JSONParser.parse($0) }
        } catch let failure as JSONParser.Failure {
            throw JSONValue.ParseError(reason: failure.description)
        }
    }
}
