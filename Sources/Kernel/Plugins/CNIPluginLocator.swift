import Foundation

/// Finds the CNI plugin a delegating CNI plugin names by `type`, the way plugins are found for
/// the cluster: a plugin of that name the process loaded already, else a library in the plugin
/// folders (the calling plugin's own folder first, then the folders scanned), trying
/// `lib<type>.so` and `<type>.so` before reading every other library of the folder.
enum CNIPluginLocator {
    /// The CNI plugin called `type`, or nil when none can be found.
    static func find(_ type: String, near callerFile: String) -> LoadedPlugin? {
        if let known = KnownPlugins.plugin(named: type) {
            return known.info.kind == .cni ? known : nil
        }
        guard DescriptorCheck.name(type) == nil else { return nil }
        var folders = [KnownPlugins.canonical((callerFile as NSString).deletingLastPathComponent)]
        for folder in KnownPlugins.directories where !folders.contains(folder) { folders.append(folder) }
        let manager = FileManager.default
        for folder in folders {
            for file in ["lib\(type).so", "\(type).so"] {
                let path = (folder as NSString).appendingPathComponent(file)
                if manager.fileExists(atPath: path), let found = load(path, named: type) { return found }
            }
        }
        for folder in folders {
            let names = ((try? manager.contentsOfDirectory(atPath: folder)) ?? []).sorted()
            for name in names where PluginCatalog.isLibraryName(name) {
                let path = (folder as NSString).appendingPathComponent(name)
                if KnownPlugins.isLoaded(file: path) { continue }
                if let found = load(path, named: type) { return found }
            }
        }
        return nil
    }

    private static func load(_ path: String, named type: String) -> LoadedPlugin? {
        guard case .success(let plugin) = PluginLoader.load(file: path) else { return nil }
        let known = KnownPlugins.plugin(named: plugin.info.name) ?? plugin
        return known.info.name == type && known.info.kind == .cni ? known : nil
    }
}
