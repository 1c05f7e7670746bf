import Foundation
import PluginSDK

extension RuntimeEngine {
    func runPodSandbox(_ request: RunPodSandboxRequest) throws -> RunPodSandboxResponse {
        let (config, metadata) = try request.validated()
        guard let handler = flavor.resolveHandler(request.runtimeHandler ?? "") else {
            throw PluginError.invalidArgument(
                "failed to get sandbox runtime: no runtime for \"\(request.runtimeHandler ?? "")\" is configured")
        }
        // A sandbox with an infra container needs the sandbox (pause) image first.
        let infra = flavor.sandboxes.needsInfraContainer(config)
        if infra { _ = try pullImage(PullImageRequest(image: ImageSpec(image: self.config.sandboxImage))) }
        let name = flavor.sandboxName(metadata)
        return try withState { state, now in
            let id = try state.addSandbox(
                name: name, config: config, metadata: metadata, runtimeHandler: handler, infraContainer: infra, now: now
            ) { flavor.dialect.sandboxNameConflict(name, holder: $0) }
            return RunPodSandboxResponse(podSandboxId: id)
        }
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
}
