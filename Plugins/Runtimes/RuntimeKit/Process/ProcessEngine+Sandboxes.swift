import Foundation
import PluginSDK

extension ProcessEngine {
    /// The runtime handlers the runtime accepts ("" is the default).
    static let runtimeHandlers = ["", "process"]

    /// RunPodSandbox: reserves the sandbox name and records the sandbox (no process), READY.
    func runPodSandbox(_ request: RunPodSandboxRequest) throws -> RunPodSandboxResponse {
        guard let config = request.config, let metadata = config.metadata else {
            throw PluginError.invalidArgument("sandbox config must include metadata")
        }
        guard !metadata.name.isEmpty, !metadata.namespace.isEmpty, !metadata.uid.isEmpty else {
            throw PluginError.invalidArgument("sandbox metadata must include name, namespace and uid")
        }
        let handler = request.runtimeHandler ?? ""
        guard Self.runtimeHandlers.contains(handler) else {
            throw PluginError.invalidArgument("failed to get sandbox runtime: no runtime for \"\(handler)\" is configured")
        }
        let name = "\(metadata.name)_\(metadata.namespace)_\(metadata.uid)_\(metadata.attempt)"
        return try withState { state, now in
            guard !state.closed else { throw PluginError.unavailable("the runtime is shutting down") }
            if let holder = state.names[name] {
                throw PluginError.alreadyExists(
                    "failed to reserve sandbox name \"\(name)\": name \"\(name)\" is reserved for \"\(holder)\"")
            }
            let (ip, more) = Self.podIPs(in: config.annotations ?? [:])
            let id = Identifiers.random()
            state.names[name] = id
            state.sandboxes[id] = ProcessSandboxRecord(
                id: id, name: name, metadata: metadata, config: config, runtimeHandler: handler, createdAt: now,
                ip: ip, additionalIPs: more)
            return RunPodSandboxResponse(podSandboxId: id)
        }
    }

    /// The pod IPs the kubelet passes in the sandbox annotations `keelson.dev/pod-ip` and
    /// `keelson.dev/pod-ips` (comma-separated): the primary IP (nil when absent) and the others.
    static func podIPs(in annotations: [String: String]) -> (ip: String?, more: [String]) {
        let ip = annotations["keelson.dev/pod-ip"]?.trimmingCharacters(in: .whitespaces)
        let more = (annotations["keelson.dev/pod-ips"] ?? "").split(separator: ",")
            .map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty && $0 != ip }
        return (ip?.isEmpty == false ? ip : nil, more)
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

    /// Kills and removes the sandbox's containers and the sandbox; an unknown ID succeeds.
    func removePodSandbox(_ request: PodSandboxRequest) throws -> EmptyResponse {
        let running = try withState { state, _ -> [ChildProcess] in
            guard let id = try? state.sandboxID(request.podSandboxId ?? ""), let sandbox = state.sandboxes[id] else {
                return []  // already removed: CRI requires success
            }
            var running: [ChildProcess] = []
            for container in state.containers.values where container.sandboxID == id {
                running += (container.process.map { [$0] } ?? []) + container.execs
                state.containers[container.id] = nil
                state.names[container.name] = nil
            }
            state.sandboxes[id] = nil
            state.names[sandbox.name] = nil
            return running
        }
        running.forEach { $0.signalGroup(SIGKILL) }
        running.forEach { terminate($0, grace: 0) }
        return EmptyResponse()
    }

    /// PodSandboxStatus, with the pod IP while the sandbox is READY and its containers' statuses.
    func podSandboxStatus(_ request: PodSandboxRequest) throws -> PodSandboxStatusResponse {
        try withState { state, now in
            let id = try state.sandboxID(request.podSandboxId ?? "")
            guard let sandbox = state.sandboxes[id] else { throw PluginError.internalError("sandbox \(id) vanished") }
            let network = sandbox.ip.map {
                PodSandboxNetworkStatus(ip: $0, additionalIps: sandbox.additionalIPs.map(PodIP.init))
            }
            let status = PodSandboxStatus(
                id: id, metadata: sandbox.metadata, state: sandbox.state, createdAt: ProtoInt64(sandbox.createdAt),
                network: network, labels: sandbox.labels, annotations: sandbox.annotations,
                runtimeHandler: sandbox.runtimeHandler)
            let containers = state.containers.values.filter { $0.sandboxID == id }
                .sorted { $0.createdAt < $1.createdAt }.map(\.status)
            var info: [String: String] = [:]
            if request.verbose == true {
                info["info"] = "{\"sandboxName\":\"\(sandbox.name)\",\"runtimeHandler\":\"\(sandbox.runtimeHandler)\"}"
            }
            return PodSandboxStatusResponse(status: status, info: info, containersStatuses: containers,
                                            timestamp: ProtoInt64(now))
        }
    }

    /// ListPodSandbox, filtered by ID prefix, state and labels, oldest first.
    func listPodSandbox(_ request: ListPodSandboxRequest) throws -> ListPodSandboxResponse {
        try withState { state, _ in
            let filter = request.filter
            let items = state.sandboxes.values.filter { sandbox in
                if let id = filter?.id, !id.isEmpty, !sandbox.id.hasPrefix(id) { return false }
                if let wanted = filter?.state?.state, sandbox.state != wanted { return false }
                return ProcessRuntimeState.matches(sandbox.labels, filter?.labelSelector)
            }
            return ListPodSandboxResponse(items: items.sorted { $0.createdAt < $1.createdAt }.map(\.listItem))
        }
    }
}
