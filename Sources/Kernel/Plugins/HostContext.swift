import Dispatch
import Foundation
import Logging
import PluginABI
import Synchronization

/// What one instance's host table does: logging under the instance's label, reads and watches
/// through the `ObjectClient` (so plugins see exactly what the API serves), Events, and health
/// reports. Calls arrive on plugin threads, never on Swift's cooperative pool, so waiting for
/// an async client call here blocks only the plugin's own thread.
final class HostContext: Sendable {
    let kind: PluginKind
    let label: String
    let logger: Logger
    let client: (any ObjectClient)?
    let statistics: PluginCallStatistics
    /// Writes the Events plugins emit, with the instance's label as the source component.
    let recorder: EventRecorder?
    /// Delivers a watch event into the instance (set once the instance exists).
    let deliver = Mutex<(@Sendable (UInt64, WatchEvent) async -> Void)?>(nil)
    private let watches = Mutex<[UInt64: Task<Void, Never>]>([:])
    private let nextWatchID = Atomic<UInt64>(1)

    /// The CNI plugins this instance delegates to (`cni_delegate`; CNI instances only).
    let delegates: CNIDelegates

    init(kind: PluginKind, label: String, logger: Logger, client: (any ObjectClient)?, statistics: PluginCallStatistics,
         pluginFile: String = "", delegationDepth: Int = 0) {
        self.delegates = CNIDelegates(callerLabel: label, callerFile: pluginFile, client: client, depth: delegationDepth)
        self.kind = kind
        self.label = label
        self.logger = logger
        self.client = client
        self.statistics = statistics
        self.recorder = client.map { EventRecorder(client: $0, component: label, logger: logger) }
    }

    func log(level: Int32, message: String) {
        let levels: [Logger.Level] = [.trace, .debug, .info, .notice, .warning, .error, .critical]
        let chosen = levels.indices.contains(Int(level)) ? levels[Int(level)] : .info
        logger.log(level: chosen, "\(message)")
    }

    func getObject(resource: String, namespace: String, name: String, sink: UnsafeMutablePointer<keelson_sink>?) -> keelson_status {
        guard let client, let type = ResourceType.named(resource) else { return unknown(resource) }
        let result = Self.blocking { try await client.get(type, namespace: namespace, name: name) }
        switch result {
        case .success(let object): return write(object.serialized(), to: sink)
        case .failure(let error as APIError) where error.code == 404: return Int32(KEELSON_ERR_NOT_FOUND)
        case .failure(let error): return failed("get \(resource)", error)
        }
    }

    func listObjects(resource: String, namespace: String, sink: UnsafeMutablePointer<keelson_sink>?) -> keelson_status {
        guard let client, let type = ResourceType.named(resource) else { return unknown(resource) }
        let result = Self.blocking {
            try await client.list(type, namespace: namespace.isEmpty ? nil : namespace, labelSelector: [:])
        }
        switch result {
        case .success(let list):
            let body: JSONValue = [
                "kind": "List", "apiVersion": "v1",
                "metadata": ["resourceVersion": .string(String(list.resourceVersion))],
                "items": .array(list.items),
            ]
            return write(body.serialized(), to: sink)
        case .failure(let error): return failed("list \(resource)", error)
        }
    }

    func watch(resource: String, namespace: String, fromRevision: UInt64, out: UnsafeMutablePointer<UInt64>?) -> keelson_status {
        guard kind.mayWatch else {
            logger.warning("refused watch of \(resource): \(kind.rawValue) plugins may not watch")
            return Int32(KEELSON_ERR_PERMISSION_DENIED)
        }
        guard let client, let type = ResourceType.named(resource) else { return unknown(resource) }
        guard let deliver = deliver.withLock({ $0 }) else { return Int32(KEELSON_ERR_UNSUPPORTED) }
        let id = nextWatchID.add(1, ordering: .relaxed).oldValue
        let logger = self.logger
        let task = Task.detached {
            do {
                let stream = try await client.watch(type, namespace: namespace.isEmpty ? nil : namespace, fromRevision: Int64(fromRevision))
                for try await event in stream {
                    if Task.isCancelled { break }
                    await deliver(id, event)
                }
            } catch is CancellationError {
            } catch {
                logger.warning("watch \(id) of \(resource) ended: \(error)")
            }
        }
        watches.withLock { $0[id] = task }
        out?.pointee = id
        return Int32(KEELSON_OK)
    }

