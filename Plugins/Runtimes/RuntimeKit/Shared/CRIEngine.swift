import Foundation
import PluginSDK

/// A CRI engine: one method per CRI call (but Version and Status, which the runtime answers
/// itself), run by `CRIRuntime.handle`. The calls every engine answers alike (UpdateRuntimeConfig,
/// the listings and the status reads) come from the shared extensions over `state`.
protocol CRIEngine: Sendable {
    /// The engine's bookkeeping of sandboxes, containers and names.
    associatedtype State: CRIState

    /// Runs `body` on the state under the engine's lock, with the current time.
    func withState<R: Sendable>(_ body: (inout State, Int64) throws -> R) throws -> R

    /// RunPodSandbox.
    func runPodSandbox(_ request: RunPodSandboxRequest) throws -> RunPodSandboxResponse
    /// StopPodSandbox.
    func stopPodSandbox(_ request: PodSandboxRequest) throws -> EmptyResponse
    /// RemovePodSandbox.
    func removePodSandbox(_ request: PodSandboxRequest) throws -> EmptyResponse
    /// CreateContainer.
    func createContainer(_ request: CreateContainerRequest) throws -> CreateContainerResponse
    /// StartContainer.
    func startContainer(_ request: ContainerRequest) throws -> EmptyResponse
    /// StopContainer.
    func stopContainer(_ request: StopContainerRequest) throws -> EmptyResponse
    /// RemoveContainer.
    func removeContainer(_ request: ContainerRequest) throws -> EmptyResponse
    /// ExecSync.
    func execSync(_ request: ExecSyncRequest) throws -> ExecSyncResponse
    /// ContainerStats.
    func containerStats(_ request: ContainerStatsRequest) throws -> ContainerStatsResponse
    /// ListContainerStats.
    func listContainerStats(_ request: ListContainerStatsRequest) throws -> ListContainerStatsResponse
    /// ListImages.
    func listImages(_ request: ListImagesRequest) throws -> ListImagesResponse
    /// ImageStatus.
    func imageStatus(_ request: ImageStatusRequest) throws -> ImageStatusResponse
    /// PullImage.
    func pullImage(_ request: PullImageRequest) throws -> PullImageResponse
    /// RemoveImage.
    func removeImage(_ request: RemoveImageRequest) throws -> EmptyResponse
    /// ImageFsInfo.
    func imageFsInfo() throws -> ImageFsInfoResponse
}
