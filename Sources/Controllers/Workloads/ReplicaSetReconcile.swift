import Foundation
import Kernel

extension ReplicaSetController {
    /// Reconciles one ReplicaSet key.
    func reconcile(_ key: ObjectKey) async throws -> ReconcileResult {
        // Expectations first, then the cache: when they are satisfied, every pod they waited
        // for is already in the list read below (the reverse order could count a pod as seen
        // that the list missed, and create it again).
        let needsSync = expectations.satisfied(key)
        guard let replicaSet = replicaSets.get(key) else {
            expectations.forget(key)
            return .done
        }
        let candidatePods = ControllerRefClaimer.candidates(in: pods, for: replicaSet)
        guard let selector = LabelMatcher(selector: replicaSet[path: "spec", "selector"]), !selector.isEmpty else {
            logger.warning("replicaset has an empty or invalid selector; not reconciling it", metadata: ["replicaset": "\(key)"])
            return .done
        }
        let claimer = ControllerRefClaimer(
            client: client, owner: replicaSet, ownerType: .replicaSets, dependentType: .pods, selector: selector, logger: logger)
        let owned = try await claimer.claim(candidatePods.filter(\.isActivePod))

        var manageError: (any Error)?
        if needsSync && !replicaSet.isBeingDeleted {
            do {
                try await manageReplicas(replicaSet, key: key, pods: owned)
            } catch {
                manageError = error
            }
        }
        let now = Date()
        let status = ReplicaSetStatusBuilder(replicaSet: replicaSet, pods: owned, now: now)
        let diff = Int64(owned.count) - replicaSet.specReplicas
        try await ConflictRetry.updateStatus(client, .replicaSets, replicaSet) { object in
            object["status"] = status.build(previous: object["status"], manageError: manageError, scaleDirection: diff)
        }
        if let manageError { throw manageError }
        return status.nextAvailability.map(ReconcileResult.requeueAfter) ?? .done
    }

    /// Creates or deletes pods so that `pods` (the active pods the ReplicaSet owns) reaches
    /// spec.replicas, at most `burstReplicas` per reconcile.
    private func manageReplicas(_ replicaSet: JSONValue, key: ObjectKey, pods: [JSONValue]) async throws {
        let diff = pods.count - Int(replicaSet.specReplicas)
        if diff < 0 {
            let count = min(-diff, options.burstReplicas)
            expectations.expectCreations(key, count: count)
            let template = PodFactory(replicaSet: replicaSet)
            let result = await Self.slowStart(count) { [client, expectations, events] in
                do {
                    let pod = try await client.create(.pods, namespace: key.namespace, object: template.pod())
                    await events.record(replicaSet, type: .replicaSets, reason: "SuccessfulCreate", message: "Created pod: \(pod.name ?? "")")
                } catch {
                    expectations.creationObserved(key)
                    await events.record(replicaSet, type: .replicaSets, eventType: "Warning", reason: "FailedCreate", message: "Error creating: \(error)")
                    throw error
                }
            }
            if result.attempted < count {
                expectations.creationsSkipped(key, count: count - result.attempted)
            }
            if result.attempted > 0 {
                logger.debug("created pods", metadata: ["replicaset": "\(key)", "created": "\(result.succeeded)", "wanted": "\(count)"])
            }
            if let error = result.error { throw error }
        } else if diff > 0 {
            let count = min(diff, options.burstReplicas)
            let victims = PodDeletionRanking.choose(count, from: pods, related: pods)
            expectations.expectDeletions(key, dependents: victims.map { ObjectKey($0).description })
            let firstError = await withTaskGroup(of: (any Error)?.self) { [client, expectations, events] group in
                for pod in victims {
                    group.addTask {
                        let podName = pod.name ?? ""
                        do {
                            _ = try await client.delete(.pods, namespace: key.namespace, name: podName)
                            await events.record(replicaSet, type: .replicaSets, reason: "SuccessfulDelete", message: "Deleted pod: \(podName)")
                            return nil
                        } catch {
                            expectations.deletionObserved(key, dependent: ObjectKey(pod).description)
                            if isNotFound(error) { return nil }
                            await events.record(replicaSet, type: .replicaSets, eventType: "Warning", reason: "FailedDelete", message: "Error deleting: \(error)")
                            return error
                        }
                    }
                }
                var first: (any Error)?
                for await error in group where first == nil { first = error }
                return first
            }
            if let firstError { throw firstError }
        }
    }

    /// Runs `count` calls in batches of 1, 2, 4, ... concurrently within a batch, stopping after
    /// the first batch with a failure (so a quota or admission error costs one call, not
    /// hundreds). Returns how many calls were made and succeeded, and the first error.
    static func slowStart(
        _ count: Int, _ call: @escaping @Sendable () async throws -> Void
    ) async -> (attempted: Int, succeeded: Int, error: (any Error)?) {
        var remaining = count
        var batch = min(1, remaining)
        var attempted = 0
        var succeeded = 0
        while batch > 0 {
            let size = batch
            let (ok, firstError) = await withTaskGroup(of: (any Error)?.self) { group in
                for _ in 0..<size {
                    group.addTask {
                        do {
                            try await call()
                            return nil
                        } catch {
                            return error
                        }
                    }
                }
                var ok = 0
                var first: (any Error)?
                for await error in group {
                    if let error { first = first ?? error } else { ok += 1 }
                }
                return (ok, first)
            }
            attempted += size
            succeeded += ok
            if let firstError { return (attempted, succeeded, firstError) }
            remaining -= size
            batch = min(remaining, size * 2)
        }
        return (attempted, succeeded, nil)
    }
}

/// Builds the pods of a ReplicaSet from its template.
struct PodFactory: Sendable {
    let replicaSet: JSONValue

    /// A new pod: the template's labels, annotations, finalizers and spec, `generateName`
    /// `<rs>-`, and the ReplicaSet as its controller.
    func pod() -> JSONValue {
        let template = replicaSet[path: "spec", "template"] ?? [:]
        var metadata: JSONValue = [
            "generateName": .string("\(replicaSet.name ?? "")-"),
            "namespace": .string(replicaSet.namespace ?? ""),
            "ownerReferences": [OwnerReference(controllerOf: replicaSet, type: .replicaSets).json],
        ]
        for field in ["labels", "annotations", "finalizers"] {
            if let value = template[path: "metadata", field], !value.isNull { metadata[field] = value }
        }
        return ["apiVersion": "v1", "kind": "Pod", "metadata": metadata, "spec": template["spec"] ?? [:]]
    }
}
