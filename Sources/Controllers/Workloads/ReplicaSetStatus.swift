import Foundation
import Kernel

/// Computes a ReplicaSet's `status` from the active pods it owns, as Kubernetes does.
struct ReplicaSetStatusBuilder {
    let replicaSet: JSONValue
    let pods: [JSONValue]
    let now: Date

    private var minReadySeconds: Int64 { replicaSet[path: "spec", "minReadySeconds"]?.intValue ?? 0 }

    var replicas: Int64 { Int64(pods.count) }

    var fullyLabeled: Int64 {
        let templateLabels = replicaSet[path: "spec", "template"]?.labels ?? [:]
        return Int64(pods.filter { pod in
            let labels = pod.labels
            return templateLabels.allSatisfy { labels[$0.key] == $0.value }
        }.count)
    }

    var ready: Int64 { Int64(pods.filter(\.isPodReady).count) }

    var available: Int64 {
        Int64(pods.filter { $0.isPodAvailable(minReadySeconds: minReadySeconds, now: now) }.count)
    }

    /// When the next Ready pod becomes available (minReadySeconds), if one is waiting.
    var nextAvailability: Duration? {
        guard minReadySeconds > 0 else { return nil }
        let waits = pods.compactMap { pod -> TimeInterval? in
            guard let since = pod.podReadySince else { return nil }
            let remaining = since.addingTimeInterval(Double(minReadySeconds)).timeIntervalSince(now)
            return remaining > 0 ? remaining : nil
        }
        guard let soonest = waits.min() else { return nil }
        return .milliseconds(Int64(soonest * 1000) + 100)
    }

    /// The status; `manageError` sets the ReplicaFailure condition (reason FailedCreate when
    /// scaling up, FailedDelete when scaling down) and its absence clears it.
    func build(previous: JSONValue?, manageError: (any Error)?, scaleDirection: Int64) -> JSONValue {
        var conditions = previous?["conditions"]?.arrayValue ?? []
        if let manageError {
            StatusConditions.set(
                &conditions, type: "ReplicaFailure", status: "True", reason: scaleDirection < 0 ? "FailedCreate" : "FailedDelete",
                message: "\(manageError)", now: KubeTime.format(now), withUpdateTime: false)
        } else {
            StatusConditions.remove(&conditions, type: "ReplicaFailure")
        }
        var status: JSONValue = ["replicas": .int(replicas)]
        func put(_ key: String, _ value: Int64) { if value != 0 { status[key] = .int(value) } }
        put("fullyLabeledReplicas", fullyLabeled)
        put("readyReplicas", ready)
        put("availableReplicas", available)
        put("observedGeneration", replicaSet.generation)
        if !conditions.isEmpty { status["conditions"] = .array(conditions) }
        return status
    }
}
