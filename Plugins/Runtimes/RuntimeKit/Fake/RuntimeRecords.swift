import Foundation

/// One pod sandbox.
struct SandboxRecord: Sendable {
    let id: String
    /// The reserved unique name (see `RuntimeFlavor.sandboxName`).
    let name: String
    let metadata: PodSandboxMetadata
    let config: PodSandboxConfig
    let runtimeHandler: String
    let createdAt: Int64
    var state: PodSandboxState = .SANDBOX_READY
    /// The pod IP the kubelet passed in the `keelson.dev/pod-ip` annotation; cleared on stop.
    var ip: String?
    /// Further IPs from `keelson.dev/pod-ips` (comma-separated).
    var additionalIPs: [String] = []
    /// Whether the sandbox runs an infra (pause) container (see `SandboxStyle`).
    var infraContainer = true

    var labels: [String: String] { config.labels ?? [:] }
    var annotations: [String: String] { config.annotations ?? [:] }
    var hostname: String { config.hostname?.isEmpty == false ? config.hostname! : metadata.name }

    var listItem: PodSandbox {
        PodSandbox(id: id, metadata: metadata, state: state, createdAt: ProtoInt64(createdAt),
                   labels: labels, annotations: annotations, runtimeHandler: runtimeHandler)
    }
}

/// One container.
struct ContainerRecord: Sendable {
    let id: String
    let sandboxID: String
    /// The reserved unique name (see `RuntimeFlavor.containerName`).
    let name: String
    let metadata: ContainerMetadata
    /// The image as the container status reports it (the normalised reference it was created from).
    let image: ImageSpec
    /// `sha256:<id>` of the image.
    let imageID: String
    /// The image's repo digest, "docker.io/library/nginx@sha256:…".
    let imageRef: String
    let labels: [String: String]
    let annotations: [String: String]
    let mounts: [Mount]
    /// The CRI log file (empty when the kubelet gave no log directory/path).
    let logPath: String
    /// The format the runtime writes the log file in.
    let logFormat: ContainerLogFormat
    let environment: [(String, String)]
    let hostname: String
    let plan: ContainerProcess
    let createdAt: Int64
    /// How it uses CPU and memory (and when it is OOM-killed).
    let usage: ContainerUsage
    /// Extra StartContainer latency from `keelson.dev/start-latency`, in milliseconds.
    let startLatencyMs: Int

    var state: ContainerState = .CONTAINER_CREATED
    var startedAt: Int64 = 0
    var finishedAt: Int64 = 0
    var exitCode: Int32 = 0
    var reason = ""
    var message = ""
    /// The main process while it runs.
    var process: ShellProcess?
    /// When the OOM killer ends it (set at start when its memory outgrows its limit).
    var oomAt: Int64?
    var fs: ContainerFilesystem

    var listItem: Container {
        Container(id: id, podSandboxId: sandboxID, metadata: metadata, image: image, imageRef: imageRef,
                  state: state, createdAt: ProtoInt64(createdAt), labels: labels, annotations: annotations,
                  imageId: imageID)
    }

    var status: ContainerStatus {
        ContainerStatus(
            id: id, metadata: metadata, state: state, createdAt: ProtoInt64(createdAt),
            startedAt: ProtoInt64(startedAt), finishedAt: ProtoInt64(finishedAt), exitCode: exitCode,
            image: image, imageRef: imageRef, reason: reason, message: message, labels: labels,
            annotations: annotations, mounts: mounts, logPath: logPath, imageId: imageID)
    }
}

/// Everything the runtime knows, guarded by the engine's mutex.
struct RuntimeState: Sendable {
    var sandboxes: [String: SandboxRecord] = [:]
    var containers: [String: ContainerRecord] = [:]
    /// Reserved sandbox and container names → the ID holding them.
    var names: [String: String] = [:]
    var images = ImageStore()
    /// The pod CIDR from UpdateRuntimeConfig.
    var podCIDR = ""
}
