import Foundation
import PluginABI

/// The base of every plugin instance written in Swift. A kind adds its own protocol on top
/// (scheduler, runtime, CNI, DNS, cloud provider); the SDK turns it into the C function table.
public protocol KeelsonPlugin: AnyObject {
    /// Creates an instance from its `config` JSON object (already validated against the
    /// plugin's schema by the host). Throw a `PluginError` to refuse it.
    init(host: Host, config: Data) throws

    /// Receives one event of a watch started with `Host.watch`, as Kubernetes watch JSON.
    /// The default ignores it.
    func watchEvent(id: UInt64, event: Data) throws

    /// Called just before the instance is released; the default does nothing.
    func shutdown()
}

extension KeelsonPlugin {
    public func watchEvent(id: UInt64, event: Data) throws {}
    public func shutdown() {}
}

/// What the host's `keelson_instance *` points to for a Swift plugin: the instance and its
/// last error message.
public final class InstanceBox {
    /// The plugin's instance.
    public let plugin: any KeelsonPlugin
    /// The message of the last failed call (malloc'd, NUL-terminated), kept until the next call.
    private(set) var lastError: UnsafeMutablePointer<CChar>?

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
        box.clearError()
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

    func setError(_ message: String) {
        clearError()
        lastError = strdup(message)
    }

    func clearError() {
        free(lastError)
        lastError = nil
    }

    deinit { free(lastError) }
}
