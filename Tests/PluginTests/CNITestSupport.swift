import Foundation
import Kernel
import PluginABI
import Testing

/// host-local instances from the real libhost-local.so on a fresh state directory, with the
/// network configurations a kubelet passes.
struct CNIHarness {
    let dataDir: String

    init() {
        dataDir = FileManager.default.temporaryDirectory.appendingPathComponent("keelson-cni-\(UUID().uuidString)").path
    }

    func cleanUp() { try? FileManager.default.removeItem(atPath: dataDir) }

    /// A new instance of the plugin (several may share one state directory).
    func instance(_ config: JSONValue = [:]) async throws -> CNIPluginClient {
        let plugin = try PluginLibraries.load("host-local")
        return CNIPluginClient(try await PluginInstance.create(plugin: plugin, config: config, label: "host-local@\(UUID().uuidString.prefix(8))"))
    }

    /// The network configuration of a node's pod network.
    func netConfig(
        subnet: String = "127.244.1.0/24", version: String = "1.0.0", name: String = "keelson",
        extra: [String: JSONValue] = [:]
    ) -> JSONValue {
        var config: JSONValue = [
            "cniVersion": .string(version), "name": .string(name), "type": "host-local",
            "ranges": [[["subnet": .string(subnet), "gateway": "127.244.1.1"]]],
            "routes": [["dst": "0.0.0.0/0"]],
            "dataDir": .string(dataDir),
        ]
        if !subnet.hasPrefix("127.244.1.") { config["ranges"] = [[["subnet": .string(subnet)]]] }
        for (key, value) in extra { config[key] = value }
        return config
    }

    static func runtime(_ id: String, ifName: String = "eth0", args: [(String, String)] = []) -> CNIRuntimeConf {
        CNIRuntimeConf(containerID: id, netns: "/var/run/netns/\(id)", ifName: ifName, args: args, path: ["/opt/cni/bin"])
    }

    /// The address (without prefix) of an ADD result's first IP.
    static func address(_ result: JSONValue) -> String {
        result["ips"]?.arrayValue?.first?["address"]?.stringValue?.split(separator: "/").first.map(String.init) ?? ""
    }

    /// The CNI error code a command failed with (nil when it succeeded).
    static func code(_ body: () async throws -> Void) async -> Int? {
        do {
            try await body()
            return nil
        } catch let error as CNIError {
            return error.code
        } catch {
            Issue.record("unexpected error \(error)")
            return -1
        }
    }

    /// The state file of an address.
    func stateFile(_ address: String, network: String = "keelson") -> String {
        "\(dataDir)/\(network)/\(address)"
    }
}
