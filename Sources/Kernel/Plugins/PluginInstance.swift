import Dispatch
import Foundation
import Logging
import PluginABI
import Synchronization

/// One live instance of a plugin, with its own host table. Every call into it runs on the
/// instance's own dispatch queue (never on Swift's cooperative pool, so a slow plugin cannot
/// stall the cluster's async work), serialized unless the plugin declared itself thread-safe,
/// and is logged, counted and timed.
public final class PluginInstance: @unchecked Sendable {
    // Safe to share: stored properties are immutable; the plugin's instance pointer is only used
    // on `queue`, which serializes calls unless the plugin declared KEELSON_CAP_THREAD_SAFE; the
    // destroyed flag is a Mutex.
    /// The plugin this instance belongs to.
    public let plugin: LoadedPlugin
    /// A name for logs and Events, "containerd-like@pool-a-1".
    public let label: String
    /// Per-operation figures and health.
    public let statistics: PluginCallStatistics
    private let handle: OpaquePointer?
    private let queue: DispatchQueue
    private let hostTable: HostTable
    private let context: HostContext
    private let destroyed = Mutex(false)
    private let logger: Logger

    private init(plugin: LoadedPlugin, label: String, handle: OpaquePointer?, queue: DispatchQueue, hostTable: HostTable, context: HostContext, logger: Logger) {
        self.plugin = plugin
        self.label = label
        self.handle = handle
        self.queue = queue
        self.hostTable = hostTable
        self.context = context
        self.statistics = context.statistics
        self.logger = logger
    }

    /// Creates an instance configured by `config` (already validated against the plugin's
    /// schema). `client` backs the host table's reads, watches and Events; nil leaves them
    /// unavailable. Throws `PluginCallError` with the plugin's message when it refuses.
    public static func create(
        plugin: LoadedPlugin, config: JSONValue = [:], label: String? = nil, client: (any ObjectClient)? = nil
    ) async throws -> PluginInstance {
        let label = label ?? plugin.info.name
        let queue = makeQueue(plugin, label)
        return try await withCheckedThrowingContinuation { continuation in
            queue.async {
                continuation.resume(with: Result { try createOnQueue(plugin: plugin, config: config, label: label, client: client, queue: queue) })
            }
        }
    }

    /// `create` for callers outside async code (tests, the CLI's inspection commands). Never call
    /// it from a Swift concurrency task: it blocks the calling thread.
    public static func createSync(
        plugin: LoadedPlugin, config: JSONValue = [:], label: String? = nil, client: (any ObjectClient)? = nil
    ) throws -> PluginInstance {
        let label = label ?? plugin.info.name
        let queue = makeQueue(plugin, label)
        return try queue.sync { try createOnQueue(plugin: plugin, config: config, label: label, client: client, queue: queue) }
    }

    private static func makeQueue(_ plugin: LoadedPlugin, _ label: String) -> DispatchQueue {
        DispatchQueue(label: "keelson.plugin.\(label)", attributes: plugin.info.isThreadSafe ? .concurrent : [])
    }

    /// A CNI delegate instance (see `CNIDelegates`), created with an empty config from a plugin
    /// thread. `depth` is how many delegations led to it.
    static func createDelegate(plugin: LoadedPlugin, label: String, client: (any ObjectClient)?, depth: Int) throws -> PluginInstance {
        let queue = makeQueue(plugin, label)
        return try queue.sync {
            try createOnQueue(plugin: plugin, config: [:], label: label, client: client, queue: queue, delegationDepth: depth)
        }
    }

    private static func createOnQueue(
        plugin: LoadedPlugin, config: JSONValue, label: String, client: (any ObjectClient)?, queue: DispatchQueue,
        delegationDepth: Int = 0
    ) throws -> PluginInstance {
        let logger = Logger(label: "keelson.plugin.\(label)")
        let context = HostContext(kind: plugin.info.kind, label: label, logger: logger, client: client, statistics: PluginCallStatistics(),
                                  pluginFile: plugin.info.file, delegationDepth: delegationDepth)
        let table = try HostTable(context: context)
        let errorSink = ResultSink(limit: 64 << 10)
        var handle: OpaquePointer?
        let configBytes = config.serialized()
        let started = DispatchTime.now().uptimeNanoseconds
        let status = configBytes.withUnsafeBytes { raw in
            plugin.create(UnsafePointer(table.pointer), raw.baseAddress?.assumingMemoryBound(to: CChar.self), raw.count, &handle, errorSink.pointer)
        }
        context.statistics.record("create", nanoseconds: DispatchTime.now().uptimeNanoseconds - started, status: status)
        guard status == KEELSON_OK else {
            let message = errorSink.text.isEmpty ? "create failed" : errorSink.text
            throw PluginCallError(plugin: plugin.info.name, operation: "create", status: status, message: message)
        }
        let instance = PluginInstance(plugin: plugin, label: label, handle: handle, queue: queue, hostTable: table, context: context, logger: logger)
        context.deliver.withLock { $0 = { [weak instance] id, event in await instance?.deliverWatchEvent(id, event) } }
        logger.debug("created \(plugin.info.name) \(plugin.info.version)")
        return instance
    }

    /// Runs one call into the instance and returns what it wrote to the result sink; throws
    /// `PluginCallError` for a non-OK status (message from `last_error`, else the sink text).
    public func call(
        _ operation: String, _ body: @escaping @Sendable (OpaquePointer?, UnsafeMutablePointer<keelson_sink>) -> Int32
    ) async throws -> Data {
        let outcome = await callRaw(operation, body)
        return try check(operation, outcome)
    }

