import Foundation

/// What an engine keeps of a container beyond the CRI record (its process, how it runs).
protocol ContainerDetails: Sendable {
    /// The argv the container runs, for a verbose ContainerStatus.
    var argv: [String] { get }
    /// The pid of its running main process, for a verbose ContainerStatus; nil when the engine
    /// has no real process to report.
    var reportedPID: Int? { get }
}

/// One container, as every engine records it, with the engine's own `details` (reachable
/// directly: `record.process` reads `record.details.process`).
@dynamicMemberLookup
struct ContainerRecord<Details: ContainerDetails>: Sendable {
    /// The container ID.
    let id: String
    /// The sandbox it belongs to.
    let sandboxID: String
    /// The reserved unique name (the fakes: see `RuntimeFlavor.containerName`).
    let name: String
    /// The metadata CreateContainer gave.
    let metadata: ContainerMetadata
    /// The image as the container status reports it (the normalised reference it was created from).
    let image: ImageSpec
    /// `sha256:<id>` of the image.
    let imageID: String
    /// The image reference the status reports (a repo digest, the engine's way).
    let imageRef: String
    /// The config's labels.
    let labels: [String: String]
    /// The config's annotations.
    let annotations: [String: String]
    /// The config's mounts.
    let mounts: [Mount]
    /// The CRI log file (empty when the kubelet gave no log directory/path).
    let logPath: String
    /// The environment its processes get.
    let environment: [(String, String)]
    /// Creation time, in nanoseconds since the epoch.
    let createdAt: Int64

    /// CREATED, RUNNING or EXITED.
    var state: ContainerState = .CONTAINER_CREATED
    /// When it started (0: not yet).
    var startedAt: Int64 = 0
    /// When it exited (0: not yet).
    var finishedAt: Int64 = 0
    /// Its exit code once exited.
    var exitCode: Int32 = 0
    /// Why it exited ("Completed", "Error", "OOMKilled", …).
    var reason = ""
    /// A message about the exit.
    var message = ""
    /// The engine's own state of the container.
    var details: Details

    /// Reads and writes the engine's details as if they were the record's own fields.
    subscript<T>(dynamicMember keyPath: WritableKeyPath<Details, T>) -> T {
        get { details[keyPath: keyPath] }
        set { details[keyPath: keyPath] = newValue }
    }

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

    /// The `info` of a verbose ContainerStatus: the sandbox, the pid where there is one, the argv.
    var verboseInfo: String {
        let argv = (try? JSONSerialization.data(withJSONObject: details.argv)).map { String(decoding: $0, as: UTF8.self) } ?? "[]"
        let pid = details.reportedPID.map { ",\"pid\":\($0)" } ?? ""
        return "{\"sandboxID\":\"\(sandboxID)\"\(pid),\"args\":\(argv)}"
    }
}
