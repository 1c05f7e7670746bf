import PluginABI
import PluginSDK

/// The library's one exported symbol: returns the default scheduler's descriptor.
@_cdecl("keelson_plugin_entry")
public func keelsonPluginEntry(_ major: UInt16, _ minor: UInt16) -> UnsafeRawPointer? {
    PluginEntry.descriptor(
        hostMajor: major,
        for: DefaultScheduler.self,
        name: "default-scheduler",
        version: "0.1.0",
        kind: Int32(KEELSON_KIND_SCHEDULER),
        interfaceMajor: Int32(KEELSON_SCHEDULER_INTERFACE_MAJOR),
        interfaceMinor: Int32(KEELSON_SCHEDULER_INTERFACE_MINOR),
        description: "kube-scheduler's default filters (NodeUnschedulable, NodeName, TaintToleration, "
            + "NodeAffinity, NodeResourcesFit) and scores (LeastAllocated, BalancedAllocation, TaintToleration)",
        configSchema: SchedulerConfig.schema,
        interface: DefaultScheduler.table()
    )
}
