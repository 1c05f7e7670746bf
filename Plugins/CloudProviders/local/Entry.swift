import CloudKit
import PluginABI
import PluginSDK

/// The library's one exported symbol: returns the local cloud provider's descriptor.
@_cdecl("keelson_plugin_entry")
public func keelsonPluginEntry(_ major: UInt16, _ minor: UInt16) -> UnsafeRawPointer? {
    PluginEntry.descriptor(
        hostMajor: major,
        for: SimulatedCloud<LocalFlavor>.self,
        name: "local",
        version: "0.2.0",
        kind: Int32(KEELSON_KIND_CLOUD_PROVIDER),
        interfaceMajor: Int32(KEELSON_CLOUD_INTERFACE_MAJOR),
        interfaceMinor: Int32(KEELSON_CLOUD_INTERFACE_MINOR),
        description: "The simulated nodes as instances, loopback load balancers that forward to node ports, in-memory routes, zones from labels",
        configSchema: LocalCloudConfig.schema,
        interface: SimulatedCloud<LocalFlavor>.table()
    )
}
