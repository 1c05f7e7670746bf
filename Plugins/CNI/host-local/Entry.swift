import Foundation
import PluginABI
import PluginSDK

/// The library's one exported symbol.
@_cdecl("keelson_plugin_entry")
public func keelsonPluginEntry(_ major: UInt16, _ minor: UInt16) -> UnsafeRawPointer? {
    PluginEntry.descriptor(
        hostMajor: major, for: HostLocalPlugin.self, name: "host-local", version: "0.1.0",
        kind: Int32(KEELSON_KIND_CNI), interfaceMajor: Int32(KEELSON_CNI_INTERFACE_MAJOR),
        interfaceMinor: Int32(KEELSON_CNI_INTERFACE_MINOR),
        description: "IP address management from ranges with per-address state files, as the CNI host-local plugin",
        configSchema: HostLocalPlugin.schema, interface: CNIPluginTable.pointer)
}
