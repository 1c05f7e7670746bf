import Foundation
import PluginSDK

/// One pod sandbox of the `process` runtime: bookkeeping only, no pause process.
struct ProcessSandboxRecord: Sendable {
    let id: String
    /// The reserved name `<name>_<namespace>_<uid>_<attempt>`.
    let name: String
    let metadata: PodSandboxMetadata
    let config: PodSandboxConfig
    let runtimeHandler: String
    let createdAt: Int64
    var state: PodSandboxState = .SANDBOX_READY
    /// The pod IP the kubelet passed in `keelson.dev/pod-ip`; cleared on stop.
    var ip: String?
    /// Further IPs from `keelson.dev/pod-ips`.
    var additionalIPs: [String] = []

    var labels: [String: String] { config.labels ?? [:] }
    var annotations: [String: String] { config.annotations ?? [:] }
    var hostname: String { config.hostname?.isEmpty == false ? config.hostname! : metadata.name }

    /// The ListPodSandbox item.
    var listItem: PodSandbox {
        PodSandbox(id: id, metadata: metadata, state: state, createdAt: ProtoInt64(createdAt),
                   labels: labels, annotations: annotations, runtimeHandler: runtimeHandler)
    }
}

/// One container of the `process` runtime and, while it runs, its process.
struct ProcessContainerRecord: Sendable {
    let id: String
    let sandboxID: String
    /// The reserved name `<container>_<pod>_<namespace>_<uid>_<attempt>`.
    let name: String
    let metadata: ContainerMetadata
    /// The image as the status reports it (the normalised reference).
    let image: ImageSpec
    let imageID: String
    let imageRef: String
    let labels: [String: String]
    let annotations: [String: String]
    let mounts: [Mount]
    /// The CRI log file (empty when the kubelet gave no log directory or path).
    let logPath: String
    /// The argv as given (argv[0] resolved at start).
    let argv: [String]
    let environment: [(String, String)]
    let workingDir: String
    let createdAt: Int64

    var state: ContainerState = .CONTAINER_CREATED
    var startedAt: Int64 = 0
    var finishedAt: Int64 = 0
    var exitCode: Int32 = 0
    var reason = ""
    var message = ""
    /// The main process while it runs (and until its exit is recorded).
    var process: ChildProcess?
    /// ExecSync processes running in the container.
    var execs: [ChildProcess] = []
    /// The last CPU sample (time, cumulative CPU ns) for the usage rate.
    var lastCPU: (time: Int64, usage: UInt64)?

    /// The ListContainers item.
    var listItem: Container {
        Container(id: id, podSandboxId: sandboxID, metadata: metadata, image: image, imageRef: imageRef,
                  state: state, createdAt: ProtoInt64(createdAt), labels: labels, annotations: annotations,
                  imageId: imageID)
    }

    /// The CRI `ContainerStatus`.
    var status: ContainerStatus {
        ContainerStatus(
            id: id, metadata: metadata, state: state, createdAt: ProtoInt64(createdAt),
            startedAt: ProtoInt64(startedAt), finishedAt: ProtoInt64(finishedAt), exitCode: exitCode,
            image: image, imageRef: imageRef, reason: reason, message: message, labels: labels,
            annotations: annotations, mounts: mounts, logPath: logPath, imageId: imageID)
    }
}

/// Everything the `process` runtime knows, guarded by its engine's mutex.
struct ProcessRuntimeState: Sendable {
    var sandboxes: [String: ProcessSandboxRecord] = [:]
    var containers: [String: ProcessContainerRecord] = [:]
    /// Reserved sandbox and container names → the ID holding them.
    var names: [String: String] = [:]
    var images = ProcessImages()
    /// The pod CIDR from UpdateRuntimeConfig.
    var podCIDR = ""
    /// Set when the instance is being destroyed: nothing new starts.
    var closed = false

    /// The sandbox with this ID or unique ID prefix.
    func sandboxID(_ id: String) throws -> String {
        if sandboxes[id] != nil { return id }
        let matches = id.isEmpty ? [] : sandboxes.keys.filter { $0.hasPrefix(id) }
        guard matches.count == 1 else {
            if matches.count > 1 { throw PluginError.invalidArgument("sandbox ID prefix \"\(id)\" is ambiguous") }
            throw PluginError.notFound("an error occurred when try to find sandbox \"\(id)\": not found")
        }
        return matches[0]
    }

    /// The container with this ID or unique ID prefix.
    func containerID(_ id: String) throws -> String {
        if containers[id] != nil { return id }
        let matches = id.isEmpty ? [] : containers.keys.filter { $0.hasPrefix(id) }
        guard matches.count == 1 else {
            if matches.count > 1 { throw PluginError.invalidArgument("container ID prefix \"\(id)\" is ambiguous") }
            throw PluginError.notFound("an error occurred when try to find container \"\(id)\": not found")
        }
        return matches[0]
    }

    /// Whether `labels` has every pair of `selector`.
    static func matches(_ labels: [String: String], _ selector: [String: String]?) -> Bool {
        (selector ?? [:]).allSatisfy { labels[$0.key] == $0.value }
    }
}
