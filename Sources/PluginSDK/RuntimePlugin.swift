import Foundation
import PluginABI

/// The CRI methods of the runtime interface (`keelson_runtime_v1`), named as in CRI's
/// `runtime.v1` proto (RuntimeService and ImageService).
public enum CRIMethod: String, Sendable, CaseIterable {
    /// CRI `Version`.
    case version = "Version"
    /// CRI `Status`.
    case status = "Status"
    /// CRI `RunPodSandbox`.
    case runPodSandbox = "RunPodSandbox"
    /// CRI `StopPodSandbox`.
    case stopPodSandbox = "StopPodSandbox"
    /// CRI `RemovePodSandbox`.
    case removePodSandbox = "RemovePodSandbox"
    /// CRI `PodSandboxStatus`.
    case podSandboxStatus = "PodSandboxStatus"
    /// CRI `ListPodSandbox`.
    case listPodSandbox = "ListPodSandbox"
    /// CRI `CreateContainer`.
    case createContainer = "CreateContainer"
    /// CRI `StartContainer`.
    case startContainer = "StartContainer"
    /// CRI `StopContainer`.
    case stopContainer = "StopContainer"
    /// CRI `RemoveContainer`.
    case removeContainer = "RemoveContainer"
    /// CRI `ListContainers`.
    case listContainers = "ListContainers"
    /// CRI `ContainerStatus`.
    case containerStatus = "ContainerStatus"
    /// CRI `ExecSync`.
    case execSync = "ExecSync"
    /// CRI `ContainerStats`.
    case containerStats = "ContainerStats"
    /// CRI `ListContainerStats`.
    case listContainerStats = "ListContainerStats"
    /// CRI `UpdateRuntimeConfig`.
    case updateRuntimeConfig = "UpdateRuntimeConfig"
    /// CRI `ListImages`.
    case listImages = "ListImages"
    /// CRI `ImageStatus`.
    case imageStatus = "ImageStatus"
    /// CRI `PullImage`.
    case pullImage = "PullImage"
    /// CRI `RemoveImage`.
    case removeImage = "RemoveImage"
    /// CRI `ImageFsInfo`.
    case imageFsInfo = "ImageFsInfo"

    /// Whether the header marks the method optional (a NULL slot answers `KEELSON_ERR_UNSUPPORTED`).
    public var isOptional: Bool {
        switch self {
        case .containerStats, .listContainerStats, .updateRuntimeConfig, .imageFsInfo: true
        default: false
        }
    }
}

/// A container runtime written in Swift (interface `keelson_runtime_v1`): CRI's RuntimeService
/// and ImageService.
///
/// Every call carries a CRI request message and returns the response message, both in the
/// proto3 JSON mapping of `runtime.v1` (lowerCamelCase fields, int64 as strings, enums by
/// name). Errors are `PluginError`s whose status mirrors CRI's gRPC code (NotFound →
/// `KEELSON_ERR_NOT_FOUND`, FailedPrecondition → `KEELSON_ERR_FAILED_PRECONDITION`, ...).
/// Calls into one instance never overlap unless the plugin declares `KEELSON_CAP_THREAD_SAFE`.
public protocol RuntimePlugin: KeelsonPlugin {
    /// Handles one CRI call: `request` is the request message, the result the response message.
    func handle(_ method: CRIMethod, request: Data) throws -> Data
}

/// Builds the C function table (`keelson_runtime_v1`) of a Swift runtime: one function per CRI
/// method, each forwarding to `RuntimePlugin.handle` behind the SDK's error barrier.
public enum RuntimePluginTable {
    /// Allocates a table (for the lifetime of the library) that fills every required slot and the
    /// optional slots in `optional`; the other optional slots stay NULL, which the host answers
    /// with `KEELSON_ERR_UNSUPPORTED`. Build it once (a global `let`) and pass it as the
    /// `interface` of `PluginEntry.descriptor`.
    public static func table(implementing optional: Set<CRIMethod>) -> UnsafeRawPointer {
        func slot(_ method: CRIMethod, _ function: keelson_cri_method) -> keelson_cri_method? {
            !method.isOptional || optional.contains(method) ? function : nil
        }
        return PluginEntry.table(keelson_runtime_v1(
            struct_size: UInt32(MemoryLayout<keelson_runtime_v1>.size),
            version: { forwardCRICall(.version, $0, $1, $2, $3) },
            status: { forwardCRICall(.status, $0, $1, $2, $3) },
            run_pod_sandbox: { forwardCRICall(.runPodSandbox, $0, $1, $2, $3) },
            stop_pod_sandbox: { forwardCRICall(.stopPodSandbox, $0, $1, $2, $3) },
            remove_pod_sandbox: { forwardCRICall(.removePodSandbox, $0, $1, $2, $3) },
            pod_sandbox_status: { forwardCRICall(.podSandboxStatus, $0, $1, $2, $3) },
            list_pod_sandbox: { forwardCRICall(.listPodSandbox, $0, $1, $2, $3) },
            create_container: { forwardCRICall(.createContainer, $0, $1, $2, $3) },
            start_container: { forwardCRICall(.startContainer, $0, $1, $2, $3) },
            stop_container: { forwardCRICall(.stopContainer, $0, $1, $2, $3) },
            remove_container: { forwardCRICall(.removeContainer, $0, $1, $2, $3) },
            list_containers: { forwardCRICall(.listContainers, $0, $1, $2, $3) },
            container_status: { forwardCRICall(.containerStatus, $0, $1, $2, $3) },
            exec_sync: { forwardCRICall(.execSync, $0, $1, $2, $3) },
            container_stats: slot(.containerStats) { forwardCRICall(.containerStats, $0, $1, $2, $3) },
            list_container_stats: slot(.listContainerStats) { forwardCRICall(.listContainerStats, $0, $1, $2, $3) },
            update_runtime_config: slot(.updateRuntimeConfig) { forwardCRICall(.updateRuntimeConfig, $0, $1, $2, $3) },
            list_images: { forwardCRICall(.listImages, $0, $1, $2, $3) },
            image_status: { forwardCRICall(.imageStatus, $0, $1, $2, $3) },
            pull_image: { forwardCRICall(.pullImage, $0, $1, $2, $3) },
            remove_image: { forwardCRICall(.removeImage, $0, $1, $2, $3) },
            image_fs_info: slot(.imageFsInfo) { forwardCRICall(.imageFsInfo, $0, $1, $2, $3) }
        ))
    }

}

/// One CRI call: hand the request bytes to the plugin, write its response to the sink.
/// (A free function, so the table's C function pointers capture no context.)
private func forwardCRICall(
    _ method: CRIMethod, _ instance: OpaquePointer?, _ request: UnsafePointer<CChar>?, _ length: Int,
    _ response: UnsafeMutablePointer<keelson_sink>?
) -> keelson_status {
    InstanceBox.call(instance, as: (any RuntimePlugin).self) { plugin in
        let body = try plugin.handle(method, request: Bytes.data(request, length))
        try Bytes.write(body, to: response)
    }
}
