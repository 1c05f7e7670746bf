import CloudKit
import PluginABI
import PluginSDK

/// The library's one exported symbol: returns the Skyline cloud provider's descriptor.
@_cdecl("keelson_plugin_entry")
public func keelsonPluginEntry(_ major: UInt16, _ minor: UInt16) -> UnsafeRawPointer? {
    PluginEntry.descriptor(
        hostMajor: major,
        for: SimulatedCloud<SkylineFlavor>.self,
        name: "skyline",
        version: "0.1.0",
        kind: Int32(KEELSON_KIND_CLOUD_PROVIDER),
        interfaceMajor: Int32(KEELSON_CLOUD_INTERFACE_MAJOR),
        interfaceMinor: Int32(KEELSON_CLOUD_INTERFACE_MINOR),
        description: "A simulated public cloud: host-name load balancers, zones like us-east-1a, run-time inventory",
        configSchema: SkylineFlavor.schema,
        interface: SimulatedCloud<SkylineFlavor>.table()
    )
}
