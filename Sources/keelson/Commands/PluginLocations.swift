import Foundation
import Kernel

/// Where plugins are looked for: the config's `pluginDirs`, then the folder of the keelson
/// binary (where `swift build` puts the bundled plugins).
enum PluginLocations {
    /// The running binary's folder.
    static var binaryDirectory: String {
        let executable = (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe")) ?? CommandLine.arguments[0]
        return URL(fileURLWithPath: executable).deletingLastPathComponent().path
    }

    static func directories(config: ClusterConfig, extra: [String] = []) -> [String] {
        var seen = Set<String>()
        return (config.pluginDirs + extra + [binaryDirectory]).filter { seen.insert(URL(fileURLWithPath: $0).standardized.path).inserted }
    }

    /// Scans the folders, opening each library in a child process first so a crashing library
    /// cannot take the CLI or the cluster down.
    static func scan(config: ClusterConfig, extra: [String] = []) -> PluginCatalog {
        let probe = PluginProbe(executable: "/proc/self/exe", arguments: ["plugins", "probe"])
        return PluginCatalog.scan(directories: directories(config: config, extra: extra), probe: probe)
    }
}
