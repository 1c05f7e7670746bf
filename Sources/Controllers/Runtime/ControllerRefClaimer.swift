import Kernel
import Logging

/// Decides which dependents an owner controls, as Kubernetes' controller-ref manager does:
/// a dependent whose controller reference is the owner stays owned while the selector matches
/// it and is released (its reference removed) when it stops matching; an orphan that matches
/// is adopted (the owner's controller reference added) unless the owner is being deleted;
/// dependents controlled by someone else are left alone.
public struct ControllerRefClaimer: Sendable {
    /// The client used to adopt and release.
    public let client: any ObjectClient
    /// The owner (its uid, name and deletion state are read).
    public let owner: JSONValue
    /// The owner's type, for the reference's apiVersion/kind and the fresh uid check.
    public let ownerType: ResourceType
    /// The dependents' type.
    public let dependentType: ResourceType
    /// The owner's selector.
    public let selector: LabelMatcher
    private let logger: Logger

    /// Creates a claimer for one reconcile of one owner.
    public init(client: any ObjectClient, owner: JSONValue, ownerType: ResourceType, dependentType: ResourceType, selector: LabelMatcher, logger: Logger) {
        self.client = client
        self.owner = owner
        self.ownerType = ownerType
        self.dependentType = dependentType
        self.selector = selector
        self.logger = logger
    }

    /// The name of the dependents' index by controller: "namespace/uid", "namespace/" for orphans.
    public static let controllerIndex = "controller"

    /// Files the informer's objects by namespace and controller uid; idempotent. The lookups
    /// below install it themselves, so a claim never scans the namespace.
    public static func index(_ dependents: Informer) {
        dependents.addIndex(controllerIndex) { object in
            ["\(object.namespace ?? "")/\(object.controllerReference?.uid ?? "")"]
        }
    }

    /// The cached dependents `owner` controls.
    public static func controlled(in dependents: Informer, by owner: JSONValue) -> [JSONValue] {
        guard let uid = owner.uid, !uid.isEmpty else { return [] }
        index(dependents)
        return dependents.byIndex(controllerIndex, "\(owner.namespace ?? "")/\(uid)")
    }

    /// What a claim by `owner` has to look at: the dependents it controls and the orphans of its
    /// namespace (those controlled by others are never claimed).
    public static func candidates(in dependents: Informer, for owner: JSONValue) -> [JSONValue] {
        index(dependents)
        return controlled(in: dependents, by: owner) + dependents.byIndex(controllerIndex, "\(owner.namespace ?? "")/")
    }

    /// Returns the candidates the owner controls after adopting and releasing. Throws the
    /// first adoption/release failure after trying them all (the owner is then reconciled again).
    public func claim(_ candidates: [JSONValue]) async throws -> [JSONValue] {
        guard let ownerUID = owner.uid else { return [] }
        var owned: [JSONValue] = []
        var canAdopt: Bool?
        var firstError: (any Error)?
        for candidate in candidates {
            do {
                if let reference = candidate.controllerReference {
                    guard reference.uid == ownerUID else { continue }
                    if selector.matches(candidate.labels) {
                        owned.append(candidate)
                    } else if !owner.isBeingDeleted {
                        try await release(candidate, ownerUID: ownerUID)
                    }
                    continue
                }
                guard !owner.isBeingDeleted, !candidate.isBeingDeleted, !selector.isEmpty,
                    selector.matches(candidate.labels)
                else { continue }
                if canAdopt == nil { canAdopt = try await ownerIsCurrent(uid: ownerUID) }
                guard canAdopt == true else { continue }
                if let adopted = try await adopt(candidate, ownerUID: ownerUID) { owned.append(adopted) }
            } catch where isNotFound(error) {
                continue
            } catch {
                if firstError == nil { firstError = error }
            }
        }
        if let firstError { throw firstError }
        return owned
    }

    /// Before the first adoption, checks with a live read that the owner is still the object
    /// the cache shows and is not being deleted (so a deleted-and-recreated owner adopts nothing).
    private func ownerIsCurrent(uid: String) async throws -> Bool {
        do {
            let fresh = try await client.get(ownerType, namespace: owner.namespace ?? "", name: owner.name ?? "")
            return fresh.uid == uid && !fresh.isBeingDeleted
        } catch where isNotFound(error) {
            return false
        }
    }

    private func adopt(_ dependent: JSONValue, ownerUID: String) async throws -> JSONValue? {
        let reference = OwnerReference(controllerOf: owner, type: ownerType)
        let adopted = try await ConflictRetry.update(client, dependentType, dependent) { object in
            guard object.controllerReference == nil, !object.isBeingDeleted, selector.matches(object.labels) else { return false }
            var references = (object[path: "metadata", "ownerReferences"]?.arrayValue ?? [])
                .filter { $0["uid"]?.stringValue != ownerUID }
            references.append(reference.json)
            object[path: "metadata", "ownerReferences"] = .array(references)
            return true
        }
        if adopted != nil {
            logger.info("adopted", metadata: ["owner": "\(ObjectKey(owner))", "dependent": "\(ObjectKey(dependent))", "kind": "\(dependentType.kind)"])
        }
        return adopted
    }

    private func release(_ dependent: JSONValue, ownerUID: String) async throws {
        let released = try await ConflictRetry.update(client, dependentType, dependent) { object in
            guard object.controllerReference?.uid == ownerUID else { return false }
            let references = (object[path: "metadata", "ownerReferences"]?.arrayValue ?? [])
                .filter { $0["uid"]?.stringValue != ownerUID }
            object[path: "metadata", "ownerReferences"] = references.isEmpty ? nil : .array(references)
            return true
        }
        if released != nil {
            logger.info("released", metadata: ["owner": "\(ObjectKey(owner))", "dependent": "\(ObjectKey(dependent))", "kind": "\(dependentType.kind)"])
        }
    }
}
