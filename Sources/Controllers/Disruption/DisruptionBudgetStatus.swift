import Foundation
import Kernel

/// The status Kubernetes' disruption controller computes for one PodDisruptionBudget from the
/// pods it selects: expected pods, desired and current healthy counts, the disruptions allowed
/// and the evictions (`disruptedPods`) still waiting for their pod to go.
struct DisruptionBudgetStatus: Equatable {
    /// How long an eviction recorded in `disruptedPods` waits for its pod to be deleted before it
    /// is dropped (Kubernetes' DeletionTimeout).
    static let deletionTimeout: TimeInterval = 120

    /// How many pods the budget counts.
    var expectedPods: Int64
    /// How many must be healthy.
    var desiredHealthy: Int64
    /// How many are healthy: Ready, not being deleted, not recently evicted.
    var currentHealthy: Int64
    /// How many may be disrupted now.
    var disruptionsAllowed: Int64
    /// Evictions whose pod has not gone yet, by pod name, with when they were accepted.
    var disruptedPods: [String: String]
    /// When the earliest pending eviction expires (the budget is looked at again then).
    var recheckAt: Date?
    /// Selected pods without a controller (they count only under an integer minAvailable).
    var unmanagedPods: [String]

    /// Computes the status of `budget` over the pods its selector selects at `now`. Throws
    /// `ControllerScale.Failure` when a pod's controller cannot be found where the scale is
    /// needed.
    static func compute(_ budget: JSONValue, pods: [JSONValue], scale: ControllerScale, now: Date) throws -> DisruptionBudgetStatus {
        var expected: Int64 = 0
        var desired: Int64 = 0
        var unmanaged: [String] = []
        let minAvailable = budget[path: "spec", "minAvailable"].flatMap { $0.isNull ? nil : $0 }
        let maxUnavailable = budget[path: "spec", "maxUnavailable"].flatMap { $0.isNull ? nil : $0 }
        if let maxUnavailable {
            (expected, unmanaged) = try scale.expectedPods(pods)
            desired = max(0, expected - scaled(maxUnavailable, of: expected))
        } else if let minAvailable {
            if let count = minAvailable.intValue {
                desired = count
                expected = Int64(pods.count)
            } else {
                (expected, unmanaged) = try scale.expectedPods(pods)
                desired = scaled(minAvailable, of: expected)
            }
        }
        let (disrupted, recheck) = pendingEvictions(budget, pods: pods, now: now)
        let healthy = Int64(pods.filter { !$0.isBeingDeleted && disrupted[$0.name ?? ""] == nil && $0.isPodReady }.count)
        var allowed = healthy - desired
        if expected <= 0 || allowed <= 0 { allowed = 0 }
        return DisruptionBudgetStatus(expectedPods: expected, desiredHealthy: desired, currentHealthy: healthy, disruptionsAllowed: allowed,
                                      disruptedPods: disrupted, recheckAt: recheck, unmanagedPods: unmanaged)
    }

    /// An IntOrString against `total`: the integer itself, or the percentage of `total`
    /// rounded up (Kubernetes' GetScaledValueFromIntOrPercent with roundUp, as the disruption
    /// controller uses it).
    static func scaled(_ value: JSONValue, of total: Int64) -> Int64 {
        if let number = value.intValue { return number }
        guard let text = value.stringValue, text.hasSuffix("%"), let percent = Int64(text.dropLast()) else { return 0 }
        return (percent * total + 99) / 100
    }

    /// The evictions of `status.disruptedPods` still pending at `now`: their pod exists, is not
    /// being deleted and was evicted less than `deletionTimeout` ago. Also when the earliest of
    /// them expires.
    static func pendingEvictions(_ budget: JSONValue, pods: [JSONValue], now: Date) -> ([String: String], Date?) {
        let recorded = budget[path: "status", "disruptedPods"]?.objectValue ?? [:]
        guard !recorded.isEmpty else { return ([:], nil) }
        var pending: [String: String] = [:]
        var recheck: Date?
        for pod in pods where !pod.isBeingDeleted {
            guard let name = pod.name, let stamp = recorded[name]?.stringValue, let since = KubeTime.parse(stamp) else { continue }
            let expires = since.addingTimeInterval(deletionTimeout)
            guard expires > now else { continue }
            pending[name] = stamp
            if recheck == nil || expires < recheck! { recheck = expires }
        }
        return (pending, recheck)
    }

    /// Writes the counts into a budget's status, with `observedGeneration` and the
    /// DisruptionAllowed condition (SufficientPods or InsufficientPods).
    func apply(to status: inout JSONValue, generation: Int64, now: String) {
        status["observedGeneration"] = .int(generation)
        status["expectedPods"] = .int(expectedPods)
        status["desiredHealthy"] = .int(desiredHealthy)
        status["currentHealthy"] = .int(currentHealthy)
        status["disruptionsAllowed"] = .int(disruptionsAllowed)
        status["disruptedPods"] = disruptedPods.isEmpty ? nil : .object(disruptedPods.mapValues(JSONValue.string))
        let allowed = disruptionsAllowed > 0
        DisruptionCondition.set(&status, allowed: allowed, reason: allowed ? "SufficientPods" : "InsufficientPods", message: "",
                                generation: generation, now: now)
    }
}

/// The `DisruptionAllowed` condition of a budget's status (a metav1.Condition).
enum DisruptionCondition {
    /// The condition type.
    static let type = "DisruptionAllowed"

    /// Sets the condition, keeping its transition time when the status stays the same.
    static func set(_ status: inout JSONValue, allowed: Bool, reason: String, message: String, generation: Int64, now: String) {
        var conditions = status["conditions"]?.arrayValue ?? []
        let state = allowed ? "True" : "False"
        let index = conditions.firstIndex { $0["type"]?.stringValue == type }
        var since = now
        if let index, conditions[index]["status"]?.stringValue == state, let kept = conditions[index]["lastTransitionTime"]?.stringValue {
            since = kept
        }
        let condition: JSONValue = [
            "type": .string(type), "status": .string(state), "reason": .string(reason), "message": .string(message),
            "observedGeneration": .int(generation), "lastTransitionTime": .string(since),
        ]
        if let index { conditions[index] = condition } else { conditions.append(condition) }
        status["conditions"] = .array(conditions)
    }
}