    /// `call` for callers outside async code. Never call it from a Swift concurrency task, nor
    /// from inside another call into the same instance.
    public func callSync(
        _ operation: String, _ body: (OpaquePointer?, UnsafeMutablePointer<keelson_sink>) -> Int32
    ) throws -> Data {
        let outcome = queue.sync { perform(operation, body) }
        return try check(operation, outcome)
    }

    /// Runs one call and returns its status, sink bytes and last error without throwing for a
    /// plugin status, for interfaces whose failures carry a payload (CNI's error object).
    public func callRaw(
        _ operation: String, _ body: @escaping @Sendable (OpaquePointer?, UnsafeMutablePointer<keelson_sink>) -> Int32
    ) async -> (status: Int32, data: Data, lastError: String?) {
        await withCheckedContinuation { continuation in
            queue.async { continuation.resume(returning: self.perform(operation, body)) }
        }
    }

    /// `callRaw` for a plugin thread (a CNI delegation): blocks the calling thread, which must
    /// not be this instance's own.
    func callRawSync(
        _ operation: String, _ body: (OpaquePointer?, UnsafeMutablePointer<keelson_sink>) -> Int32
    ) -> (status: Int32, data: Data, lastError: String?) {
        queue.sync { perform(operation, body) }
    }

    /// A synchronous call on the caller's own thread, for interfaces called from a dedicated
    /// thread many times per second (scheduler interface 2.0). It runs `body` under `queue.sync`,
    /// which executes inline on the calling thread (no thread hop) while keeping calls into the
    /// instance serialized. No result sink is allocated: `body` passes its own reusable sinks.
    /// The call is counted and timed under `operation` with the status `body` returns; the
    /// plugin's `last_error` is read for a non-OK status when `readsLastError` is set. A
    /// destroyed instance is not called (FAILED_PRECONDITION). Never call it from a Swift
    /// concurrency task, nor from inside another call into the same instance.
    public func callDirect(
        _ operation: String, readsLastError: Bool = true, _ body: (OpaquePointer?) -> Int32
    ) -> (status: Int32, lastError: String?) {
        queue.sync {
            if destroyed.withLock({ $0 }) {
                return (Int32(KEELSON_ERR_FAILED_PRECONDITION), "instance \(label) was destroyed")
            }
            let started = DispatchTime.now().uptimeNanoseconds
            let status = body(handle)
            statistics.record(operation, nanoseconds: DispatchTime.now().uptimeNanoseconds - started, status: status)
            guard status != KEELSON_OK, readsLastError, let read = plugin.lastError, let message = read(handle) else { return (status, nil) }
            return (status, String(cString: message))
        }
    }

    private func perform(
        _ operation: String, _ body: (OpaquePointer?, UnsafeMutablePointer<keelson_sink>) -> Int32
    ) -> (status: Int32, data: Data, lastError: String?) {
        if destroyed.withLock({ $0 }) {
            return (Int32(KEELSON_ERR_FAILED_PRECONDITION), Data(), "instance \(label) was destroyed")
        }
        let sink = ResultSink()
        let started = DispatchTime.now().uptimeNanoseconds
        let status = body(handle, sink.pointer)
        let elapsed = DispatchTime.now().uptimeNanoseconds - started
        statistics.record(operation, nanoseconds: elapsed, status: status)
        var lastError: String?
        if status != KEELSON_OK, let read = plugin.lastError, let message = read(handle) {
            lastError = String(cString: message)
        }
        if sink.overflowed {
            logger.warning("\(operation): result exceeded \(ResultSink.defaultLimit) bytes")
        }
        logger.trace("\(operation) -> \(PluginCallError.name(of: status)) in \(elapsed / 1000) µs")
        return (status, sink.data, lastError)
    }

    private func check(_ operation: String, _ outcome: (status: Int32, data: Data, lastError: String?)) throws -> Data {
        guard outcome.status == KEELSON_OK else {
            let text = String(decoding: outcome.data, as: UTF8.self)
            let message = outcome.lastError ?? (text.isEmpty ? "no message" : text)
            logger.debug("\(operation) failed: \(PluginCallError.name(of: outcome.status)): \(message)")
            throw PluginCallError(plugin: plugin.info.name, operation: operation, status: outcome.status, message: message)
        }
        return outcome.data
    }

    private func deliverWatchEvent(_ id: UInt64, _ event: WatchEvent) async {
        guard let hook = plugin.onWatchEvent else { return }
        let payload = event.json.serialized()
        let context = self.context
        let outcome = await callRaw("on_watch_event") { handle, _ in
            guard context.isWatching(id) else { return Int32(KEELSON_OK) }
            return payload.withUnsafeBytes { raw in
                hook(handle, id, raw.baseAddress?.assumingMemoryBound(to: CChar.self), raw.count)
            }
        }
        if outcome.status != KEELSON_OK {
            logger.warning("on_watch_event (\(event.type)) failed: \(PluginCallError.name(of: outcome.status)): \(outcome.lastError ?? "no message")")
        }
    }

    /// Cancels the instance's watches and releases it; later calls fail with FAILED_PRECONDITION.
    /// Idempotent.
    public func destroy() {
        context.cancelAllWatches()
        let already = destroyed.withLock { flag in
            defer { flag = true }
            return flag
        }
        guard !already else { return }
        queue.sync(flags: .barrier) { plugin.destroy(handle) }
        context.delegates.destroyAll()
        logger.debug("destroyed")
    }
}
