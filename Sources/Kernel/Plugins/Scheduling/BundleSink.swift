import PluginABI

/// A `keelson_sink` the scheduler bundle client owns and reuses for every call (reasons, node
/// lists, verdicts), so a framework call allocates nothing when the plugin writes nothing.
/// Not thread-safe: used only inside calls into one instance, which never overlap.
final class BundleSink {
    /// The bytes written since the last `reset`.
    private(set) var bytes: [UInt8] = []
    /// Set when a write was refused for size since the last `reset`.
    private(set) var overflowed = false
    /// The largest result one call may write.
    private let limit: Int
    /// The C struct handed to the plugin; valid while this object lives.
    let pointer: UnsafeMutablePointer<keelson_sink>

    /// Creates an empty sink refusing results over `limit` bytes.
    init(limit: Int = ResultSink.defaultLimit) {
        self.limit = limit
        pointer = .allocate(capacity: 1)
        pointer.initialize(to: keelson_sink(
            struct_size: UInt32(MemoryLayout<keelson_sink>.size),
            host_context_host_owned: nil,
            write: { sink, data, len in
                guard let sink, let context = sink.pointee.host_context_host_owned else { return Int32(KEELSON_ERR_INTERNAL) }
                return Unmanaged<BundleSink>.fromOpaque(context).takeUnretainedValue().append(data, len)
            }
        ))
        pointer.pointee.host_context_host_owned = Unmanaged.passUnretained(self).toOpaque()
    }

    deinit {
        pointer.deinitialize(count: 1)
        pointer.deallocate()
    }

    /// Forgets what was written, keeping the buffer's capacity; returns the C sink for the call.
    func reset() -> UnsafeMutablePointer<keelson_sink> {
        if !bytes.isEmpty { bytes.removeAll(keepingCapacity: true) }
        overflowed = false
        return pointer
    }

    /// Whether nothing was written since the last `reset`.
    var isEmpty: Bool { bytes.isEmpty }

    /// The written bytes as text.
    var text: String { String(decoding: bytes, as: UTF8.self) }

    /// Parses the written bytes as one JSON document; throws a description of the problem.
    func json() throws -> JSONValue {
        do {
            return try bytes.withUnsafeBytes { try JSONParser.parse($0) }
        } catch let failure as JSONParser.Failure {
            throw JSONValue.ParseError(reason: failure.description)
        }
    }

    private func append(_ data: UnsafePointer<CChar>?, _ len: Int) -> keelson_status {
        guard len > 0 else { return Int32(KEELSON_OK) }
        guard let data else { return Int32(KEELSON_ERR_INVALID_ARGUMENT) }
        if bytes.count + len > limit {
            overflowed = true
            return Int32(KEELSON_ERR_TOO_LARGE)
        }
        bytes.append(contentsOf: UnsafeRawBufferPointer(start: data, count: len))
        return Int32(KEELSON_OK)
    }
}
