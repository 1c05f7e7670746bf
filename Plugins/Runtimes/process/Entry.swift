import RuntimeKit

/// The library's one exported symbol: the process runtime of the runtime kit.
@_cdecl("keelson_plugin_entry")
public func keelsonPluginEntry(_ major: UInt16, _ minor: UInt16) -> UnsafeRawPointer? {
    RuntimeKitEntry.descriptor(for: .process, hostMajor: major)
}
