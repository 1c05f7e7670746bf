import Foundation
import Kernel

/// Helpers shared by the config and schema tests.
enum ConfigTestSupport {
    /// The two lines every config file starts with.
    static let header = "apiVersion: keelson.dev/v1alpha1\nkind: ClusterConfig\n"

    /// The error parsing `yaml` throws, nil when it parses.
    static func error(_ yaml: String, file: String = "cluster.yaml") -> ConfigError? {
        do {
            _ = try ClusterConfig.parse(yaml: yaml, file: file)
            return nil
        } catch let error as ConfigError {
            return error
        } catch {
            return ConfigError(file: "unexpected", keyPath: "", message: "\(type(of: error)): \(error)")
        }
    }

    /// The error parsing `header + body` throws.
    static func bodyError(_ body: String) -> ConfigError? {
        error(header + body)
    }

    /// A fresh temporary folder, removed by the caller.
    static func temporaryFolder() throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("keelson-config-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }

    /// The repository root, found from this file's path.
    static var repositoryRoot: URL {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    }

    /// A loaded plugin as validation sees it.
    struct Plugin: PluginIdentity {
        var name: String
        var kind: PluginKind
        var configSchema: String?
    }
}
