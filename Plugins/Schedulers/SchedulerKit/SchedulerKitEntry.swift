import PluginABI
import PluginSDK

/// The scheduler plugins this kit builds. Each plugin library is a one-file target whose
/// `keelson_plugin_entry` returns `SchedulerKitEntry.descriptor(for:hostMajor:)`.
public enum SchedulerKitPlugin: Sendable {
    /// Keelson's default scheduler (`libdefault-scheduler.so`): the bundle of Kubernetes'
    /// default framework plugins (scheduler interface 2.0).
    case defaultScheduler
    /// The gang scheduler (`libgang-scheduler.so`): Coscheduling, all-or-nothing placement of
    /// pod groups, in a profile of its own on top of Kubernetes' default plugins.
    case gangScheduler
}

/// The descriptors of the kit's scheduler plugins: the kit's only public API.
public enum SchedulerKitEntry {
    /// The descriptor of `plugin`, or nil when the host's ABI major differs.
    public static func descriptor(for plugin: SchedulerKitPlugin, hostMajor: UInt16) -> UnsafeRawPointer? {
        switch plugin {
        case .defaultScheduler: bundleDescriptor(DefaultSchedulerCatalogue.self, hostMajor: hostMajor)
        case .gangScheduler: bundleDescriptor(GangSchedulerCatalogue.self, hostMajor: hostMajor)
        }
    }

    /// The config schema of a bundle: any object (the host validates the KubeSchedulerConfiguration).
    static let anyObjectSchema = #"{"$schema":"https://json-schema.org/draft/2020-12/schema","type":"object"}"#

    /// The descriptor of the bundle `Catalogue` describes: kind scheduler, interface 2.0, the
    /// `keelson_scheduler_v2` table over its plugins and default config, served by
    /// `FrameworkBundle<Catalogue>`. A library serves one bundle (the SDK keeps one descriptor
    /// per library).
    static func bundleDescriptor<Catalogue: BundleCatalogue>(_ catalogue: Catalogue.Type, hostMajor: UInt16) -> UnsafeRawPointer? {
        PluginEntry.descriptor(
            hostMajor: hostMajor,
            for: FrameworkBundle<Catalogue>.self,
            name: Catalogue.bundleName,
            version: Catalogue.version,
            kind: Int32(KEELSON_KIND_SCHEDULER),
            interfaceMajor: Int32(KEELSON_SCHEDULER_FRAMEWORK_INTERFACE_MAJOR),
            interfaceMinor: Int32(KEELSON_SCHEDULER_FRAMEWORK_INTERFACE_MINOR),
            description: Catalogue.summary,
            configSchema: anyObjectSchema,
            interface: FrameworkBundle<Catalogue>.table(
                key: Catalogue.bundleName, plugins: Catalogue.pluginInfos, defaultConfigJSON: Catalogue.defaultConfigJSON)
        )
    }
}
