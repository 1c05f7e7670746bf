import Foundation
import PluginABI

/// The CNI commands a plugin may delegate to another CNI plugin.
public enum CNIDelegateCommand: String, Sendable {
    /// ADD: the delegate's result (for IPAM: `ips`, `routes`, `dns`) is returned.
    case add = "ADD"
    /// DEL: releases what ADD gave; succeeds when already released.
    case del = "DEL"
    /// CHECK: the network config should carry `prevResult`.
    case check = "CHECK"
    /// STATUS: whether the delegate can serve ADD (IPAM: a free address).
    case status = "STATUS"
    /// GC: the network config carries `cni.dev/valid-attachments`.
    case gc = "GC"
}

extension KeelsonHost {
    /// Whether this host can run other CNI plugins for this instance (`keelson_host.cni_delegate`,
    /// ABI 1.1 and later). A host of ABI 1.0 hands a shorter table without it.
    public var canDelegateCNI: Bool {
        guard let offset = MemoryLayout<keelson_host>.offset(of: \keelson_host.cni_delegate) else { return false }
        let size = Int(table.pointee.struct_size)
        return size >= offset + MemoryLayout<UnsafeRawPointer>.size && table.pointee.cni_delegate != nil
    }

    /// Runs `command` of the CNI plugin named `type` (usually the `ipam.type` of the caller's
    /// network config) with `netConfig` as its network configuration and the caller's runtime
    /// values, as a CNI main plugin invokes its IPAM plugin. Call it only from inside one of
    /// this instance's CNI commands, on the thread that runs it.
    ///
    /// Returns what the delegate wrote on success: the spec's result for ADD, usually nothing
    /// for the other commands. A failure throws the delegate's own `CNIPluginError` (code, msg
    /// and details as the delegate reported them, so a plugin can pass them through); a host
    /// that cannot delegate or refuses (not a CNI plugin) throws code 999 with the reason.
    public func delegateCNI(_ command: CNIDelegateCommand, type: String, netConfig: Data, runtime: CNIRuntime) throws -> Data {
        guard canDelegateCNI, let delegate = table.pointee.cni_delegate else {
            throw CNIPluginError(code: CNIPluginError.internalError,
                                 msg: "cannot delegate to \(type): the host (ABI \(table.pointee.abi_major).\(table.pointee.abi_minor)) has no cni_delegate")
        }
        let result = ResultBuffer()
        let runtimeJSON = runtime.json
        let status = Bytes.with(command.rawValue) { c, cl in
            Bytes.with(type) { t, tl in
                Bytes.with(netConfig) { n, nl in
                    Bytes.with(runtimeJSON) { r, rl in result.withSink { delegate(c, cl, t, tl, n, nl, r, rl, $0) } }
                }
            }
        }
        if status == KEELSON_OK { return result.data }
        if let object = (try? JSONSerialization.jsonObject(with: result.data)) as? [String: Any], let code = object["code"] as? Int {
            throw CNIPluginError(code: code, msg: object["msg"] as? String ?? "", details: object["details"] as? String ?? "")
        }
        let reason = status == KEELSON_ERR_PERMISSION_DENIED ? "the host refused delegation" : "status \(status)"
        throw CNIPluginError(code: CNIPluginError.internalError, msg: "delegating \(command.rawValue) to \(type) failed: \(reason)")
    }
}

extension CNIRuntime {
    /// The interface's `runtime_json` for these values.
    public var json: Data {
        let object: [String: Any] = ["containerID": containerID, "netns": netns, "ifName": ifName, "args": args, "path": path]
        return (try? JSONSerialization.data(withJSONObject: object, options: [.sortedKeys, .withoutEscapingSlashes])) ?? Data("{}".utf8)
    }
}
