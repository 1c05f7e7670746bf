import Foundation
import PluginABI
import PluginSDK

/// The runtime table: every required CRI method plus the optional ones this fake implements.
// Safe to share: built once by the thread-safe lazy initialisation of globals, then only read.
nonisolated(unsafe) private let runtimeTable = RuntimePluginTable.table(implementing: [.updateRuntimeConfig, .imageFsInfo])

/// The library's one exported symbol.
@_cdecl("keelson_plugin_entry")
public func keelsonPluginEntry(_ major: UInt16, _ minor: UInt16) -> UnsafeRawPointer? {
    PluginEntry.descriptor(
        hostMajor: major, for: ContainerdLikeRuntime.self, name: "containerd-like", version: "0.1.0",
        kind: Int32(KEELSON_KIND_RUNTIME), interfaceMajor: Int32(KEELSON_RUNTIME_INTERFACE_MAJOR),
        interfaceMinor: Int32(KEELSON_RUNTIME_INTERFACE_MINOR),
        description: "A fake CRI runtime that behaves like containerd: sandboxes, containers and images with CRI's state machines",
        configSchema: RuntimeConfig.schema, interface: runtimeTable)
}
