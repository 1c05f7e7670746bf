import Foundation
import PluginABI
import PluginSDK

/// The library's one exported symbol.
@_cdecl("keelson_plugin_entry")
public func keelsonPluginEntry(_ major: UInt16, _ minor: UInt16) -> UnsafeRawPointer? {
    PluginEntry.descriptor(
        hostMajor: major, for: BridgeLikePlugin.self, name: "bridge-like", version: "0.1.0",
        kind: Int32(KEELSON_KIND_CNI), interfaceMajor: Int32(KEELSON_CNI_INTERFACE_MAJOR),
        interfaceMinor: Int32(KEELSON_CNI_INTERFACE_MINOR),
        description: "A main CNI plugin shaped like the reference bridge plugin: delegates addresses to its IPAM plugin, creates nothing on the host",
        configSchema: BridgeLikePlugin.schema, interface: CNIPluginTable.pointer)
}
