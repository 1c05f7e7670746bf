import Kernel

extension RuntimeService {
    /// Reads `ContainerStatus` for every container of the pod not yet known to have exited. A
    /// container the runtime no longer knows counts as exited with Kubernetes'
    /// ContainerStatusUnknown (exit code 137).
    func refresh(_ record: inout PodRecord) async {
        for (name, container) in record.containers where container.snapshot?.state != .exited {
            do {
                record.containers[name]?.snapshot = try await containerStatus(container.id) ?? ContainerSnapshot.lost(container.id, name: name)
            } catch {
                // The runtime did not answer; keep what was known and look again next sync.
                continue
            }
        }
    }
}

extension ContainerSnapshot {
    /// The status of a container the runtime lost.
    static func lost(_ id: String, name: String) -> ContainerSnapshot {
        ContainerSnapshot(status: [
            "id": .string(id), "metadata": ["name": .string(name)], "state": "CONTAINER_EXITED",
            "exitCode": 137, "reason": "ContainerStatusUnknown",
            "message": "The container could not be located when the pod was terminated",
        ], fallbackID: id)
    }
}
