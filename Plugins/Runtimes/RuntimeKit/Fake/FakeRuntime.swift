import Foundation
import PluginSDK

/// A fake CRI runtime (containerd-like, docker-shim, cri-o-like): one instance per node. Routes
/// each CRI call to the shared engine; `Identity` says which real runtime it imitates.
final class FakeRuntime<Identity: FlavorProvider>: RuntimePlugin {
    private let host: KeelsonHost
    private let engine: RuntimeEngine

    init(host: KeelsonHost, config: Data) throws {
        self.host = host
        let flavor = Identity.flavor
        self.engine = RuntimeEngine(config: try RuntimeConfig.parse(config, flavor: flavor), flavor: flavor)
    }

    func shutdown() {
        engine.close()
    }

    func handle(_ method: CRIMethod, request: Data) throws -> Data {
        let name = method.rawValue
        switch method {
        case .version:
            _ = try ProtoJSON.decode(VersionRequest.self, request, method: name)
            return try ProtoJSON.encode(version())
        case .status:
            let request = try ProtoJSON.decode(StatusRequest.self, request, method: name)
            return try ProtoJSON.encode(try status(verbose: request.verbose ?? false))
        case .updateRuntimeConfig:
            let request = try ProtoJSON.decode(UpdateRuntimeConfigRequest.self, request, method: name)
            let cidr = request.runtimeConfig?.networkConfig?.podCidr ?? ""
            try engine.withState { state, _ in if !cidr.isEmpty { state.podCIDR = cidr } }
            return try ProtoJSON.encode(EmptyResponse())
        case .runPodSandbox:
            return try ProtoJSON.encode(engine.runPodSandbox(ProtoJSON.decode(RunPodSandboxRequest.self, request, method: name)))
        case .stopPodSandbox:
            return try ProtoJSON.encode(engine.stopPodSandbox(ProtoJSON.decode(PodSandboxRequest.self, request, method: name)))
        case .removePodSandbox:
            return try ProtoJSON.encode(engine.removePodSandbox(ProtoJSON.decode(PodSandboxRequest.self, request, method: name)))
        case .podSandboxStatus:
            return try ProtoJSON.encode(engine.podSandboxStatus(ProtoJSON.decode(PodSandboxRequest.self, request, method: name)))
        case .listPodSandbox:
            return try ProtoJSON.encode(engine.listPodSandbox(ProtoJSON.decode(ListPodSandboxRequest.self, request, method: name)))
        case .createContainer:
            return try ProtoJSON.encode(engine.createContainer(ProtoJSON.decode(CreateContainerRequest.self, request, method: name)))
        case .startContainer:
            return try ProtoJSON.encode(engine.startContainer(ProtoJSON.decode(ContainerRequest.self, request, method: name)))
        case .stopContainer:
            return try ProtoJSON.encode(engine.stopContainer(ProtoJSON.decode(StopContainerRequest.self, request, method: name)))
        case .removeContainer:
            return try ProtoJSON.encode(engine.removeContainer(ProtoJSON.decode(ContainerRequest.self, request, method: name)))
        case .listContainers:
            return try ProtoJSON.encode(engine.listContainers(ProtoJSON.decode(ListContainersRequest.self, request, method: name)))
        case .containerStatus:
            return try ProtoJSON.encode(engine.containerStatus(ProtoJSON.decode(ContainerRequest.self, request, method: name)))
        case .execSync:
            return try ProtoJSON.encode(engine.execSync(ProtoJSON.decode(ExecSyncRequest.self, request, method: name)))
        case .listImages:
            return try ProtoJSON.encode(engine.listImages(ProtoJSON.decode(ListImagesRequest.self, request, method: name)))
        case .imageStatus:
            return try ProtoJSON.encode(engine.imageStatus(ProtoJSON.decode(ImageStatusRequest.self, request, method: name)))
        case .pullImage:
            return try ProtoJSON.encode(engine.pullImage(ProtoJSON.decode(PullImageRequest.self, request, method: name)))
        case .removeImage:
            return try ProtoJSON.encode(engine.removeImage(ProtoJSON.decode(RemoveImageRequest.self, request, method: name)))
        case .imageFsInfo:
            return try ProtoJSON.encode(engine.imageFsInfo())
        case .containerStats:
            return try ProtoJSON.encode(engine.containerStats(ProtoJSON.decode(ContainerStatsRequest.self, request, method: name)))
        case .listContainerStats:
            return try ProtoJSON.encode(engine.listContainerStats(ProtoJSON.decode(ListContainerStatsRequest.self, request, method: name)))
        }
    }

    private func version() -> VersionResponse {
        let flavor = engine.flavor
        return VersionResponse(version: flavor.kubeletApiVersion, runtimeName: flavor.runtimeName,
                               runtimeVersion: flavor.runtimeVersion, runtimeApiVersion: flavor.runtimeApiVersion)
    }

    private func status(verbose: Bool) throws -> StatusResponse {
        let network = engine.config.networkReady
        let conditions = [
            RuntimeCondition(type: "RuntimeReady", status: true, reason: "", message: ""),
            RuntimeCondition(type: "NetworkReady", status: network,
                             reason: network ? "" : "NetworkPluginNotReady",
                             message: network ? "" : "Network plugin returns error: cni plugin not initialized"),
        ]
        var info: [String: String] = [:]
        if verbose {
            let podCIDR = try engine.withState { state, _ in state.podCIDR }
            info["config"] = "{\"sandboxImage\":\"\(engine.config.sandboxImage)\",\"podCIDR\":\"\(podCIDR)\"}"
        }
        let handlers = [""] + engine.flavor.runtimeHandlers
        return StatusResponse(
            status: RuntimeStatus(conditions: conditions), info: info,
            runtimeHandlers: handlers.map {
                RuntimeHandler(name: $0, features: RuntimeHandlerFeatures(recursiveReadOnlyMounts: false, userNamespaces: false))
            },
            features: RuntimeFeatures(supplementalGroupsPolicy: false))
    }
}
