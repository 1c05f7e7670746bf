import Foundation
import Kernel

extension ClusterAPI {
    /// The most evictions a budget may hold unconfirmed in `status.disruptedPods` (Kubernetes'
    /// MaxDisruptedPodSize).
    static let maxDisruptedPods = 2000
    /// How often an eviction starts over when the budget or the pod changed under it.
    static let evictionAttempts = 20

    /// Evicts a pod as Kubernetes' `pods/eviction` subresource does: a pod that is finished,
    /// pending or already being deleted, or that no PodDisruptionBudget selects, is deleted at
    /// once; a pod selected by one budget is deleted only when that budget allows a disruption,
    /// which is then taken from `status.disruptionsAllowed` and recorded in
    /// `status.disruptedPods` (a not-ready pod may go without spending the budget under
    /// `unhealthyPodEvictionPolicy` AlwaysAllow, or under IfHealthyBudget while the budget is
    /// met). The pod gets the `DisruptionTarget` condition before it is deleted with `options`.
    /// Throws 404 for a missing pod, 429 TooManyRequests when the budget forbids the eviction
    /// or has not been processed yet, 500 when several budgets select the pod.
    public func evict(podNamespace: String, podName: String, options: DeleteOptions) async throws {
        try await durably { try evictPod(namespace: podNamespace, name: podName, options: options) }
    }

    /// Thrown inside an eviction attempt when something it read changed: start over.
    private struct EvictionRaced: Error {
        /// The budget whose update conflicted ("" when the pod changed).
        let budget: String
    }

    /// The synchronous eviction. A budget changed by a concurrent eviction is read again and
    /// the eviction retried; after `evictionAttempts` the answer is 504.
    func evictPod(namespace: String, name: String, options: DeleteOptions) throws {
        try DeleteOptionsRequest.validate(options)
        let dryRun = DryRun.active || options.dryRun
        var attempt = 0
        while true {
            attempt += 1
            do {
                try evictOnce(namespace: namespace, name: name, options: options, dryRun: dryRun)
                return
            } catch is EvictionRaced where attempt < Self.evictionAttempts {
                continue
            } catch let raced as EvictionRaced {
                let what = raced.budget.isEmpty ? "evict pod \"\(name)\"" : "update PodDisruptionBudget \"\(raced.budget)\""
                throw APIError(code: 504, reason: "Timeout", message: "couldn't \(what) due to conflicts")
            }
        }
    }

    private func evictOnce(namespace: String, name: String, options: DeleteOptions, dryRun: Bool) throws {
        let stored = try Self.mapStoreErrors(.pods, name) { try store.get(key(.pods, namespace, name)) }
        guard let stored else { throw APIError.notFound(.pods, name) }
        let pod = stored.object
        let userPinned = options.preconditions.resourceVersion != nil
        if Self.evictsWithoutBudget(pod) {
            // A pending pod is deleted only while it is still the pod that was judged pending.
            var pinned = options
            if !userPinned && !Self.isFinished(pod) { pinned.preconditions.resourceVersion = stored.modRevision }
            do {
                return try deleteEvictedPod(pod, options: pinned, dryRun: dryRun)
            } catch let error as APIError where error.code == 409 && !userPinned {
                throw EvictionRaced(budget: "")
            }
        }
        let budgets = try budgetsSelecting(pod, namespace: namespace)
        guard let budget = budgets.first else {
            return try deleteEvictedPod(pod, options: options, dryRun: dryRun)
        }
        guard budgets.count == 1 else {
            throw APIError(code: 500, reason: "InternalError",
                           message: "This pod has more than one PodDisruptionBudget, which the eviction subresource does not support.")
        }
        let budgetName = budget.object.name ?? ""
        if !pod.isReadyPod {
            let status = budget.object["status"]
            let current = status?["currentHealthy"]?.intValue ?? 0
            let desired = status?["desiredHealthy"]?.intValue ?? 0
            let policy = budget.object[path: "spec", "unhealthyPodEvictionPolicy"]?.stringValue ?? "IfHealthyBudget"
            if policy == "AlwaysAllow" || (current >= desired && desired > 0) {
                // Deleted without spending the budget, but only while it is still the pod that
                // was judged unhealthy; if it changed, the client is asked to retry.
                var pinned = options
                if !userPinned { pinned.preconditions.resourceVersion = stored.modRevision }
                do {
                    return try deleteEvictedPod(pod, options: pinned, dryRun: dryRun)
                } catch let error as APIError where error.code == 409 && !userPinned {
                    throw Self.budgetRefusal("The disruption budget \(budgetName) is still being processed by the server.")
                }
            }
        }
        try spendDisruption(budget, podName: name, dryRun: dryRun)
        try deleteEvictedPod(pod, options: options, dryRun: dryRun)
    }

