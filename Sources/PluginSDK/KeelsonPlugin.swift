import Foundation
import PluginABI
import Synchronization

/// The base of every plugin instance written in Swift. A kind adds its own protocol on top
/// (scheduler, runtime, CNI, DNS, cloud provider); the SDK turns it into the C function table.
public protocol KeelsonPlugin: AnyObject {
    /// Creates an instance from its `config` JSON object (already validated against the
    /// plugin's schema by the host). Throw a `PluginError` to refuse it.
    init(host: KeelsonHost, config: Data) throws

    /// Receives one event of a watch started with `KeelsonHost.watch`, as Kubernetes watch JSON.
    /// The default ignores it.
    func watchEvent(id: UInt64, event: Data) throws

    /// Called just before the instance is released; the default does nothing.
    func shutdown()
}

extension KeelsonPlugin {
    public func watchEvent(id: UInt64, event: Data) throws {}
    public func shutdown() {}
}

/// What the host's `keelson_instance *` points to for a Swift plugin: the instance and the
/// message of the last failed call. The message is kept per calling thread, like `errno`: the
/// host reads `last_error` on the thread that made the failed call, right after it, so a
/// thread-safe plugin's concurrent calls never see each other's messages.
public final class InstanceBox: Sendable {
    /// The plugin's instance.
    nonisolated(unsafe) public let plugin: any KeelsonPlugin
    // The plugin instance's own thread safety is the plugin's contract with the host; the box
    // adds only the error table, which the mutex guards.
    private let errors = Mutex<[UInt: UnsafeMutablePointer<CChar>]>([:])

    init(_ plugin: any KeelsonPlugin) {
        self.plugin = plugin
    }

    /// The box behind a `keelson_instance *` handed back by the host.
    public static func from(_ instance: OpaquePointer?) -> InstanceBox? {
        guard let instance else { return nil }
        return Unmanaged<InstanceBox>.fromOpaque(UnsafeRawPointer(instance)).takeUnretainedValue()
    }

    /// Runs one call into the instance behind the error barrier: a thrown `PluginError`
    /// becomes its status code and the last-error message; any other error becomes
    /// `KEELSON_ERR_INTERNAL`. Returns `KEELSON_ERR_INVALID_ARGUMENT` for a NULL instance.
    public static func call<P>(
        _ instance: OpaquePointer?, as type: P.Type, _ body: (P) throws -> Void
    ) -> keelson_status {
        guard let box = from(instance) else { return Int32(KEELSON_ERR_INVALID_ARGUMENT) }
        box.setError(nil)
        guard let plugin = box.plugin as? P else {
            box.setError("instance does not implement \(P.self)")
            return Int32(KEELSON_ERR_INTERNAL)
        }
        do {
            try body(plugin)
            return Int32(KEELSON_OK)
        } catch let error as PluginError {
            box.setError(error.message)
            return error.status
        } catch {
            box.setError("\(error)")
            return Int32(KEELSON_ERR_INTERNAL)
        }
    }

    /// The calling thread's last error message (NUL-terminated), valid until its next call.
    var lastError: UnsafePointer<CChar>? {
        errors.withLock { $0[Self.currentThread].map { UnsafePointer($0) } }
    }

    func setError(_ message: String?) {
        let thread = Self.currentThread
        return errors.withLock { table in
            free(table.removeValue(forKey: thread))
            if let message { table[thread] = strdup(message) }
        }
    }

    /// Identifies the calling thread (pthread_t is an integer on Linux).
    private static var currentThread: UInt { UInt(pthread_self()) }

    deinit {
        errors.withLock { table in table.values.forEach { free($0) } }
    }
}
