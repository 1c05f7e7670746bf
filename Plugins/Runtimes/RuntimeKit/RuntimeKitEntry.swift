import Foundation
import PluginABI
import PluginSDK

/// The runtime plugins this kit builds. Each plugin library is a one-file target whose
/// `keelson_plugin_entry` returns `RuntimeKitEntry.descriptor(for:hostMajor:)`.
public enum RuntimeKitPlugin: Sendable {
    /// The fake runtime that behaves like containerd (`libcontainerd-like.so`).
    case containerdLike
    /// The fake runtime that behaves like cri-dockerd over Docker Engine (`libdocker-shim.so`).
    case dockerShim
    /// The fake runtime that behaves like CRI-O (`libcri-o-like.so`).
    case crioLike
    /// The real runtime that runs each container as a local process (`libprocess.so`).
    case process
}

/// The descriptors of the kit's runtime plugins: the kit's only public API.
public enum RuntimeKitEntry {
    /// The descriptor of `plugin`, or nil when the host's ABI major differs.
    public static func descriptor(for plugin: RuntimeKitPlugin, hostMajor: UInt16) -> UnsafeRawPointer? {
        switch plugin {
        case .containerdLike: fakeDescriptor(FakeRuntime<ContainerdFlavor>.self, hostMajor: hostMajor)
        case .dockerShim: fakeDescriptor(FakeRuntime<DockerFlavor>.self, hostMajor: hostMajor)
        case .crioLike: fakeDescriptor(FakeRuntime<CrioFlavor>.self, hostMajor: hostMajor)
        case .process: processDescriptor(hostMajor: hostMajor)
        }
    }

    /// The descriptor of a fake runtime of the given flavor.
    private static func fakeDescriptor<Identity: FlavorProvider>(_ type: FakeRuntime<Identity>.Type, hostMajor: UInt16) -> UnsafeRawPointer? {
        let flavor = Identity.flavor
        return PluginEntry.descriptor(
            hostMajor: hostMajor, for: type, name: flavor.pluginName, version: "0.1.0",
            kind: Int32(KEELSON_KIND_RUNTIME), interfaceMajor: Int32(KEELSON_RUNTIME_INTERFACE_MAJOR),
            interfaceMinor: Int32(KEELSON_RUNTIME_INTERFACE_MINOR), description: flavor.summary,
            configSchema: RuntimeConfig.schema(for: flavor), interface: fakeRuntimeTable)
    }
}

extension RuntimeKitEntry {
    /// The descriptor of the `process` runtime: internally thread-safe, so the host may call
    /// one instance from several threads (a StopContainer waiting out a grace period does not
    /// hold up probes of other containers).
    fileprivate static func processDescriptor(hostMajor: UInt16) -> UnsafeRawPointer? {
        PluginEntry.descriptor(
            hostMajor: hostMajor, for: ProcessRuntime.self, name: "process", version: "0.1.0",
            kind: Int32(KEELSON_KIND_RUNTIME), interfaceMajor: Int32(KEELSON_RUNTIME_INTERFACE_MAJOR),
            interfaceMinor: Int32(KEELSON_RUNTIME_INTERFACE_MINOR),
            description: "A real container runtime that runs each container as a local process with a per-pod loopback IP",
            capabilities: UInt64(KEELSON_CAP_THREAD_SAFE), configSchema: ProcessRuntimeConfig.schema,
            interface: processRuntimeTable)
    }
}

/// The runtime table of the `process` runtime: every CRI method, the optional ones included.
// Safe to share: built once by the thread-safe lazy initialisation of globals, then only read.
nonisolated(unsafe) private let processRuntimeTable = RuntimePluginTable.table(
    implementing: [.updateRuntimeConfig, .imageFsInfo, .containerStats, .listContainerStats])

/// The runtime table of the fake runtimes: every required CRI method plus the optional ones they implement.
// Safe to share: built once by the thread-safe lazy initialisation of globals, then only read.
nonisolated(unsafe) private let fakeRuntimeTable = RuntimePluginTable.table(implementing: [.updateRuntimeConfig, .imageFsInfo, .containerStats, .listContainerStats])