    /// Pods a budget does not protect: finished, not yet running, or already being deleted.
    static func evictsWithoutBudget(_ pod: JSONValue) -> Bool {
        isFinished(pod) || (pod[path: "status", "phase"]?.stringValue ?? "Pending") == "Pending"
    }

    /// Succeeded, Failed, or already being deleted: nothing about the pod can change the
    /// verdict any more.
    static func isFinished(_ pod: JSONValue) -> Bool {
        let phase = pod[path: "status", "phase"]?.stringValue ?? "Pending"
        if phase == "Succeeded" || phase == "Failed" { return true }
        if let deletion = pod[path: "metadata", "deletionTimestamp"], !deletion.isNull { return true }
        return false
    }

    /// The budgets of the pod's namespace whose selector selects it (a null selector selects
    /// nothing, an empty one everything, as in policy/v1).
    private func budgetsSelecting(_ pod: JSONValue, namespace: String) throws -> [StoredObject] {
        let listed = try Self.mapStoreErrors(.podDisruptionBudgets, "") {
            try store.list(resource: ResourceType.podDisruptionBudgets.storageName, namespace: namespace)
        }
        let labels = (pod[path: "metadata", "labels"]?.objectValue ?? [:]).compactMapValues(\.stringValue)
        return listed.items.filter { budget in
            guard let selector = budget.object[path: "spec", "selector"], selector.objectValue != nil else { return false }
            return WorkloadAdmission.selector(selector, matches: labels)
        }
    }

    /// Takes one disruption from the budget and records the pod in `disruptedPods`, on the
    /// revision that was read (a concurrent change starts the eviction over).
    private func spendDisruption(_ budget: StoredObject, podName: String, dryRun: Bool) throws {
        let name = budget.object.name ?? ""
        var status = budget.object["status"] ?? [:]
        let generation = budget.object[path: "metadata", "generation"]?.intValue ?? 0
        if (status["observedGeneration"]?.intValue ?? 0) < generation {
            throw Self.budgetRefusal("The disruption budget \(name) is still being processed by the server.")
        }
        let allowed = status["disruptionsAllowed"]?.intValue ?? 0
        if allowed < 0 {
            throw APIError(code: 403, reason: "Forbidden",
                           message: "poddisruptionbudgets.policy \"\(name)\" is forbidden: pdb disruptions allowed is negative")
        }
        var disrupted = status["disruptedPods"]?.objectValue ?? [:]
        if disrupted.count > Self.maxDisruptedPods {
            throw APIError(code: 403, reason: "Forbidden",
                           message: "poddisruptionbudgets.policy \"\(name)\" is forbidden: DisruptedPods map too big - too many evictions not confirmed by PDB controller")
        }
        if allowed == 0 {
            let desired = status["desiredHealthy"]?.intValue ?? 0
            let current = status["currentHealthy"]?.intValue ?? 0
            throw Self.budgetRefusal("The disruption budget \(name) needs \(desired) healthy pods and has \(current) currently")
        }
        status["disruptionsAllowed"] = .int(allowed - 1)
        if allowed - 1 == 0 {
            status["conditions"] = .array(Self.disruptionAllowedConditions(status, allowed: false))
        }
        if dryRun { return }
        disrupted[podName] = .string(Timestamp.now())
        status["disruptedPods"] = .object(disrupted)
        var updated = budget.object
        updated["status"] = status
        do {
            _ = try store.update(key(.podDisruptionBudgets, budget.object.namespace ?? "", name), object: updated, expectedRevision: budget.modRevision)
        } catch StoreError.conflict {
            throw EvictionRaced(budget: name)
        } catch let error as StoreError {
            throw Self.apiError(for: error, .podDisruptionBudgets, name)
        }
    }

    /// 429 TooManyRequests with Kubernetes' message and a DisruptionBudget cause.
    private static func budgetRefusal(_ cause: String) -> APIError {
        APIError(code: 429, reason: "TooManyRequests", message: "Cannot evict pod as it would violate the pod's disruption budget.",
                 causes: [.init(type: "DisruptionBudget", field: "", message: cause)])
    }

