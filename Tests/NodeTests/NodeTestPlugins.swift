import Foundation
import Kernel

/// Finds and loads the real plugin libraries the kubelet tests drive: $KEELSON_PLUGIN_DIR, the
/// folder of the test executable (SwiftPM builds every product there), then the package's other
/// build folders, newest first.
enum NodeTestPlugins {
    struct Missing: Error, CustomStringConvertible {
        let description: String
    }

    static func path(of library: String) throws -> String {
        let file = "lib\(library).so"
        for folder in folders() where FileManager.default.fileExists(atPath: folder + "/" + file) {
            return folder + "/" + file
        }
        throw Missing(description: "\(file) not found in \(folders()); build the \(library) product")
    }

    static func load(_ library: String) throws -> LoadedPlugin {
        try PluginLoader.load(file: try path(of: library)).get()
    }

    private static func folders() -> [String] {
        var result: [String] = []
        if let folder = ProcessInfo.processInfo.environment["KEELSON_PLUGIN_DIR"] { result.append(folder) }
        if let executable = try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe") {
            result.append((executable as NSString).deletingLastPathComponent)
        }
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        let builds = (try? FileManager.default.contentsOfDirectory(atPath: root.path)) ?? []
        let candidates = builds.filter { $0.hasPrefix(".build") }.map { root.path + "/" + $0 + "/debug" }
        let dated = candidates.compactMap { folder -> (String, Date)? in
            guard let attributes = try? FileManager.default.attributesOfItem(atPath: folder),
                  let date = attributes[.modificationDate] as? Date else { return nil }
            return (folder, date)
        }
        result += dated.sorted { $0.1 > $1.1 }.map(\.0)
        return result
    }
}
