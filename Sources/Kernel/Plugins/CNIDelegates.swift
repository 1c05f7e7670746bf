import Foundation
import PluginABI
import Synchronization

/// The CNI plugins one CNI instance delegates to through `keelson_host.cni_delegate` (a main
/// plugin running its IPAM plugin): one delegate instance per plugin type, created on first use
/// with an empty config and the caller's object client, destroyed with the caller.
final class CNIDelegates: Sendable {
    /// How deep delegates may delegate again.
    static let maximumDepth = 8

    private let callerLabel: String
    private let callerFile: String
    private let client: (any ObjectClient)?
    /// The caller's own delegation depth (0 for an instance the kernel created itself).
    let depth: Int
    private let instances = Mutex<[String: PluginInstance]>([:])

    init(callerLabel: String, callerFile: String, client: (any ObjectClient)?, depth: Int) {
        self.callerLabel = callerLabel
        self.callerFile = callerFile
        self.client = client
        self.depth = depth
    }

    /// Runs `command` of the plugin named `type` and copies its result or error object to `sink`.
    func run(command: String, type: String, netConfig: Data, runtime: Data, sink: UnsafeMutablePointer<keelson_sink>?) -> keelson_status {
        let version = Self.cniVersion(of: netConfig)
        func fail(_ status: Int32, _ code: Int, _ msg: String) -> keelson_status {
            _ = Self.write(Self.errorObject(version, code, msg), to: sink)
            return status
        }
        guard let function = Self.command(command) else {
            return fail(Int32(KEELSON_ERR_INVALID_ARGUMENT), 4, "unknown CNI command \"\(command)\" (ADD, DEL, CHECK, STATUS or GC)")
        }
        guard depth < Self.maximumDepth else {
            return fail(Int32(KEELSON_ERR_FAILED_PRECONDITION), 7, "delegation to \"\(type)\" nested more than \(Self.maximumDepth) deep")
        }
        guard let instance = instance(for: type) else {
            return fail(Int32(KEELSON_ERR_NOT_FOUND), 7, "failed to find plugin \"\(type)\" among the CNI plugins or in the plugin folders")
        }
        guard let hook = function(instance.plugin.table(keelson_cni_v1.self)) else {
            // Optional hooks (STATUS, GC) that are absent mean "ready" and "nothing to collect".
            return Int32(KEELSON_OK)
        }
        let outcome = instance.callRawSync(command) { handle, result in
            netConfig.withUnsafeBytes { c in
                runtime.withUnsafeBytes { r in
                    hook(handle, c.baseAddress?.assumingMemoryBound(to: CChar.self), c.count,
                         r.baseAddress?.assumingMemoryBound(to: CChar.self), r.count, result)
                }
            }
        }
        if outcome.status != KEELSON_OK, (try? JSONValue(parsing: outcome.data))?["code"]?.intValue == nil {
            return fail(outcome.status, 999, "\(type) \(command): \(outcome.lastError ?? PluginCallError.name(of: outcome.status))")
        }
        let written = Self.write(outcome.data, to: sink)
        return outcome.status == KEELSON_OK ? written : outcome.status
    }

    /// Destroys every delegate instance (after the caller itself was destroyed).
    func destroyAll() {
        let all = instances.withLock { current in
            defer { current.removeAll() }
            return Array(current.values)
        }
        all.forEach { $0.destroy() }
    }

    private func instance(for type: String) -> PluginInstance? {
        if let existing = instances.withLock({ $0[type] }) { return existing }
        guard let plugin = CNIPluginLocator.find(type, near: callerFile) else { return nil }
        guard let created = try? PluginInstance.createDelegate(
            plugin: plugin, label: "\(type)@\(callerLabel)", client: client, depth: depth + 1)
        else { return nil }
        let kept = instances.withLock { current -> PluginInstance in
            if let raced = current[type] { return raced }
            current[type] = created
            return created
        }
        if kept !== created { created.destroy() }
        return kept
    }

    private static func command(_ name: String) -> ((keelson_cni_v1) -> keelson_cni_command?)? {
        switch name {
        case "ADD": { $0.add }
        case "DEL": { $0.del }
        case "CHECK": { $0.check }
        case "STATUS": { $0.status }
        case "GC": { $0.gc }
        default: nil
        }
    }

    private static func cniVersion(of config: Data) -> String {
        (try? JSONValue(parsing: config))?["cniVersion"]?.stringValue ?? "1.1.0"
    }

    private static func errorObject(_ version: String, _ code: Int, _ msg: String) -> Data {
        let object: JSONValue = ["cniVersion": .string(version), "code": .int(Int64(code)), "msg": .string(msg), "details": ""]
        return object.serialized()
    }

    private static func write(_ data: Data, to sink: UnsafeMutablePointer<keelson_sink>?) -> keelson_status {
        guard !data.isEmpty else { return Int32(KEELSON_OK) }
        guard let sink, let write = sink.pointee.write else { return Int32(KEELSON_ERR_INVALID_ARGUMENT) }
        return data.withUnsafeBytes { raw in write(sink, raw.baseAddress?.assumingMemoryBound(to: CChar.self), raw.count) }
    }
}
