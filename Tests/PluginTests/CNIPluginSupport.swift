import Foundation
import Kernel
import Testing

/// Instances of any CNI plugin from its real library, on a fresh state directory, and the
/// network configurations the bridge-like and exec tests use.
struct CNIPlugins {
    /// Removed by `cleanUp`.
    let dataDir: String

    init() {
        dataDir = FileManager.default.temporaryDirectory.appendingPathComponent("keelson-cni-\(UUID().uuidString)").path
        try? FileManager.default.createDirectory(atPath: dataDir, withIntermediateDirectories: true)
    }

    func cleanUp() { try? FileManager.default.removeItem(atPath: dataDir) }

    /// A new instance of the plugin `lib<name>.so`.
    func instance(_ name: String, _ config: JSONValue = [:]) async throws -> CNIPluginClient {
        let plugin = try PluginLibraries.load(name)
        return CNIPluginClient(try await PluginInstance.create(plugin: plugin, config: config, label: "\(name)@\(UUID().uuidString.prefix(8))"))
    }

    /// bridge-like with host-local as IPAM on `subnet`, state in `dataDir`.
    func bridgeConfig(
        subnet: String = "127.244.1.0/24", version: String = "1.0.0", extra: [String: JSONValue] = [:],
        ipam: [String: JSONValue] = [:]
    ) -> JSONValue {
        var section: JSONValue = ["type": "host-local", "ranges": [[["subnet": .string(subnet)]]], "dataDir": .string(dataDir)]
        for (key, value) in ipam { section[key] = value }
        var config: JSONValue = [
            "cniVersion": .string(version), "name": "keelson", "type": "bridge-like", "bridge": "cni0",
            "isGateway": true, "isDefaultGateway": true, "ipam": section, "dataDir": .string(dataDir),
        ]
        for (key, value) in extra { config[key] = value }
        return config
    }

    /// The real Debian host-local through exec, as IPAM-only network (its fields under `ipam`).
    func execHostLocalConfig(subnet: String = "127.244.2.0/24", rangeEnd: String? = nil, version: String = "1.0.0") -> JSONValue {
        var range: JSONValue = ["subnet": .string(subnet)]
        if let rangeEnd { range["rangeEnd"] = .string(rangeEnd) }
        return [
            "cniVersion": .string(version), "name": "real", "type": "exec", "binary": "host-local",
            "ipam": ["type": "host-local", "ranges": [[range]], "dataDir": .string(dataDir + "/real-host-local")],
        ]
    }

    /// Where the real host-local keeps the allocation of `address`.
    func realStateFile(_ address: String) -> String {
        "\(dataDir)/real-host-local/real/\(address)"
    }

    /// Runtime values of one attachment; CNI_PATH holds the Debian plugin folder.
    static func runtime(_ id: String, ifName: String = "eth0") -> CNIRuntimeConf {
        CNIRuntimeConf(containerID: id, netns: "/var/run/netns/\(id)", ifName: ifName,
                       args: [("IgnoreUnknown", "1"), ("K8S_POD_NAME", id)], path: ["/usr/lib/cni"])
    }

    /// The CNI error a command failed with (nil when it succeeded).
    static func error(_ body: () async throws -> Void) async -> CNIError? {
        do {
            try await body()
            return nil
        } catch let error as CNIError {
            return error
        } catch {
            Issue.record("unexpected error \(error)")
            return nil
        }
    }

    /// Whether the Debian containernetworking-plugins are installed.
    static var realPluginsInstalled: Bool {
        FileManager.default.isExecutableFile(atPath: "/usr/lib/cni/host-local")
    }
}

extension CNIPlugins {
    /// ADDs `perInstance` attachments through each of `instances` at once (one task per
    /// instance) and returns the first address of every result ("" where a result had none).
    static func concurrentAddresses(_ instances: [CNIPluginClient], config: JSONValue, perInstance: Int) async throws -> [String] {
        try await withThrowingTaskGroup(of: [String].self) { group in
            for (index, plugin) in instances.enumerated() {
                group.addTask {
                    var mine: [String] = []
                    for n in 0..<perInstance {
                        let result = try await plugin.add(netConfig: config, runtime: CNIPlugins.runtime("c\(index)-\(n)"))
                        mine.append(result["ips"]?.arrayValue?.first?["address"]?.stringValue ?? "")
                    }
                    return mine
                }
            }
            var all: [String] = []
            for try await batch in group { all += batch }
            return all
        }
    }
}
