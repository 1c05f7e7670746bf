import Foundation
import PluginABI

/// A cluster DNS add-on written in Swift: it serves the Kubernetes DNS specification on its own
/// sockets and threads, learning Services and Endpoints through `KeelsonHost.watch`.
///
/// The host calls `start` once the instance is configured and `stop` when the cluster shuts
/// the add-on down; `shutdown()` (from `KeelsonPlugin`) runs before the instance is released
/// and should stop serving too.
public protocol DNSPlugin: KeelsonPlugin {
    /// Starts serving and returns the info JSON the interface defines,
    /// `{"listen":[{"protocol":"udp","address":"127.0.0.1:10053"}],"zone":"cluster.local"}`.
    /// Throw a `PluginError` to refuse (a bad address, a port in use).
    func start() throws -> Data

    /// Stops serving and closes every socket; calling it when not serving does nothing.
    func stop() throws
}

/// The C function table (`keelson_dns_v1`) of a Swift DNS add-on; pass `DNSPluginTable.pointer`
/// as the `interface` of `PluginEntry.descriptor`.
public enum DNSPluginTable {
    /// The table, allocated once for the lifetime of the library.
    // Safe to share: the table is written once here and only read afterwards (by the host).
    nonisolated(unsafe) public static let pointer: UnsafeRawPointer = table()

    /// Allocates a fresh `keelson_dns_v1` whose functions call into the instance's `DNSPlugin`
    /// behind the SDK's error barrier. `pointer` holds the one every plugin should use.
    public static func table() -> UnsafeRawPointer {
        PluginEntry.table(keelson_dns_v1(
            struct_size: UInt32(MemoryLayout<keelson_dns_v1>.size),
            start: startHook,
            stop: stopHook
        ))
    }

    private static let startHook: @convention(c) (OpaquePointer?, UnsafeMutablePointer<keelson_sink>?) -> keelson_status = {
        instance, info in
        InstanceBox.call(instance, as: (any DNSPlugin).self) { plugin in
            let data = try plugin.start()
            do {
                try Bytes.write(data, to: info)
            } catch {
                // The host could not take the info: do not leave a server running it cannot see.
                try? plugin.stop()
                throw error
            }
        }
    }

    private static let stopHook: @convention(c) (OpaquePointer?) -> keelson_status = { instance in
        InstanceBox.call(instance, as: (any DNSPlugin).self) { try $0.stop() }
    }
}
