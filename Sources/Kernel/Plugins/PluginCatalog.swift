import Foundation

/// Every plugin found in the plugin folders: the ones loaded and the files rejected with their
/// reasons. Folders are scanned in order (the config's `pluginDirs`, then the folder of the
/// `keelson` binary); within a folder, files in name order. The first plugin of a name wins;
/// a later one of the same name is rejected as a duplicate.
public struct PluginCatalog: Sendable {
    /// Loaded plugins, in scan order.
    public private(set) var loaded: [LoadedPlugin] = []
    /// Files that were not loaded, with why.
    public private(set) var rejected: [PluginRejection] = []

    /// An empty catalog.
    public init() {}

    /// Scans `directories` for shared libraries (`*.so` and `*.so.N`) and loads each one.
    /// A missing folder is reported as a rejection and the scan goes on. With a `probe`, each
    /// library is first opened in a child process and skipped when that crashes or hangs.
    public static func scan(directories: [String], probe: PluginProbe? = nil) -> PluginCatalog {
        var catalog = PluginCatalog()
        var seen = Set<String>()
        let manager = FileManager.default
        for directory in directories {
            var isDirectory: ObjCBool = false
            guard manager.fileExists(atPath: directory, isDirectory: &isDirectory), isDirectory.boolValue else {
                catalog.rejected.append(PluginRejection(file: directory, reason: "plugin folder does not exist"))
                continue
            }
            KnownPlugins.record(directory: directory)
            let names = ((try? manager.contentsOfDirectory(atPath: directory)) ?? []).sorted()
            for name in names where isLibraryName(name) {
                let path = URL(fileURLWithPath: directory).appendingPathComponent(name).path
                let canonical = URL(fileURLWithPath: path).resolvingSymlinksInPath().path
                guard seen.insert(canonical).inserted else { continue }
                if let probe, let rejection = probe.check(path) {
                    catalog.rejected.append(rejection)
                    continue
                }
                catalog.add(PluginLoader.load(file: path))
            }
        }
        return catalog
    }

    /// Adds a load result, rejecting a duplicate name.
    public mutating func add(_ result: Result<LoadedPlugin, PluginRejection>) {
        switch result {
        case .success(let plugin):
            if let first = loaded.first(where: { $0.info.name == plugin.info.name }) {
                rejected.append(PluginRejection(
                    file: plugin.info.file,
                    reason: "duplicate plugin name \"\(plugin.info.name)\": already loaded from \(first.info.file)"))
            } else {
                loaded.append(plugin)
            }
        case .failure(let rejection):
            rejected.append(rejection)
        }
    }

    /// The loaded plugin called `name`.
    public func plugin(named name: String) -> LoadedPlugin? {
        loaded.first { $0.info.name == name }
    }

    /// The loaded plugins of one kind.
    public func plugins(of kind: PluginKind) -> [LoadedPlugin] {
        loaded.filter { $0.info.kind == kind }
    }

    static func isLibraryName(_ name: String) -> Bool {
        name.hasSuffix(".so") || name.contains(".so.")
    }
}
