/// v1 defaulting's merge of the user's plugins into the default plugins
/// (`mergePlugins` / `mergePluginSet` in kube-scheduler), applied to every extension point and to
/// multiPoint separately, before multiPoint is expanded.
enum PluginSetMerging {
    /// The user's `plugins` merged over the defaults (which only hold a multiPoint set).
    static func merge(_ custom: PluginsConfig?) -> PluginsConfig {
        guard let custom else { return PluginsConfig(multiPoint: DefaultPlugins.multiPointSet) }
        var merged = PluginsConfig()
        merged.multiPoint = merge(defaults: DefaultPlugins.multiPointSet, custom: custom.multiPoint)
        for point in ExtensionPoint.allCases {
            merged[point] = merge(defaults: PluginSetConfig(), custom: custom[point])
        }
        return merged
    }

    /// One set: defaults disabled by name (or all with `*`) are dropped; a default the user also
    /// enables is replaced in place by the user's entry (weight included); the user's other
    /// entries follow, in their order. A name the user enables twice stays twice (the last
    /// occurrence replaces the default, the first is appended) and is refused when resolving.
    static func merge(defaults: PluginSetConfig, custom: PluginSetConfig) -> PluginSetConfig {
        let disabled = custom.disabled + defaults.disabled
        let disabledNames = Set(disabled.map(\.name))
        var customIndex: [String: Int] = [:]
        for (index, entry) in custom.enabled.enumerated() { customIndex[entry.name] = index }
        var replaced: Set<Int> = []
        var enabled: [PluginEntry] = []
        if !disabledNames.contains("*") {
            for entry in defaults.enabled where !disabledNames.contains(entry.name) {
                if let index = customIndex[entry.name] {
                    enabled.append(custom.enabled[index])
                    replaced.insert(index)
                } else {
                    enabled.append(entry)
                }
            }
        }
        for (index, entry) in custom.enabled.enumerated() where !replaced.contains(index) {
            enabled.append(entry)
        }
        return PluginSetConfig(enabled: enabled, disabled: disabled)
    }
}
