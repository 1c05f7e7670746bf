import Foundation
import PluginSDK

/// The `process` runtime plugin: one instance per node, each container a real local process.
/// Routes each CRI call to its engine.
final class ProcessRuntime: RuntimePlugin {
    /// `VersionResponse.runtimeName`.
    static let runtimeName = "keelson-process"
    /// `VersionResponse.runtimeVersion`.
    static let runtimeVersion = "0.1.0"

    private let engine: ProcessEngine

    init(host: KeelsonHost, config: Data) throws {
        self.engine = ProcessEngine(config: try ProcessRuntimeConfig.parse(config))
    }

    /// Kills every process the instance started (no orphans outlive it).
    func shutdown() {
        engine.close()
    }

    deinit {
        engine.close()
    }

    /// Decodes the request, runs the call on the engine, encodes the response.
    func handle(_ method: CRIMethod, request: Data) throws -> Data {
        let name = method.rawValue
        switch method {
        case .version:
            _ = try ProtoJSON.decode(VersionRequest.self, request, method: name)
            return try ProtoJSON.encode(VersionResponse(
                version: "0.1.0", runtimeName: Self.runtimeName, runtimeVersion: Self.runtimeVersion, runtimeApiVersion: "v1"))
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
        case .containerStats:
            return try ProtoJSON.encode(engine.containerStats(ProtoJSON.decode(ContainerStatsRequest.self, request, method: name)))
        case .listContainerStats:
            return try ProtoJSON.encode(engine.listContainerStats(ProtoJSON.decode(ListContainerStatsRequest.self, request, method: name)))
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
        }
    }

    /// RuntimeReady (always) and NetworkReady (config `networkReady`).
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
            info["config"] = "{\"podCIDR\":\"\(podCIDR)\",\"defaultWorkingDir\":\"\(engine.config.defaultWorkingDir)\"}"
        }
        return StatusResponse(
            status: RuntimeStatus(conditions: conditions), info: info,
            runtimeHandlers: ProcessEngine.runtimeHandlers.map {
                RuntimeHandler(name: $0, features: RuntimeHandlerFeatures(recursiveReadOnlyMounts: false, userNamespaces: false))
            },
            features: RuntimeFeatures(supplementalGroupsPolicy: false))
    }
}