    func cancelWatch(_ id: UInt64) -> keelson_status {
        guard let task = watches.withLock({ $0.removeValue(forKey: id) }) else { return Int32(KEELSON_ERR_NOT_FOUND) }
        task.cancel()
        return Int32(KEELSON_OK)
    }

    /// Whether a watch is still active: checked right before each delivery.
    func isWatching(_ id: UInt64) -> Bool {
        watches.withLock { $0[id] != nil }
    }

    /// Cancels every watch (before `destroy`).
    func cancelAllWatches() {
        let tasks = watches.withLock { current in
            defer { current.removeAll() }
            return Array(current.values)
        }
        tasks.forEach { $0.cancel() }
    }

    func emitEvent(json: String) -> keelson_status {
        guard let recorder else { return Int32(KEELSON_ERR_UNSUPPORTED) }
        guard let event = try? JSONValue(parsing: json), let reason = event["reason"]?.stringValue,
            let message = event["message"]?.stringValue, let involved = event["involvedObject"], involved.objectValue != nil
        else { return Int32(KEELSON_ERR_INVALID_ARGUMENT) }
        let kind = EventRecorder.Kind(rawValue: event["type"]?.stringValue ?? "Normal") ?? .normal
        let namespace = involved["namespace"]?.stringValue ?? "default"
        _ = Self.blocking { await recorder.record(involving: involved, namespace: namespace, kind, reason: reason, message: message) }
        return Int32(KEELSON_OK)
    }

    func reportStatus(health: Int32, message: String) -> keelson_status {
        let value: PluginCallStatistics.Health
        switch Int(health) {
        case Int(KEELSON_HEALTH_OK): value = .healthy
        case Int(KEELSON_HEALTH_DEGRADED): value = .degraded
        case Int(KEELSON_HEALTH_FAILED): value = .unhealthy
        default: return Int32(KEELSON_ERR_INVALID_ARGUMENT)
        }
        statistics.report(value, message: message)
        logger.log(level: value == .healthy ? .info : .warning, "reports \(value.rawValue): \(message)")
        return Int32(KEELSON_OK)
    }

    /// Runs a command of another CNI plugin for a CNI instance; refused for every other kind.
    func delegateCNI(command: String, type: String, netConfig: Data, runtime: Data, sink: UnsafeMutablePointer<keelson_sink>?) -> keelson_status {
        guard kind == .cni else {
            logger.warning("refused cni_delegate to \(type): \(kind.rawValue) plugins may not delegate CNI commands")
            return Int32(KEELSON_ERR_PERMISSION_DENIED)
        }
        let status = delegates.run(command: command, type: type, netConfig: netConfig, runtime: runtime, sink: sink)
        logger.trace("delegated \(command) to \(type) -> \(PluginCallError.name(of: status))")
        return status
    }

    // MARK: helpers

    private func write(_ data: Data, to sink: UnsafeMutablePointer<keelson_sink>?) -> keelson_status {
        guard let sink, let write = sink.pointee.write else { return Int32(KEELSON_ERR_INVALID_ARGUMENT) }
        return data.withUnsafeBytes { raw in
            write(sink, raw.baseAddress?.assumingMemoryBound(to: CChar.self), raw.count)
        }
    }

    private func unknown(_ resource: String) -> keelson_status {
        if client == nil { return Int32(KEELSON_ERR_UNAVAILABLE) }
        logger.warning("asked for unknown resource \"\(resource)\"")
        return Int32(KEELSON_ERR_NOT_FOUND)
    }

    private func failed(_ what: String, _ error: any Error) -> keelson_status {
        logger.warning("\(what) failed: \(error)")
        if let error = error as? APIError, error.code == 409 { return Int32(KEELSON_ERR_CONFLICT) }
        return Int32(KEELSON_ERR_UNAVAILABLE)
    }

    /// Runs an async operation to completion from a plugin thread.
    static func blocking<T: Sendable>(_ operation: @escaping @Sendable () async throws -> T) -> Result<T, any Error> {
        let box = Mutex<Result<T, any Error>?>(nil)
        let done = DispatchSemaphore(value: 0)
        Task.detached {
            let result: Result<T, any Error>
            do { result = .success(try await operation()) } catch { result = .failure(error) }
            box.withLock { $0 = result }
            done.signal()
        }
        done.wait()
        return box.withLock { $0! }
    }
}
