import Foundation
import Kernel

/// What a delete does to one stored object, decided from its kind, its state and the
/// request's `DeleteOptions`, as Kubernetes' generic registry and pod strategy decide it.
enum DeletionPlan: Equatable {
    /// Remove it from the store now.
    case remove
    /// Keep it, written as this (deletionTimestamp, grace period, finalizers).
    case mark(JSONValue)

    /// Decides the plan. Throws 409 when a terminating Namespace is deleted again while its
    /// content is still being removed.
    static func make(_ type: ResourceType, _ current: JSONValue, options: DeleteOptions, now: Date) throws -> DeletionPlan {
        var object = current
        applyPropagation(type, &object, options)
        if type == .namespaces { return try namespacePlan(object, now: now) }
        let grace = type == .pods ? podGracePeriod(object, options) : 0
        let finalizers = object.finalizerList
        guard object.hasDeletionTimestamp else {
            if finalizers.isEmpty && grace == 0 { return .remove }
            object.markDeleted(at: now.addingTimeInterval(TimeInterval(grace)), grace: grace)
            return .mark(object)
        }
        // Already being deleted: a shorter grace period moves the deadline earlier; never later.
        let pending = object.deletionGracePeriod ?? 0
        if grace < pending {
            let deadline = (object.deletionDate ?? now).addingTimeInterval(-TimeInterval(pending - grace))
            object.markDeleted(at: deadline, grace: grace)
        }
        if finalizers.isEmpty && (object.deletionGracePeriod ?? 0) == 0 { return .remove }
        return .mark(object)
    }

    /// The propagation the request asks for, else the kind's default: Orphan for batch/v1 Jobs
    /// (kept for compatibility, as Kubernetes does), none otherwise (which keeps an `orphan`
    /// finalizer already there).
    static func policy(_ type: ResourceType, _ options: DeleteOptions) -> PropagationPolicy? {
        if let policy = options.propagationPolicy { return policy }
        if let orphan = options.orphanDependents { return orphan ? .orphan : .background }
        if type == .jobs { return .orphan }
        if type == .replicaSets || type == .deployments { return .background }
        return nil
    }

    /// Adds or removes the garbage collector's finalizers for the propagation policy.
    private static func applyPropagation(_ type: ResourceType, _ object: inout JSONValue, _ options: DeleteOptions) {
        guard let policy = policy(type, options) else { return }
        if policy == .background && options.propagationPolicy == nil && options.orphanDependents == nil { return }
        var finalizers = object.finalizerList
        finalizers.removeAll { $0 == GCFinalizer.orphan || $0 == GCFinalizer.foreground }
        switch policy {
        case .orphan: finalizers.append(GCFinalizer.orphan)
        case .foreground: finalizers.append(GCFinalizer.foreground)
        case .background: break
        }
        // Keep the order of the finalizers that were there.
        let before = object.finalizerList
        let kept = before.filter(finalizers.contains)
        object.finalizerList = kept + finalizers.filter { !kept.contains($0) }
    }

    /// A pod's grace period: the request's, else `terminationGracePeriodSeconds`, else 30;
    /// negative values count as 1; 0 for a pod no node runs (unbound or finished).
    static func podGracePeriod(_ pod: JSONValue, _ options: DeleteOptions) -> Int64 {
        var grace = options.gracePeriodSeconds ?? pod[path: "spec", "terminationGracePeriodSeconds"]?.intValue ?? 30
        if grace < 0 { grace = 1 }
        if (pod[path: "spec", "nodeName"]?.stringValue ?? "").isEmpty { return 0 }
        if let phase = pod[path: "status", "phase"]?.stringValue, phase == "Succeeded" || phase == "Failed" { return 0 }
        return grace
    }

    /// A Namespace is marked Terminating; the namespace controller empties it and removes the
    /// `kubernetes` finalizer, which removes it.
    private static func namespacePlan(_ object: JSONValue, now: Date) throws -> DeletionPlan {
        var object = object
        let empty = object.namespaceFinalizers.isEmpty && object.finalizerList.isEmpty
        if object.hasDeletionTimestamp {
            if empty { return .remove }
            if !object.namespaceFinalizers.isEmpty {
                throw APIError(code: 409, reason: "Conflict", message: "Operation cannot be fulfilled on namespaces \"\(object.name ?? "")\": The system is ensuring all content is removed from this namespace.  Upon completion, this namespace will automatically be purged by the system.")
            }
            return .mark(object)
        }
        if empty { return .remove }
        object.markDeleted(at: now, grace: 0)
        object[path: "status", "phase"] = "Terminating"
        return .mark(object)
    }
}
