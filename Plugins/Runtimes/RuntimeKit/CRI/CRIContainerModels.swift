import Foundation

// Container messages (runtime.v1).

/// `ContainerState`.
enum ContainerState: String, ProtoEnum, Sendable {
    case CONTAINER_CREATED, CONTAINER_RUNNING, CONTAINER_EXITED, CONTAINER_UNKNOWN
}

/// The parts of `ContainerConfig` the runtime uses; the rest is accepted and ignored.
struct ContainerConfig: Decodable {
    var metadata: ContainerMetadata?
    var image: ImageSpec?
    var command: [String]?
    var args: [String]?
    var workingDir: String?
    var envs: [KeyValue]?
    var mounts: [Mount]?
    var labels: [String: String]?
    var annotations: [String: String]?
    var logPath: String?
    var stdin: Bool?
    var tty: Bool?
    var linux: LinuxContainerConfig?
}

/// The part of `LinuxContainerResources` the runtime models: the memory limit (OOM kills) and
/// the CPU quota (a cap on CPU use).
struct LinuxContainerResources: Decodable, Sendable {
    var cpuPeriod: ProtoInt64?
    var cpuQuota: ProtoInt64?
    var memoryLimitInBytes: ProtoInt64?
}

/// The part of `LinuxContainerConfig` the runtime reads.
struct LinuxContainerConfig: Decodable, Sendable {
    var resources: LinuxContainerResources?
}

struct CreateContainerRequest: Decodable {
    var podSandboxId: String?
    var config: ContainerConfig?
    var sandboxConfig: PodSandboxConfig?
}

struct CreateContainerResponse: Encodable {
    var containerId: String
}

/// StartContainer, RemoveContainer and ContainerStatus requests.
struct ContainerRequest: Decodable {
    var containerId: String?
    var verbose: Bool?
}

struct StopContainerRequest: Decodable {
    var containerId: String?
    var timeout: ProtoInt64?
}

struct ContainerFilter: Decodable {
    struct StateValue: Decodable { var state: ContainerState? }
    var id: String?
    var state: StateValue?
    var podSandboxId: String?
    var labelSelector: [String: String]?
}

struct ListContainersRequest: Decodable {
    var filter: ContainerFilter?
}

/// `Container`, one item of ListContainers.
struct Container: Encodable {
    var id: String
    var podSandboxId: String
    var metadata: ContainerMetadata
    var image: ImageSpec
    var imageRef: String
    var state: ContainerState
    var createdAt: ProtoInt64
    var labels: [String: String]
    var annotations: [String: String]
    var imageId: String
}

struct ListContainersResponse: Encodable {
    var containers: [Container]
}

/// `ContainerStatus`.
struct ContainerStatus: Encodable {
    var id: String
    var metadata: ContainerMetadata
    var state: ContainerState
    var createdAt: ProtoInt64
    var startedAt: ProtoInt64
    var finishedAt: ProtoInt64
    var exitCode: Int32
    var image: ImageSpec
    var imageRef: String
    var reason: String
    var message: String
    var labels: [String: String]
    var annotations: [String: String]
    var mounts: [Mount]
    var logPath: String
    var imageId: String
}

struct ContainerStatusResponse: Encodable {
    var status: ContainerStatus
    var info: [String: String]
}

struct ExecSyncRequest: Decodable {
    var containerId: String?
    var cmd: [String]?
    var timeout: ProtoInt64?
}

/// `ExecSyncResponse`; `stdout` and `stderr` are `bytes`, so base64 in JSON.
struct ExecSyncResponse: Encodable {
    var stdout: Data
    var stderr: Data
    var exitCode: Int32
}
