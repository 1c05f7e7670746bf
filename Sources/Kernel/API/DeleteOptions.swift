/// Conditions a delete must meet (Kubernetes' `DeleteOptions.preconditions`).
public struct DeletePreconditions: Sendable, Hashable {
    /// The object must have this uid.
    public var uid: String?
    /// The object's latest change must be this revision.
    public var resourceVersion: Int64?

    /// No preconditions.
    public static let none = DeletePreconditions()

    /// Creates preconditions.
    public init(uid: String? = nil, resourceVersion: Int64? = nil) {
        self.uid = uid
        self.resourceVersion = resourceVersion
    }
}

/// What happens to the dependents of a deleted owner (`DeleteOptions.propagationPolicy`).
public enum PropagationPolicy: String, Sendable, Hashable, CaseIterable {
    /// The owner waits (finalizer `foregroundDeletion`) until its blocking dependents are gone.
    case foreground = "Foreground"
    /// The owner goes at once; the garbage collector deletes the dependents afterwards.
    case background = "Background"
    /// The dependents stay, without the owner reference (finalizer `orphan`).
    case orphan = "Orphan"
}

/// Kubernetes' `DeleteOptions`: grace period, propagation, preconditions and dry run.
public struct DeleteOptions: Sendable, Hashable {
    /// Seconds before the object is removed; nil: the kind's default (a pod's
    /// `terminationGracePeriodSeconds`), 0: at once.
    public var gracePeriodSeconds: Int64?
    /// How dependents are treated; nil: the kind's default.
    public var propagationPolicy: PropagationPolicy?
    /// The deprecated `orphanDependents` flag (true: Orphan, false: not Orphan).
    public var orphanDependents: Bool?
    /// What must hold for the delete to happen.
    public var preconditions: DeletePreconditions
    /// Only report what would happen.
    public var dryRun: Bool

    /// Creates options; every field defaults to "not given".
    public init(gracePeriodSeconds: Int64? = nil, propagationPolicy: PropagationPolicy? = nil, orphanDependents: Bool? = nil,
                preconditions: DeletePreconditions = .none, dryRun: Bool = false) {
        self.gracePeriodSeconds = gracePeriodSeconds
        self.propagationPolicy = propagationPolicy
        self.orphanDependents = orphanDependents
        self.preconditions = preconditions
        self.dryRun = dryRun
    }
}

/// A client that honours `DeleteOptions` (the API server's in-process client does).
public protocol DeleteOptionsClient: Sendable {
    /// Deletes an object under `options` and returns its state afterwards: the last state when
    /// it was removed, the object with `metadata.deletionTimestamp` when its removal is pending.
    func deleteWithOptions(_ type: ResourceType, namespace: String, name: String, options: DeleteOptions) async throws -> JSONValue
}

extension ObjectClient {
    /// Deletes an object under `options` when the client supports them (see
    /// `DeleteOptionsClient`), otherwise with the plain delete.
    public func delete(_ type: ResourceType, namespace: String, name: String, options: DeleteOptions) async throws -> JSONValue {
        if let capable = self as? any DeleteOptionsClient {
            return try await capable.deleteWithOptions(type, namespace: namespace, name: name, options: options)
        }
        return try await delete(type, namespace: namespace, name: name)
    }
}
