import Foundation
import PluginABI
import PluginSDK

/// The library's one exported symbol.
@_cdecl("keelson_plugin_entry")
public func keelsonPluginEntry(_ major: UInt16, _ minor: UInt16) -> UnsafeRawPointer? {
    PluginEntry.descriptor(
        hostMajor: major, for: ExecPlugin.self, name: "exec", version: "0.1.0",
        kind: Int32(KEELSON_KIND_CNI), interfaceMajor: Int32(KEELSON_CNI_INTERFACE_MAJOR),
        interfaceMinor: Int32(KEELSON_CNI_INTERFACE_MINOR),
        description: "Runs real CNI plugin executables as the CNI specification prescribes (CNI_* variables, config on stdin, result on stdout)",
        configSchema: ExecPlugin.schema, interface: CNIPluginTable.pointer)
}
