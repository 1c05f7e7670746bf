import Foundation
import PluginSDK

/// Recording sandboxes and finding the one a new container goes into.
extension CRIState {
    /// Reserves `name` and records a READY sandbox under a new ID, with the pod IPs of its
    /// annotations; ALREADY_EXISTS with `conflict(holder)` when the name is taken. Returns the ID.
    mutating func addSandbox(
        name: String, config: PodSandboxConfig, metadata: PodSandboxMetadata, runtimeHandler: String,
        infraContainer: Bool? = nil, now: Int64, conflict: (_ holder: String) -> String
    ) throws -> String {
        try ensureFree(name, conflict: conflict)
        let (ip, more) = SandboxRecord.podIPs(in: config.annotations ?? [:])
        let id = Identifiers.random()
        names[name] = id
        sandboxes[id] = SandboxRecord(
            id: id, name: name, metadata: metadata, config: config, runtimeHandler: runtimeHandler, createdAt: now,
            ip: ip, additionalIPs: more, infraContainer: infraContainer)
        return id
    }

    /// The ID of the sandbox (by ID or unique prefix) a container may be created in: it must be READY.
    func readySandboxID(_ requested: String) throws -> String {
        let id = try sandboxID(requested)
        guard let sandbox = sandboxes[id] else { throw PluginError.internalError("sandbox vanished") }
        guard sandbox.state == .SANDBOX_READY else {
            throw PluginError.failedPrecondition("sandbox container \"\(id)\" is not running")
        }
        return id
    }

    /// Takes the pod IPs from the sandbox config a CreateContainer request carries when the
    /// sandbox has none yet: the kubelet runs the CNI chain after RunPodSandbox (the attachment
    /// is keyed by the sandbox ID), so the pod IP reaches the runtime with that config.
    mutating func adoptPodIPs(_ id: String, from config: PodSandboxConfig?) {
        guard sandboxes[id]?.ip == nil, let annotations = config?.annotations else { return }
        let (ip, more) = SandboxRecord.podIPs(in: annotations)
        if let ip {
            sandboxes[id]?.ip = ip
            sandboxes[id]?.additionalIPs = more
        }
    }
}
