import Foundation
import PluginSDK

/// Reserving names and recording new containers.
extension CRIState {
    /// ALREADY_EXISTS with `conflict(holder)` when a sandbox or container holds `name`.
    func ensureFree(_ name: String, conflict: (_ holder: String) -> String) throws {
        if let holder = names[name] { throw PluginError.alreadyExists(conflict(holder)) }
    }

    /// Reserves `name` and records a CREATED container of `config` in `sandbox` under a new ID
    /// (its log file where the sandbox's log directory and the config's log path put it);
    /// returns the ID. `image` is the image as the status shows it.
    mutating func addContainer(
        _ config: ContainerConfig, metadata: ContainerMetadata, name: String, in sandbox: SandboxRecord,
        image: String, imageID: String, imageRef: String, environment: [(String, String)], now: Int64,
        details: Details
    ) -> String {
        let id = Identifiers.random()
        names[name] = id
        containers[id] = ContainerRecord(
            id: id, sandboxID: sandbox.id, name: name, metadata: metadata,
            image: ImageSpec(image: image, annotations: config.image?.annotations ?? [:],
                             userSpecifiedImage: config.image?.userSpecifiedImage ?? ""),
            imageID: imageID, imageRef: imageRef,
            labels: config.labels ?? [:], annotations: config.annotations ?? [:], mounts: config.mounts ?? [],
            logPath: ContainerLog.path(directory: sandbox.config.logDirectory, file: config.logPath),
            environment: environment, createdAt: now, details: details)
        return id
    }

    /// The ID of the container (by ID or unique prefix) that may start now: CREATED, in a READY sandbox.
    func startableContainerID(_ requested: String) throws -> String {
        let id = try containerID(requested)
        guard let record = containers[id] else { throw PluginError.internalError("container vanished") }
        guard record.state == .CONTAINER_CREATED else {
            throw PluginError.failedPrecondition("container \"\(id)\" is in \(record.state.rawValue) state")
        }
        guard sandboxes[record.sandboxID]?.state == .SANDBOX_READY else {
            throw PluginError.failedPrecondition("sandbox container \"\(record.sandboxID)\" is not running")
        }
        return id
    }
}
