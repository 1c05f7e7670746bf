import Foundation
import Kernel

/// Kubernetes' stale pod disruption cleanup: the eviction API (and preemption) mark a pod with
/// `DisruptionTarget=True` just before deleting it. When the deletion never came — the pod is
/// still not being deleted `stalePodDisruptionTimeout` after the condition was set — the
/// condition is set back to False, so the pod is no longer reported as about to go.
extension DisruptionController {
    /// When the pod got `DisruptionTarget=True`, if it has it and is not being deleted.
    static func disruptionTargetSince(_ pod: JSONValue) -> Date? {
        guard !pod.isBeingDeleted, let condition = pod.statusCondition("DisruptionTarget"),
              condition["status"]?.stringValue == "True" else { return nil }
        return condition["lastTransitionTime"]?.stringValue.flatMap(KubeTime.parse) ?? .distantPast
    }

    /// Clears one pod's stale DisruptionTarget condition, or waits until it would be stale.
    func reconcileStalePod(_ key: ObjectKey) async throws -> ReconcileResult {
        guard let pod = pods.get(key), let since = Self.disruptionTargetSince(pod) else { return .done }
        let timeout = Double(stalePodDisruptionTimeout.components.seconds) + Double(stalePodDisruptionTimeout.components.attoseconds) / 1e18
        let remaining = since.addingTimeInterval(timeout).timeIntervalSinceNow
        if remaining > 0 { return .requeueAfter(.milliseconds(Int64(remaining * 1000) + 100)) }
        let now = KubeTime.now()
        try await ConflictRetry.updateStatus(client, .pods, pod) { object in
            guard Self.disruptionTargetSince(object) != nil else { return }
            let conditions = (object[path: "status", "conditions"]?.arrayValue ?? []).map { condition -> JSONValue in
                guard condition["type"]?.stringValue == "DisruptionTarget" else { return condition }
                return ["type": "DisruptionTarget", "status": "False", "lastProbeTime": .null, "lastTransitionTime": .string(now)]
            }
            object[path: "status", "conditions"] = .array(conditions)
        }
        logger.debug("cleared a stale DisruptionTarget condition", metadata: ["pod": "\(key)"])
        return .done
    }
}
