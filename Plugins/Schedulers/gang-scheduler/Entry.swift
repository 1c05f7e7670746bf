import SchedulerKit

/// The library's one exported symbol: returns the gang scheduler bundle's descriptor.
@_cdecl("keelson_plugin_entry")
public func keelsonPluginEntry(_ major: UInt16, _ minor: UInt16) -> UnsafeRawPointer? {
    SchedulerKitEntry.descriptor(for: .gangScheduler, hostMajor: major)
}
