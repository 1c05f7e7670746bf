import Foundation
import PluginABI

/// Drives a container runtime instance (`keelson_runtime_v1`): CRI's RuntimeService and
/// ImageService, one request/response message per call in the proto3 JSON mapping of
/// `runtime.v1` (lowerCamelCase fields; int64 and uint64 values as decimal strings, which
/// `int64(_:)` reads; enums by name, `"SANDBOX_READY"`; `bytes` as base64).
///
/// Errors are `PluginCallError`s whose status mirrors CRI's gRPC code: NOT_FOUND for an unknown
/// sandbox, container or image (and a pull of a repository that does not exist),
/// FAILED_PRECONDITION for a call in the wrong state (creating a container in a stopped
/// sandbox, starting one twice), ALREADY_EXISTS for a reused name, TIMEOUT for an ExecSync past
/// its timeout, UNSUPPORTED for an optional method the runtime does not implement.
public struct RuntimePluginClient: Sendable {
    /// The plugin instance called.
    public let instance: PluginInstance

    /// Wraps an instance of a runtime-kind plugin.
    public init(_ instance: PluginInstance) {
        self.instance = instance
    }

    /// CRI method names as in the CRI proto.
    public enum Method: String, Sendable, CaseIterable {
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

        /// The method's slot in the runtime table (NULL when the plugin left an optional one out).
        func slot(_ table: keelson_runtime_v1) -> keelson_cri_method? {
            switch self {
            case .version: table.version
            case .status: table.status
            case .runPodSandbox: table.run_pod_sandbox
            case .stopPodSandbox: table.stop_pod_sandbox
            case .removePodSandbox: table.remove_pod_sandbox
            case .podSandboxStatus: table.pod_sandbox_status
            case .listPodSandbox: table.list_pod_sandbox
            case .createContainer: table.create_container
            case .startContainer: table.start_container
            case .stopContainer: table.stop_container
            case .removeContainer: table.remove_container
            case .listContainers: table.list_containers
            case .containerStatus: table.container_status
            case .execSync: table.exec_sync
            case .containerStats: table.container_stats
            case .listContainerStats: table.list_container_stats
            case .updateRuntimeConfig: table.update_runtime_config
            case .listImages: table.list_images
            case .imageStatus: table.image_status
            case .pullImage: table.pull_image
            case .removeImage: table.remove_image
            case .imageFsInfo: table.image_fs_info
            }
        }
    }

    /// Sends a CRI request message (proto3 JSON mapping of runtime.v1) and returns the response
    /// message. Throws `PluginCallError`, or `JSONValue.ParseError` for a response that is not JSON.
    public func call(_ method: Method, _ request: JSONValue = [:]) async throws -> JSONValue {
        try Self.parse(await callData(method, request.serialized()))
    }

    /// `call` with the messages as raw JSON bytes.
    public func callData(_ method: Method, _ request: Data) async throws -> Data {
        let function = method.slot(instance.plugin.table(keelson_runtime_v1.self))
        return try await instance.call(method.rawValue) { handle, sink in
            Self.invoke(function, method, handle, request, sink)
        }
    }

    /// `call` for callers outside async code (tests, the CLI). Never call it from a Swift
    /// concurrency task: it blocks the calling thread.
    public func callSync(_ method: Method, _ request: JSONValue = [:]) throws -> JSONValue {
        let function = method.slot(instance.plugin.table(keelson_runtime_v1.self))
        let data = request.serialized()
        return try Self.parse(instance.callSync(method.rawValue) { handle, sink in
            Self.invoke(function, method, handle, data, sink)
        })
    }

    private static func invoke(
        _ function: keelson_cri_method?, _ method: Method, _ handle: OpaquePointer?, _ request: Data,
        _ sink: UnsafeMutablePointer<keelson_sink>
    ) -> Int32 {
        guard let function else {
            let message = Array("the runtime does not implement \(method.rawValue)".utf8)
            _ = message.withUnsafeBufferPointer { buffer in
                buffer.withMemoryRebound(to: CChar.self) { sink.pointee.write?(sink, $0.baseAddress, $0.count) }
            }
            return Int32(KEELSON_ERR_UNSUPPORTED)
        }
        return request.withUnsafeBytes { raw in
            function(handle, raw.baseAddress?.assumingMemoryBound(to: CChar.self), raw.count, sink)
        }
    }

    private static func parse(_ data: Data) throws -> JSONValue {
        data.isEmpty ? [:] : try JSONValue(parsing: data)
    }

    // MARK: Conveniences for the calls a kubelet makes most

    /// Version: `{"version","runtimeName","runtimeVersion","runtimeApiVersion"}`.
    public func version() async throws -> JSONValue {
        try await call(.version, ["version": "0.1.0"])
    }

    /// RunPodSandbox with a `PodSandboxConfig`; returns the sandbox ID.
    public func runPodSandbox(config: JSONValue, runtimeHandler: String = "") async throws -> String {
        let response = try await call(.runPodSandbox, ["config": config, "runtimeHandler": .string(runtimeHandler)])
        return try Self.field(response, "podSandboxId", of: .runPodSandbox)
    }

    /// PullImage; returns the image reference (`imageRef`) to create containers from.
    public func pullImage(_ image: String, sandboxConfig: JSONValue? = nil) async throws -> String {
        var request: JSONValue = ["image": ["image": .string(image)]]
        if let sandboxConfig { request["sandboxConfig"] = sandboxConfig }
        return try Self.field(try await call(.pullImage, request), "imageRef", of: .pullImage)
    }

    /// CreateContainer with a `ContainerConfig` in a sandbox; returns the container ID.
    public func createContainer(sandboxID: String, config: JSONValue, sandboxConfig: JSONValue) async throws -> String {
        let response = try await call(.createContainer, [
            "podSandboxId": .string(sandboxID), "config": config, "sandboxConfig": sandboxConfig,
        ])
        return try Self.field(response, "containerId", of: .createContainer)
    }

    /// ContainerStatus: the `ContainerStatus` message.
    public func containerStatus(_ containerID: String) async throws -> JSONValue {
        try await call(.containerStatus, ["containerId": .string(containerID)])["status"] ?? [:]
    }

    /// PodSandboxStatus: the `PodSandboxStatus` message.
    public func podSandboxStatus(_ sandboxID: String) async throws -> JSONValue {
        try await call(.podSandboxStatus, ["podSandboxId": .string(sandboxID)])["status"] ?? [:]
    }

    /// Reads a proto3 JSON int64/uint64 (a decimal string, or a number from a lenient writer).
    public static func int64(_ value: JSONValue?) -> Int64? {
        if let number = value?.intValue { return number }
        return value?.stringValue.flatMap { Int64($0) }
    }

    private static func field(_ response: JSONValue, _ name: String, of method: Method) throws -> String {
        guard let value = response[name]?.stringValue, !value.isEmpty else {
            throw JSONValue.ParseError(reason: "\(method.rawValue) response has no \(name)")
        }
        return value
    }
}
