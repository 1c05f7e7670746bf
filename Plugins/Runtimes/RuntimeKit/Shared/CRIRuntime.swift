import Foundation
import PluginSDK

/// A runtime plugin built on a `CRIEngine`: it supplies the engine, Version and Status; the
/// shared `handle` decodes each request, runs the call and encodes the response.
protocol CRIRuntime: RuntimePlugin {
    /// The engine type that answers the CRI calls.
    associatedtype Engine: CRIEngine
    /// The engine of this instance.
    var engine: Engine { get }
    /// The Version response.
    func version() -> VersionResponse
    /// The Status response (`verbose` adds the runtime's config to `info`).
    func status(verbose: Bool) throws -> StatusResponse
}

extension CRIRuntime {
    /// Decodes the request, runs the call (Version and Status here, the rest on the engine),
    /// encodes the response.
    func handle(_ method: CRIMethod, request: Data) throws -> Data {
        /// Decodes `request` as `type`, naming the method in a decoding error.
        func decode<T: Decodable>(_ type: T.Type) throws -> T { try ProtoJSON.decode(type, request, method: method.rawValue) }
        switch method {
        case .version:
            _ = try decode(VersionRequest.self)
            return try ProtoJSON.encode(version())
        case .status:
            return try ProtoJSON.encode(status(verbose: decode(StatusRequest.self).verbose ?? false))
        case .updateRuntimeConfig:
            return try ProtoJSON.encode(engine.updateRuntimeConfig(decode(UpdateRuntimeConfigRequest.self)))
        case .runPodSandbox:
            return try ProtoJSON.encode(engine.runPodSandbox(decode(RunPodSandboxRequest.self)))
        case .stopPodSandbox:
            return try ProtoJSON.encode(engine.stopPodSandbox(decode(PodSandboxRequest.self)))
        case .removePodSandbox:
            return try ProtoJSON.encode(engine.removePodSandbox(decode(PodSandboxRequest.self)))
        case .podSandboxStatus:
            return try ProtoJSON.encode(engine.podSandboxStatus(decode(PodSandboxRequest.self)))
        case .listPodSandbox:
            return try ProtoJSON.encode(engine.listPodSandbox(decode(ListPodSandboxRequest.self)))
        case .createContainer:
            return try ProtoJSON.encode(engine.createContainer(decode(CreateContainerRequest.self)))
        case .startContainer:
            return try ProtoJSON.encode(engine.startContainer(decode(ContainerRequest.self)))
        case .stopContainer:
            return try ProtoJSON.encode(engine.stopContainer(decode(StopContainerRequest.self)))
        case .removeContainer:
            return try ProtoJSON.encode(engine.removeContainer(decode(ContainerRequest.self)))
        case .listContainers:
            return try ProtoJSON.encode(engine.listContainers(decode(ListContainersRequest.self)))
        case .containerStatus:
            return try ProtoJSON.encode(engine.containerStatus(decode(ContainerRequest.self)))
        case .execSync:
            return try ProtoJSON.encode(engine.execSync(decode(ExecSyncRequest.self)))
        case .containerStats:
            return try ProtoJSON.encode(engine.containerStats(decode(ContainerStatsRequest.self)))
        case .listContainerStats:
            return try ProtoJSON.encode(engine.listContainerStats(decode(ListContainerStatsRequest.self)))
        case .listImages:
            return try ProtoJSON.encode(engine.listImages(decode(ListImagesRequest.self)))
        case .imageStatus:
            return try ProtoJSON.encode(engine.imageStatus(decode(ImageStatusRequest.self)))
        case .pullImage:
            return try ProtoJSON.encode(engine.pullImage(decode(PullImageRequest.self)))
        case .removeImage:
            return try ProtoJSON.encode(engine.removeImage(decode(RemoveImageRequest.self)))
        case .imageFsInfo:
            return try ProtoJSON.encode(engine.imageFsInfo())
        }
    }
}
