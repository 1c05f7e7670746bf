import Foundation
import PluginSDK

/// The annotation through which the kubelet (which runs the CNI chain itself) tells the runtime
/// the pod's IP, so that PodSandboxStatus reports it as CRI expects.
let podIPAnnotation = "keelson.dev/pod-ip"
/// Further pod IPs (comma-separated), reported as `additionalIps`.
let podIPsAnnotation = "keelson.dev/pod-ips"

extension RuntimeEngine {
    func runPodSandbox(_ request: RunPodSandboxRequest) throws -> RunPodSandboxResponse {
        guard let config = request.config, let metadata = config.metadata else {
            throw PluginError.invalidArgument("sandbox config must include metadata")
        }
        guard !metadata.name.isEmpty, !metadata.namespace.isEmpty, !metadata.uid.isEmpty else {
            throw PluginError.invalidArgument("sandbox metadata must include name, namespace and uid")
        }
        guard let handler = flavor.resolveHandler(request.runtimeHandler ?? "") else {
            throw PluginError.invalidArgument(
                "failed to get sandbox runtime: no runtime for \"\(request.runtimeHandler ?? "")\" is configured")
        }
        // A sandbox with an infra container needs the sandbox (pause) image first.
        let infra = flavor.sandboxes.needsInfraContainer(config)
        if infra { _ = try pullImage(PullImageRequest(image: ImageSpec(image: self.config.sandboxImage))) }
        let name = flavor.sandboxName(metadata)
        return try withState { state, now in
            if let holder = state.names[name] {
                throw PluginError.alreadyExists(flavor.dialect.sandboxNameConflict(name, holder: holder))
            }
            let (ip, more) = Self.podIPs(in: config.annotations ?? [:])
            let id = Identifiers.random()
            state.names[name] = id
            state.sandboxes[id] = SandboxRecord(
                id: id, name: name, metadata: metadata, config: config, runtimeHandler: handler, createdAt: now,
                ip: ip, additionalIPs: more, infraContainer: infra)
            return RunPodSandboxResponse(podSandboxId: id)
        }
    }

    /// The pod IPs the kubelet passes in sandbox annotations (`keelson.dev/pod-ip`, and
    /// `keelson.dev/pod-ips` comma-separated): the primary IP, nil when absent, and the others.
    static func podIPs(in annotations: [String: String]) -> (ip: String?, more: [String]) {
        let ip = annotations[podIPAnnotation]?.trimmingCharacters(in: .whitespaces)
        let more = (annotations[podIPsAnnotation] ?? "").split(separator: ",")
            .map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty && $0 != ip }
        return (ip?.isEmpty == false ? ip : nil, more)
    }

    func stopPodSandbox(_ request: PodSandboxRequest) throws -> EmptyResponse {
        try withState { state, now in
            let id = try state.sandboxID(request.podSandboxId ?? "")
            for container in state.containers.values where container.sandboxID == id {
                state.kill(container.id, now: now, graceful: false, flavor: flavor)
            }
            state.sandboxes[id]?.state = .SANDBOX_NOTREADY
            state.sandboxes[id]?.ip = nil
            state.sandboxes[id]?.additionalIPs = []
            return EmptyResponse()
        }
    }

    func removePodSandbox(_ request: PodSandboxRequest) throws -> EmptyResponse {
        try withState { state, now in
            guard let id = try? state.sandboxID(request.podSandboxId ?? ""), let sandbox = state.sandboxes[id] else {
                return EmptyResponse()  // already removed: CRI requires success
            }
            for container in state.containers.values where container.sandboxID == id {
                state.kill(container.id, now: now, graceful: false, flavor: flavor)
                state.containers[container.id] = nil
                state.names[container.name] = nil
            }
            state.sandboxes[id] = nil
            state.names[sandbox.name] = nil
            return EmptyResponse()
        }
    }

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
                info["info"] = "{\"sandboxName\":\"\(sandbox.name)\",\"runtimeHandler\":\"\(sandbox.runtimeHandler)\","
                    + "\"infraContainer\":\(sandbox.infraContainer)}"
            }
            return PodSandboxStatusResponse(status: status, info: info, containersStatuses: containers,
                                            timestamp: ProtoInt64(now))
        }
    }

    func listPodSandbox(_ request: ListPodSandboxRequest) throws -> ListPodSandboxResponse {
        try withState { state, _ in
            let filter = request.filter
            let items = state.sandboxes.values.filter { sandbox in
                if let id = filter?.id, !id.isEmpty, !sandbox.id.hasPrefix(id) { return false }
                if let wanted = filter?.state?.state, sandbox.state != wanted { return false }
                return RuntimeState.matches(sandbox.labels, filter?.labelSelector)
            }
            return ListPodSandboxResponse(items: items.sorted { $0.createdAt < $1.createdAt }.map(\.listItem))
        }
    }
}
