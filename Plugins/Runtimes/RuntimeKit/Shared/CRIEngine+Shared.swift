import Foundation
import PluginSDK

/// The CRI calls every engine answers the same way, from its state.
extension CRIEngine {
    /// UpdateRuntimeConfig: remembers the pod CIDR (an empty one changes nothing).
    func updateRuntimeConfig(_ request: UpdateRuntimeConfigRequest) throws -> EmptyResponse {
        let cidr = request.runtimeConfig?.networkConfig?.podCidr ?? ""
        try withState { state, _ in if !cidr.isEmpty { state.podCIDR = cidr } }
        return EmptyResponse()
    }

    /// PodSandboxStatus, with the pod IP while it is known and the sandbox's containers' statuses.
    func podSandboxStatus(_ request: PodSandboxRequest) throws -> PodSandboxStatusResponse {
        try withState { state, now in
            let id = try state.sandboxID(request.podSandboxId ?? "")
            guard let sandbox = state.sandboxes[id] else { throw PluginError.internalError("sandbox \(id) vanished") }
            let containers = state.containers.values.filter { $0.sandboxID == id }
                .oldestFirst(by: \.createdAt).map(\.status)
            var info: [String: String] = [:]
            if request.verbose == true { info["info"] = sandbox.verboseInfo }
            return PodSandboxStatusResponse(status: sandbox.status, info: info, containersStatuses: containers,
                                            timestamp: ProtoInt64(now))
        }
    }

    /// ListPodSandbox, filtered by ID prefix, state and labels, oldest first.
    func listPodSandbox(_ request: ListPodSandboxRequest) throws -> ListPodSandboxResponse {
        try withState { state, _ in ListPodSandboxResponse(items: state.sandboxes(matching: request.filter).map(\.listItem)) }
    }

    /// ListContainers, filtered by ID prefix, sandbox, state and labels, oldest first.
    func listContainers(_ request: ListContainersRequest) throws -> ListContainersResponse {
        try withState { state, _ in
            ListContainersResponse(containers: state.containers(matching: request.filter).map(\.listItem))
        }
    }

    /// ContainerStatus; `verbose` adds the sandbox, the pid (where the engine has one) and the argv.
    func containerStatus(_ request: ContainerRequest) throws -> ContainerStatusResponse {
        try withState { state, _ in
            let id = try state.containerID(request.containerId ?? "")
            guard let record = state.containers[id] else { throw PluginError.internalError("container vanished") }
            var info: [String: String] = [:]
            if request.verbose == true { info["info"] = record.verboseInfo }
            return ContainerStatusResponse(status: record.status, info: info)
        }
    }
}
