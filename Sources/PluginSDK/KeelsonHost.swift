import Foundation
import PluginABI

/// The kernel as seen from one plugin instance: a typed view of the instance's host table.
/// Valid from `create` until `destroy` returns; every method may be called from any thread.
public struct KeelsonHost: @unchecked Sendable {
    // Safe to share: the table is immutable, host-owned, and its functions are thread-safe by contract.
    /// The raw host table.
    public let table: UnsafePointer<keelson_host>

    /// Wraps a host table received in `create`.
    public init(_ table: UnsafePointer<keelson_host>) {
        self.table = table
    }

    /// Log severities, as the host's swift-log levels.
    public enum LogLevel: Int32, Sendable {
        case trace = 0, debug, info, notice, warning, error, critical
    }

    /// Writes one log line under this instance's label.
    public func log(_ level: LogLevel, _ message: String) {
        guard let log = table.pointee.log else { return }
        Bytes.with(message) { pointer, len in log(level.rawValue, pointer, len) }
    }

    /// Reads one object (`resource` is plural[.group], `namespace` empty for cluster-scoped);
    /// nil when it does not exist.
    public func getObject(_ resource: String, namespace: String = "", name: String) throws -> Data? {
        guard let get = table.pointee.get_object else { throw PluginError.unsupported("host has no get_object") }
        let result = ResultBuffer()
        let status = Bytes.with(resource) { r, rl in
            Bytes.with(namespace) { n, nl in
                Bytes.with(name) { m, ml in result.withSink { get(r, rl, n, nl, m, ml, $0) } }
            }
        }
        if status == KEELSON_ERR_NOT_FOUND { return nil }
        try check(status, "get \(resource) \(namespace)/\(name)")
        return result.data
    }

    /// Lists objects of a resource; returns the Kubernetes List JSON.
    public func listObjects(_ resource: String, namespace: String = "") throws -> Data {
        guard let list = table.pointee.list_objects else { throw PluginError.unsupported("host has no list_objects") }
        let result = ResultBuffer()
        let status = Bytes.with(resource) { r, rl in
            Bytes.with(namespace) { n, nl in result.withSink { list(r, rl, n, nl, $0) } }
        }
        try check(status, "list \(resource)")
        return result.data
    }

    /// Starts a watch; its events arrive through `KeelsonPlugin.watchEvent(id:event:)`.
    @discardableResult
    public func watch(_ resource: String, namespace: String = "", fromRevision: UInt64 = 0) throws -> UInt64 {
        guard let watch = table.pointee.watch else { throw PluginError.unsupported("host has no watch") }
        var id: UInt64 = 0
        let status = Bytes.with(resource) { r, rl in
            Bytes.with(namespace) { n, nl in watch(r, rl, n, nl, fromRevision, &id) }
        }
        try check(status, "watch \(resource)")
        return id
    }

    /// Stops a watch started with `watch`.
    public func cancelWatch(_ id: UInt64) throws {
        guard let cancel = table.pointee.cancel_watch else { return }
        try check(cancel(id), "cancel watch \(id)")
    }

    /// Records a core/v1 Event (needs reason, message, type and involvedObject).
    public func emitEvent(_ eventJSON: Data) throws {
        guard let emit = table.pointee.emit_event else { throw PluginError.unsupported("host has no emit_event") }
        try check(Bytes.with(eventJSON) { emit($0, $1) }, "emit event")
    }

    /// Health values for `reportStatus`.
    public enum Health: Int32, Sendable { case ok = 0, degraded = 1, failed = 2 }

    /// Reports this instance's health with a message.
    public func reportStatus(_ health: Health, _ message: String) {
        guard let report = table.pointee.report_status else { return }
        _ = Bytes.with(message) { report(health.rawValue, $0, $1) }
    }

    private func check(_ status: keelson_status, _ what: String) throws {
        if status != KEELSON_OK { throw PluginError(status, "host refused \(what) (status \(status))") }
    }
}

/// Collects what the host writes into a sink that a plugin passes to a host-table function.
final class ResultBuffer {
    var data = Data()

    func withSink(_ body: (UnsafeMutablePointer<keelson_sink>) -> keelson_status) -> keelson_status {
        let context = Unmanaged.passUnretained(self).toOpaque()
        var sink = keelson_sink(
            struct_size: UInt32(MemoryLayout<keelson_sink>.size),
            host_context_host_owned: context,
            write: { sink, pointer, len in
                guard let sink, let context = sink.pointee.host_context_host_owned else { return Int32(KEELSON_ERR_INTERNAL) }
                let buffer = Unmanaged<ResultBuffer>.fromOpaque(context).takeUnretainedValue()
                if let pointer, len > 0 { buffer.data.append(UnsafeRawPointer(pointer).assumingMemoryBound(to: UInt8.self), count: len) }
                return Int32(KEELSON_OK)
            }
        )
        return withUnsafeMutablePointer(to: &sink) { body($0) }
    }
}
