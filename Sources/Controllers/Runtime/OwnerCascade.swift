import Kernel
import Logging

/// Deletes the dependents of an owner that is gone. A stand-in for the garbage collector
/// (issue 7): until it exists, the Deployment controller removes the ReplicaSets of a deleted
/// Deployment and the ReplicaSet controller the Pods of a deleted ReplicaSet. The owner's
/// absence is confirmed with a live read first, so a cache that lags never causes a deletion.
public struct OwnerCascade: Sendable {
    /// The client used to check owners and delete dependents.
    public let client: any ObjectClient
    private let logger: Logger

    /// Creates the cascade.
    public init(client: any ObjectClient, logger: Logger) {
        self.client = client
        self.logger = logger
    }

    /// Among `candidates`, deletes those whose controller reference names the `ownerType`
    /// object `namespace/ownerName` when that owner no longer exists or is a different object
    /// (another uid). Returns how many deletions were issued.
    @discardableResult
    public func deleteDependents(
        of ownerType: ResourceType, namespace: String, ownerName: String,
        dependentType: ResourceType, candidates: [JSONValue]
    ) async throws -> Int {
        let dependents = candidates.filter { candidate in
            guard let reference = candidate.controllerReference else { return false }
            return reference.kind == ownerType.kind && reference.name == ownerName && !candidate.isBeingDeleted
        }
        guard !dependents.isEmpty else { return 0 }
        var liveUID: String?
        do {
            liveUID = try await client.get(ownerType, namespace: namespace, name: ownerName).uid
        } catch where isNotFound(error) {
            liveUID = nil
        }
        var deleted = 0
        for dependent in dependents where dependent.controllerReference?.uid != liveUID || liveUID == nil {
            do {
                _ = try await client.delete(dependentType, namespace: namespace, name: dependent.name ?? "")
                deleted += 1
            } catch where isNotFound(error) {
                continue
            }
        }
        if deleted > 0 {
            logger.info("deleted dependents of a deleted owner", metadata: [
                "owner": "\(ownerType.kind) \(namespace)/\(ownerName)", "kind": "\(dependentType.kind)", "count": "\(deleted)",
            ])
        }
        return deleted
    }
}
