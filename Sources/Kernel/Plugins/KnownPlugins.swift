import Foundation
import Synchronization

/// The process-wide record of plugin libraries the loader has accepted and of the plugin folders
/// scanned. A library, once loaded, stays loaded for the life of the process (`dlopen` is
/// process-wide), so this is a fact about the process rather than configuration: it lets the
/// kernel find a plugin by name when one plugin asks for another (CNI delegation).
enum KnownPlugins {
    private struct State {
        var byName: [String: LoadedPlugin] = [:]
        var files: Set<String> = []
        var directories: [String] = []
    }

    private static let state = Mutex(State())

    /// Records a library the loader accepted (the first of a name wins, as in a catalog).
    static func record(_ plugin: LoadedPlugin) {
        state.withLock { state in
            if state.byName[plugin.info.name] == nil { state.byName[plugin.info.name] = plugin }
            state.files.insert(canonical(plugin.info.file))
        }
    }

    /// Records a plugin folder that was scanned.
    static func record(directory: String) {
        let path = canonical(directory)
        state.withLock { state in
            if !state.directories.contains(path) { state.directories.append(path) }
        }
    }

    /// The loaded plugin called `name`.
    static func plugin(named name: String) -> LoadedPlugin? {
        state.withLock { $0.byName[name] }
    }

    /// Whether the library at `file` was loaded already.
    static func isLoaded(file: String) -> Bool {
        let path = canonical(file)
        return state.withLock { $0.files.contains(path) }
    }

    /// The plugin folders scanned so far, in scan order.
    static var directories: [String] {
        state.withLock { $0.directories }
    }

    /// The path with symbolic links resolved.
    static func canonical(_ path: String) -> String {
        URL(fileURLWithPath: path).resolvingSymlinksInPath().path
    }
}
