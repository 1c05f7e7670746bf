import Foundation
import PluginABI

/// What the CNI spec passes to a plugin in CNI_* variables for one attachment.
public struct CNIRuntimeConf: Sendable {
    /// CNI_CONTAINERID: the attachment's container (in Keelson, the pod's sandbox or UID).
    public var containerID: String
    /// CNI_NETNS: the network namespace path (required by ADD and CHECK).
    public var netns: String
    /// CNI_IFNAME: the interface name inside the container.
    public var ifName: String
    /// CNI_ARGS as pairs, e.g. ("K8S_POD_NAMESPACE", "default"), ("IP", "127.244.1.9").
    public var args: [(String, String)]
    /// CNI_PATH.
    public var path: [String]

    /// Creates the runtime values of one attachment.
    public init(containerID: String, netns: String, ifName: String = "eth0", args: [(String, String)] = [], path: [String] = []) {
        self.containerID = containerID
        self.netns = netns
        self.ifName = ifName
        self.args = args
        self.path = path
    }

    /// The interface's `runtime_json`.
    var json: JSONValue {
        [
            "containerID": .string(containerID), "netns": .string(netns), "ifName": .string(ifName),
            "args": .string(args.map { "\($0.0)=\($0.1)" }.joined(separator: ";")),
            "path": .array(path.map(JSONValue.string)),
        ]
    }
}

/// The spec's error object, as a CNI plugin returned it.
public struct CNIError: Error, Sendable, CustomStringConvertible {
    /// 1–99 well-known (1 incompatible version, 2 unsupported field, 3 unknown container,
    /// 4 invalid environment, 5 I/O failure, 6 decoding failure, 7 invalid network config,
    /// 11 try again later, 50/51 not available), 100+ plugin-specific, 999 uncoded.
    public let code: Int
    /// The short message.
    public let msg: String
    /// Longer details (may be empty).
    public let details: String

    /// Creates an error.
    public init(code: Int, msg: String, details: String = "") {
        self.code = code
        self.msg = msg
        self.details = details
    }

    /// "CNI error N: msg (details)".
    public var description: String { "CNI error \(code): \(msg)\(details.isEmpty ? "" : " (\(details))")" }
}

/// Drives a CNI plugin instance (`keelson_cni_v1`) as the CNI spec's runtime side does: ADD,
/// DEL, CHECK, STATUS, GC and VERSION with the spec's network configuration (`cniVersion`,
/// `name`, `type`, the plugin's fields, `prevResult`, `runtimeConfig`) and result. A plugin
/// failure throws `CNIError` with the plugin's code; a failure without an error object (a
/// missing required hook, a destroyed instance) throws `PluginCallError`.
public struct CNIPluginClient: Sendable {
    /// The plugin instance called.
    public let instance: PluginInstance

    /// Wraps an instance of a CNI-kind plugin.
    public init(_ instance: PluginInstance) {
        self.instance = instance
    }

    /// ADD: attaches the container and returns the spec's result
    /// (`{"cniVersion","interfaces","ips","routes","dns"}`).
    public func add(netConfig: JSONValue, runtime: CNIRuntimeConf) async throws -> JSONValue {
        let data = try await command("ADD", table.add, required: true, netConfig, runtime.json)
        return try JSONValue(parsing: data)
    }

    /// DEL: detaches it; succeeds when the attachment is already gone.
    public func del(netConfig: JSONValue, runtime: CNIRuntimeConf) async throws {
        _ = try await command("DEL", table.del, required: true, netConfig, runtime.json)
    }

    /// CHECK: verifies the attachment (pass ADD's result as `prevResult` in `netConfig`).
    public func check(netConfig: JSONValue, runtime: CNIRuntimeConf) async throws {
        _ = try await command("CHECK", table.check, required: true, netConfig, runtime.json)
    }

    /// STATUS: whether the plugin can serve ADD now; a plugin without STATUS is always ready.
    public func status(netConfig: JSONValue) async throws {
        _ = try await command("STATUS", table.status, required: false, netConfig, [:])
    }

    /// GC: the plugin releases what belongs to attachments not in `validAttachments`
    /// (sent as the spec's `cni.dev/valid-attachments`). A plugin without GC has nothing to do.
    public func gc(netConfig: JSONValue, validAttachments: [(containerID: String, ifName: String)]) async throws {
        var config = netConfig
        config["cni.dev/valid-attachments"] = .array(validAttachments.map {
            ["containerID": .string($0.containerID), "ifname": .string($0.ifName)]
        })
        _ = try await command("GC", table.gc, required: false, config, [:])
    }

    /// VERSION: `{"cniVersion","supportedVersions":[...]}`.
    public func version() async throws -> JSONValue {
        let version = table.version
        let data = try await instance.call("VERSION") { handle, sink in
            guard let version else { return Int32(KEELSON_ERR_UNSUPPORTED) }
            return version(handle, sink)
        }
        return try JSONValue(parsing: data)
    }

    /// The plugin's `keelson_cni_v1` table.
    private var table: keelson_cni_v1 {
        instance.plugin.table(keelson_cni_v1.self)
    }

    private func command(
        _ name: String, _ function: keelson_cni_command?, required: Bool, _ netConfig: JSONValue, _ runtime: JSONValue
    ) async throws -> Data {
        guard let function else {
            if required {
                throw PluginCallError(plugin: instance.plugin.info.name, operation: name,
                                      status: Int32(KEELSON_ERR_UNSUPPORTED), message: "the plugin has no \(name)")
            }
            return Data()
        }
        let config = netConfig.serialized()
        let runtimeJSON = runtime.serialized()
        let outcome = await instance.callRaw(name) { handle, sink in
            config.withUnsafeBytes { c in
                runtimeJSON.withUnsafeBytes { r in
                    function(handle, c.baseAddress?.assumingMemoryBound(to: CChar.self), c.count,
                             r.baseAddress?.assumingMemoryBound(to: CChar.self), r.count, sink)
                }
            }
        }
        guard outcome.status == KEELSON_OK else {
            if let object = try? JSONValue(parsing: outcome.data), let code = object["code"]?.intValue {
                throw CNIError(code: Int(code), msg: object["msg"]?.stringValue ?? "",
                               details: object["details"]?.stringValue ?? "")
            }
            let text = String(decoding: outcome.data, as: UTF8.self)
            throw PluginCallError(plugin: instance.plugin.info.name, operation: name, status: outcome.status,
                                  message: outcome.lastError ?? (text.isEmpty ? "no message" : text))
        }
        return outcome.data
    }
}
