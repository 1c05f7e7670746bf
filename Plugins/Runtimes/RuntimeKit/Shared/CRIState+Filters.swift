import Foundation
import PluginSDK

/// CRI's list filters (ID prefix, sandbox ID prefix, state, label selector), oldest first.
extension CRIState {
    /// The sandboxes ListPodSandbox's filter matches.
    func sandboxes(matching filter: PodSandboxFilter?) -> [SandboxRecord] {
        sandboxes.values.filter { sandbox in
            if let id = filter?.id, !id.isEmpty, !sandbox.id.hasPrefix(id) { return false }
            if let wanted = filter?.state?.state, sandbox.state != wanted { return false }
            return Self.matches(sandbox.labels, filter?.labelSelector)
        }.oldestFirst(by: \.createdAt)
    }

    /// The containers ListContainers' filter matches.
    func containers(matching filter: ContainerFilter?) -> [ContainerRecord<Details>] {
        let wanted = filter?.state?.state
        return containers(id: filter?.id, sandboxID: filter?.podSandboxId, labels: filter?.labelSelector) { container in
            wanted.map { container.state == $0 } ?? true
        }
    }

    /// The containers ListContainerStats' filter matches (in any state).
    func containers(matching filter: ContainerStatsFilter?) -> [ContainerRecord<Details>] {
        containers(id: filter?.id, sandboxID: filter?.podSandboxId, labels: filter?.labelSelector) { _ in true }
    }

    /// The containers whose ID starts with `id` and sandbox ID with `sandboxID` (nil or empty:
    /// any), that carry every label of `labels` and pass `more`.
    private func containers(
        id: String?, sandboxID: String?, labels: [String: String]?, more: (ContainerRecord<Details>) -> Bool
    ) -> [ContainerRecord<Details>] {
        containers.values.filter { container in
            if let id, !id.isEmpty, !container.id.hasPrefix(id) { return false }
            if let sandboxID, !sandboxID.isEmpty, !container.sandboxID.hasPrefix(sandboxID) { return false }
            return more(container) && Self.matches(container.labels, labels)
        }.oldestFirst(by: \.createdAt)
    }
}