    /// The budget's conditions with `DisruptionAllowed` set for `allowed`.
    private static func disruptionAllowedConditions(_ status: JSONValue, allowed: Bool) -> [JSONValue] {
        var conditions = status["conditions"]?.arrayValue ?? []
        let state = allowed ? "True" : "False"
        let index = conditions.firstIndex { $0["type"]?.stringValue == "DisruptionAllowed" }
        if let index, conditions[index]["status"]?.stringValue == state { return conditions }
        let condition: JSONValue = [
            "type": "DisruptionAllowed", "status": .string(state), "reason": .string(allowed ? "SufficientPods" : "InsufficientPods"),
            "message": "", "observedGeneration": .int(status["observedGeneration"]?.intValue ?? 0),
            "lastTransitionTime": .string(Timestamp.now()),
        ]
        if let index { conditions[index] = condition } else { conditions.append(condition) }
        return conditions
    }

    /// Marks the pod with the `DisruptionTarget` condition and deletes it with `options`. When
    /// the options pin the pod's resourceVersion, the condition is written on that revision (409
    /// when the pod changed) and the deletion pinned to the revision it produced.
    private func deleteEvictedPod(_ pod: JSONValue, options: DeleteOptions, dryRun: Bool) throws {
        let name = pod.name ?? ""
        let namespace = pod.namespace ?? ""
        var options = options
        if !dryRun {
            if let uid = options.preconditions.uid, uid != pod.uid {
                throw APIError(code: 409, reason: "Conflict",
                               message: "Operation cannot be fulfilled on pods \"\(name)\": Precondition failed: UID in precondition: \(uid), UID in object meta: \(pod.uid ?? "")")
            }
            do {
                if let marked = try markDisruptionTarget(pod, expectedRevision: options.preconditions.resourceVersion),
                   options.preconditions.resourceVersion != nil {
                    options.preconditions.resourceVersion = marked
                }
            } catch StoreError.conflict {
                let expected = options.preconditions.resourceVersion ?? 0
                throw APIError(code: 409, reason: "Conflict",
                               message: "Operation cannot be fulfilled on pods \"\(name)\": Precondition failed: ResourceVersion in precondition: \(expected), ResourceVersion in object meta: \(pod.resourceVersion.map(String.init) ?? "")")
            } catch let error as StoreError {
                throw Self.apiError(for: error, .pods, name)
            }
        }
        _ = try deleteObject(.pods, namespace: namespace, name: name, options: options)
    }

    /// Adds `DisruptionTarget` (True, EvictionByEvictionAPI) to the pod's conditions unless it
    /// has it already; returns the revision written, nil when nothing changed.
    private func markDisruptionTarget(_ pod: JSONValue, expectedRevision: Int64?) throws -> Int64? {
        var conditions = pod[path: "status", "conditions"]?.arrayValue ?? []
        let existing = conditions.firstIndex { $0["type"]?.stringValue == "DisruptionTarget" }
        if let existing, conditions[existing]["status"]?.stringValue == "True",
           conditions[existing]["reason"]?.stringValue == "EvictionByEvictionAPI" { return nil }
        let condition: JSONValue = [
            "type": "DisruptionTarget", "status": "True", "reason": "EvictionByEvictionAPI",
            "message": "Eviction API: evicting", "lastProbeTime": .null, "lastTransitionTime": .string(Timestamp.now()),
        ]
        if let existing { conditions[existing] = condition } else { conditions.append(condition) }
        let storeKey = key(.pods, pod.namespace ?? "", pod.name ?? "")
        if let expectedRevision {
            var updated = pod
            updated[path: "status", "conditions"] = .array(conditions)
            return try store.update(storeKey, object: updated, expectedRevision: expectedRevision).modRevision
        }
        return try store.guaranteedUpdate(storeKey) { current in
            var updated = current
            var currentConditions = (current[path: "status", "conditions"]?.arrayValue ?? []).filter { $0["type"]?.stringValue != "DisruptionTarget" }
            currentConditions.append(condition)
            updated[path: "status", "conditions"] = .array(currentConditions)
            return updated
        }.modRevision
    }
}

extension JSONValue {
    /// The pod's Ready condition is True.
    fileprivate var isReadyPod: Bool {
        (self[path: "status", "conditions"]?.arrayValue ?? []).contains {
            $0["type"]?.stringValue == "Ready" && $0["status"]?.stringValue == "True"
        }
    }
}
