import Foundation
import PluginABI

/// Builds the descriptor a Swift plugin returns from its `keelson_plugin_entry`.
///
/// A plugin's whole entry boilerplate is:
/// ```swift
/// @_cdecl("keelson_plugin_entry")
/// public func keelson_plugin_entry(_ major: UInt16, _ minor: UInt16) -> UnsafeRawPointer? {
///     PluginEntry.descriptor(hostMajor: major, for: MyScheduler.self, name: "my-scheduler", ...)
/// }
/// ```
public enum PluginEntry {
    /// The plugin's factory: one per library, set by the first `descriptor` call.
    nonisolated(unsafe) private static var factory: ((KeelsonHost, Data) throws -> any KeelsonPlugin)?
    nonisolated(unsafe) private static var built: UnsafeMutablePointer<keelson_plugin_descriptor>?
    private static let lock = NSLock()

    /// Returns this library's descriptor, building it on first use; nil when the host's ABI
    /// major differs from the one this plugin was built for.
    public static func descriptor<P: KeelsonPlugin>(
        hostMajor: UInt16,
        for type: P.Type,
        name: String,
        version: String,
        kind: Int32,
        interfaceMajor: Int32,
        interfaceMinor: Int32,
        description: String,
        capabilities: UInt64 = 0,
        configSchema: String?,
        interface: UnsafeRawPointer
    ) -> UnsafeRawPointer? {
        guard hostMajor == UInt16(KEELSON_ABI_MAJOR) else { return nil }
        lock.lock()
        defer { lock.unlock() }
        if let built { return UnsafeRawPointer(built) }
        factory = { host, config in try P(host: host, config: config) }
        let descriptor = UnsafeMutablePointer<keelson_plugin_descriptor>.allocate(capacity: 1)
        descriptor.initialize(to: keelson_plugin_descriptor(
            struct_size: UInt32(MemoryLayout<keelson_plugin_descriptor>.size),
            abi_major: UInt16(KEELSON_ABI_MAJOR),
            abi_minor: UInt16(KEELSON_ABI_MINOR),
            fingerprint: fingerprint(),
            name_plugin_owned: UnsafePointer(strdup(name)),
            version_plugin_owned: UnsafePointer(strdup(version)),
            description_plugin_owned: UnsafePointer(strdup(description)),
            config_schema_json_plugin_owned: configSchema.map { UnsafePointer(strdup($0)) } ?? nil,
            kind: keelson_kind(kind),
            interface_major: UInt16(interfaceMajor),
            interface_minor: UInt16(interfaceMinor),
            capabilities: capabilities,
            create: createHook,
            destroy: destroyHook,
            last_error: lastErrorHook,
            on_watch_event: watchEventHook,
            interface_plugin_owned: interface
        ))
        built = descriptor
        return UnsafeRawPointer(descriptor)
    }

    /// The build fingerprint of this library, from the header it was compiled with.
    static func fingerprint() -> keelson_build_fingerprint {
        keelson_build_fingerprint(
            struct_size: UInt32(MemoryLayout<keelson_build_fingerprint>.size),
            pointer_size: UInt8(MemoryLayout<UnsafeRawPointer>.size),
            size_t_size: UInt8(MemoryLayout<Int>.size),
            byte_order: 1.littleEndian == 1 ? 1 : 2,
            bool_size: UInt8(MemoryLayout<Bool>.size),
            header_hash: UInt32(KEELSON_ABI_HEADER_HASH)
        )
    }

    /// Allocates a kind's function table for the lifetime of the library.
    public static func table<T>(_ value: T) -> UnsafeRawPointer {
        let pointer = UnsafeMutablePointer<T>.allocate(capacity: 1)
        pointer.initialize(to: value)
        return UnsafeRawPointer(pointer)
    }

    private static let createHook: @convention(c) (
        UnsafePointer<keelson_host>?, UnsafePointer<CChar>?, Int,
        UnsafeMutablePointer<OpaquePointer?>?, UnsafeMutablePointer<keelson_sink>?
    ) -> keelson_status = { host, config, configLen, out, errorSink in
        guard let host, let out, let make = PluginEntry.factory else { return Int32(KEELSON_ERR_INVALID_ARGUMENT) }
        do {
            let plugin = try make(KeelsonHost(host), Bytes.data(config, configLen))
            let box = InstanceBox(plugin)
            out.pointee = OpaquePointer(Unmanaged.passRetained(box).toOpaque())
            return Int32(KEELSON_OK)
        } catch {
            let failure = error as? PluginError ?? PluginError.internalError("\(error)")
            try? Bytes.write(failure.message, to: errorSink)
            return failure.status
        }
    }

    private static let destroyHook: @convention(c) (OpaquePointer?) -> Void = { instance in
        guard let instance else { return }
        let box = Unmanaged<InstanceBox>.fromOpaque(UnsafeRawPointer(instance))
        box.takeUnretainedValue().plugin.shutdown()
        box.release()
    }

    private static let lastErrorHook: @convention(c) (OpaquePointer?) -> UnsafePointer<CChar>? = { instance in
        InstanceBox.from(instance)?.lastError
    }

    private static let watchEventHook: @convention(c) (
        OpaquePointer?, UInt64, UnsafePointer<CChar>?, Int
    ) -> keelson_status = { instance, id, event, len in
        InstanceBox.call(instance, as: (any KeelsonPlugin).self) { try $0.watchEvent(id: id, event: Bytes.data(event, len)) }
    }
}
