import PluginABI
import PluginSDK

/// The scheduler plugins this kit builds. Each plugin library is a one-file target whose
/// `keelson_plugin_entry` returns `SchedulerKitEntry.descriptor(for:hostMajor:)`.
public enum SchedulerKitPlugin: Sendable {
    /// Keelson's default scheduler (`libdefault-scheduler.so`).
    case defaultScheduler
    /// The gang scheduler bundle (`libgang-scheduler.so`): Coscheduling (`PluginRegistry.gang`).
    case gangScheduler
}

/// The descriptors of the kit's scheduler plugins: the kit's only public API.
public enum SchedulerKitEntry {
    /// The descriptor of `plugin`, or nil when the host's ABI major differs.
    public static func descriptor(for plugin: SchedulerKitPlugin, hostMajor: UInt16) -> UnsafeRawPointer? {
        switch plugin {
        case .defaultScheduler:
            PluginEntry.descriptor(
                hostMajor: hostMajor,
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
        case .gangScheduler:
            // A scheduler interface 2.0 bundle: served by the v2 table (SchedulerKit/Bundle) over
            // `PluginRegistry.gang` with `GangSchedulerBundle.defaultConfigJSON`. Until that table is
            // connected here, the library refuses to load rather than pose as a v1 scheduler.
            nil
        }
    }
}
