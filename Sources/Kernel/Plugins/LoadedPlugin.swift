import Foundation
import PluginABI

/// A plugin library that passed every load check: its descriptor's facts copied into host
/// memory, its lifecycle hooks, and a host-owned copy of its kind's function table.
public final class LoadedPlugin: @unchecked Sendable {
    // Safe to share: every stored property is immutable after init; the library stays loaded
    // for the life of the process (it is never dlclose'd while an instance may exist).
    /// What the descriptor says.
    public let info: PluginInfo
    /// The kind's function table, host-owned, zero-filled past the plugin's own size so that
    /// hooks the plugin predates read as NULL. Cast it to the kind's struct to call it.
    public let interface: UnsafeRawPointer
    let create: @convention(c) (UnsafePointer<keelson_host>?, UnsafePointer<CChar>?, Int, UnsafeMutablePointer<OpaquePointer?>?, UnsafeMutablePointer<keelson_sink>?) -> keelson_status
    let destroy: @convention(c) (OpaquePointer?) -> Void
    let lastError: (@convention(c) (OpaquePointer?) -> UnsafePointer<CChar>?)?
    let onWatchEvent: (@convention(c) (OpaquePointer?, UInt64, UnsafePointer<CChar>?, Int) -> keelson_status)?
    private let handle: UnsafeMutableRawPointer

    init(
        info: PluginInfo, handle: UnsafeMutableRawPointer, descriptor: keelson_plugin_descriptor,
        interface: UnsafeRawPointer
    ) throws {
        guard let create = descriptor.create, let destroy = descriptor.destroy else {
            throw PluginRejection(file: info.file, reason: "descriptor has a NULL create or destroy hook")
        }
        self.info = info
        self.handle = handle
        self.interface = interface
        self.create = create
        self.destroy = destroy
        self.lastError = descriptor.last_error
        self.onWatchEvent = descriptor.on_watch_event
    }

    /// The kind table as its C struct, e.g. `plugin.table(keelson_cni_v1.self)`.
    public func table<T>(_ type: T.Type) -> T {
        interface.assumingMemoryBound(to: type).pointee
    }
}
