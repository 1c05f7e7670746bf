import Foundation
import PluginSDK

extension ProcessEngine {
    /// The runtime handlers the runtime accepts ("" is the default).
    static let runtimeHandlers = ["", "process"]

    /// RunPodSandbox: reserves the sandbox name and records the sandbox (no process), READY, with
    /// its directory and resolv.conf (from `dnsConfig`).
    func runPodSandbox(_ request: RunPodSandboxRequest) throws -> RunPodSandboxResponse {
        let (config, metadata) = try request.validated()
        let handler = request.runtimeHandler ?? ""
        guard Self.runtimeHandlers.contains(handler) else {
            throw PluginError.invalidArgument("failed to get sandbox runtime: no runtime for \"\(handler)\" is configured")
        }
        let name = "\(metadata.name)_\(metadata.namespace)_\(metadata.uid)_\(metadata.attempt)"
        let id = try withState { state, now in
            guard !state.closed else { throw PluginError.unavailable("the runtime is shutting down") }
            return try state.addSandbox(name: name, config: config, metadata: metadata, runtimeHandler: handler, now: now) {
                "failed to reserve sandbox name \"\(name)\": name \"\(name)\" is reserved for \"\($0)\""
            }
        }
        do {
            try files.create(id, dns: config.dnsConfig)
        } catch {
            files.remove(id)
            _ = try? withState { state, _ in
                state.sandboxes[id] = nil
                state.names[name] = nil
            }
            throw PluginError.internalError("failed to setup sandbox files: \(error)")
        }
        return RunPodSandboxResponse(podSandboxId: id)
    }

    /// Kills the sandbox's running containers at once, marks it NOTREADY and forgets its IP.
    func stopPodSandbox(_ request: PodSandboxRequest) throws -> EmptyResponse {
        let running = try withState { state, _ -> [ChildProcess] in
            let id = try state.sandboxID(request.podSandboxId ?? "")
            state.sandboxes[id]?.state = .SANDBOX_NOTREADY
            state.sandboxes[id]?.ip = nil
            state.sandboxes[id]?.additionalIPs = []
            return state.containers.values.filter { $0.sandboxID == id }.compactMap(\.process)
        }
        running.forEach { $0.signalGroup(SIGKILL) }
        running.forEach { terminate($0, grace: 0) }
        return EmptyResponse()
    }

    /// Kills and removes the sandbox's containers, the sandbox and its files; an unknown ID succeeds.
    func removePodSandbox(_ request: PodSandboxRequest) throws -> EmptyResponse {
        let (running, removed) = try withState { state, _ -> ([ChildProcess], String?) in
            guard let id = try? state.sandboxID(request.podSandboxId ?? ""), let sandbox = state.sandboxes[id] else {
                return ([], nil)  // already removed: CRI requires success
            }
            var running: [ChildProcess] = []
            for container in state.containers.values where container.sandboxID == id {
                running += (container.process.map { [$0] } ?? []) + container.execs
                state.containers[container.id] = nil
                state.names[container.name] = nil
            }
            state.sandboxes[id] = nil
            state.names[sandbox.name] = nil
            return (running, id)
        }
        running.forEach { $0.signalGroup(SIGKILL) }
        running.forEach { terminate($0, grace: 0) }
        if let removed { files.remove(removed) }
        return EmptyResponse()
    }
}
