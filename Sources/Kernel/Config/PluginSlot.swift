/// A place in the cluster config that selects a plugin: its key path, the kind of plugin it needs
/// and the reference the file gives.
public struct PluginSlot: Sendable, Hashable {
    /// The key path of the reference: `schedulers[0]`, `network.cni[1]`, `dns`, `cloudProvider`,
    /// `nodePools[2].runtime`.
    public let keyPath: String
    /// The kind of plugin the place needs.
    public let kind: PluginKind
    /// The plugin chosen and its config.
    public let ref: PluginRef

    /// A slot.
    public init(keyPath: String, kind: PluginKind, ref: PluginRef) {
        self.keyPath = keyPath
        self.kind = kind
        self.ref = ref
    }
}

extension ClusterConfig {
    /// Every plugin reference in the config, in document order: the CNI chain, the schedulers, the
    /// DNS add-on, the cloud provider, then each node pool's runtime.
    public var pluginSlots: [PluginSlot] {
        var slots: [PluginSlot] = []
        for (index, ref) in network.cni.enumerated() {
            slots.append(PluginSlot(keyPath: KeyPath.appending("network.cni", index: index), kind: .cni, ref: ref))
        }
        for (index, ref) in schedulers.enumerated() {
            slots.append(PluginSlot(keyPath: KeyPath.appending("schedulers", index: index), kind: .scheduler, ref: ref))
        }
        if let dns { slots.append(PluginSlot(keyPath: "dns", kind: .dns, ref: dns)) }
        if let cloudProvider { slots.append(PluginSlot(keyPath: "cloudProvider", kind: .cloudProvider, ref: cloudProvider)) }
        for (index, pool) in nodePools.enumerated() {
            slots.append(PluginSlot(keyPath: KeyPath.appending("nodePools", index: index) + ".runtime", kind: .runtime, ref: pool.runtime))
        }
        return slots
    }
}
