import Foundation
import Kernel

/// Computes a Deployment's `status` from its ReplicaSets, as Kubernetes does: counts summed over
/// the ReplicaSets, `updatedReplicas` from the current one, and the Available and Progressing
/// conditions (with the progress deadline). Pure, so it can be tested without a cluster.
struct DeploymentStatusBuilder {
    /// Condition reasons and types, Kubernetes' words.
    enum Reason {
        static let available = "MinimumReplicasAvailable"
        static let unavailable = "MinimumReplicasUnavailable"
        static let created = "NewReplicaSetCreated"
        static let found = "FoundNewReplicaSet"
        static let updated = "ReplicaSetUpdated"
        static let complete = "NewReplicaSetAvailable"
        static let timedOut = "ProgressDeadlineExceeded"
        static let paused = "DeploymentPaused"
        static let resumed = "DeploymentResumed"
    }

    /// The replica counts of a status.
    struct Counts: Equatable {
        var replicas: Int64 = 0
        var updated: Int64 = 0
        var ready: Int64 = 0
        var available: Int64 = 0
        var unavailable: Int64 = 0

        init() {}

        init(newReplicaSet: JSONValue?, all: [JSONValue]) {
            replicas = all.reduce(0) { $0 + $1.statusReplicas }
            updated = newReplicaSet?.statusReplicas ?? 0
            ready = all.reduce(0) { $0 + $1.statusReadyReplicas }
            available = all.reduce(0) { $0 + $1.statusAvailableReplicas }
            unavailable = max(0, all.reduce(0) { $0 + $1.specReplicas } - available)
        }

        init(status: JSONValue?) {
            replicas = status?["replicas"]?.intValue ?? 0
            updated = status?["updatedReplicas"]?.intValue ?? 0
            ready = status?["readyReplicas"]?.intValue ?? 0
            available = status?["availableReplicas"]?.intValue ?? 0
            unavailable = status?["unavailableReplicas"]?.intValue ?? 0
        }
    }

    var deploymentName: String
    var generation: Int64
    var spec: DeploymentSpec
    var newReplicaSetName: String?
    var createdNewReplicaSet: Bool
    var counts: Counts

    /// Every replica updated, available, and no old one left.
    var isComplete: Bool {
        counts.updated == spec.replicas && counts.replicas == spec.replicas && counts.available == spec.replicas
    }

    /// The new status, given the previous one; also when to look again (progress deadline).
    func build(previous: JSONValue?, now: Date) -> (status: JSONValue, recheckAfter: Duration?) {
        let stamp = KubeTime.format(now)
        var conditions = previous?["conditions"]?.arrayValue ?? []
        var recheck: Duration?
        let subject = newReplicaSetName.map { "ReplicaSet \"\($0)\"" } ?? "Deployment \"\(deploymentName)\""

        if spec.paused {
            StatusConditions.set(&conditions, type: "Progressing", status: "Unknown", reason: Reason.paused, message: "Deployment is paused", now: stamp, withUpdateTime: true)
        } else {
            let current = StatusConditions.find(conditions, type: "Progressing")
            if current?["reason"]?.stringValue == Reason.paused {
                StatusConditions.set(&conditions, type: "Progressing", status: "Unknown", reason: Reason.resumed, message: "Deployment is resumed", now: stamp, withUpdateTime: true)
            }
            if let name = newReplicaSetName {
                if createdNewReplicaSet {
                    StatusConditions.set(&conditions, type: "Progressing", status: "True", reason: Reason.created, message: "Created new replica set \"\(name)\"", now: stamp, withUpdateTime: true)
                } else if StatusConditions.find(conditions, type: "Progressing") == nil {
                    StatusConditions.set(&conditions, type: "Progressing", status: "True", reason: Reason.found, message: "Found new replica set \"\(name)\"", now: stamp, withUpdateTime: true)
                }
            }
            if let deadline = spec.progressDeadlineSeconds {
                recheck = progress(&conditions, previous: Counts(status: previous), deadline: deadline, subject: subject, now: now)
            }
        }

        if counts.available >= spec.minAvailable {
            StatusConditions.set(&conditions, type: "Available", status: "True", reason: Reason.available, message: "Deployment has minimum availability.", now: stamp, withUpdateTime: true)
        } else {
            StatusConditions.set(&conditions, type: "Available", status: "False", reason: Reason.unavailable, message: "Deployment does not have minimum availability.", now: stamp, withUpdateTime: true)
        }
        // Kubernetes lists Available before Progressing.
        conditions.sort { ($0["type"]?.stringValue == "Available" ? 0 : 1) < ($1["type"]?.stringValue == "Available" ? 0 : 1) }

        var status: JSONValue = [:]
        func put(_ key: String, _ value: Int64) { if value != 0 { status[key] = .int(value) } }
        put("observedGeneration", generation)
        put("replicas", counts.replicas)
        put("updatedReplicas", counts.updated)
        put("readyReplicas", counts.ready)
        put("availableReplicas", counts.available)
        put("unavailableReplicas", counts.unavailable)
        if !conditions.isEmpty { status["conditions"] = .array(conditions) }
        if let collisions = previous?["collisionCount"] { status["collisionCount"] = collisions }
        return (status, recheck)
    }

    /// Updates the Progressing condition against the deadline; returns when to check again.
    private func progress(_ conditions: inout [JSONValue], previous: Counts, deadline: Int64, subject: String, now: Date) -> Duration? {
        let stamp = KubeTime.format(now)
        let current = StatusConditions.find(conditions, type: "Progressing")
        let alreadyComplete = counts.replicas == counts.updated && current?["reason"]?.stringValue == Reason.complete
        if alreadyComplete { return nil }
        if isComplete {
            StatusConditions.set(&conditions, type: "Progressing", status: "True", reason: Reason.complete, message: "\(subject) has successfully progressed.", now: stamp, withUpdateTime: true)
            return nil
        }
        let oldNow = counts.replicas - counts.updated
        let oldBefore = previous.replicas - previous.updated
        let progressed = counts.updated > previous.updated || oldNow < oldBefore || counts.ready > previous.ready || counts.available > previous.available
        if progressed {
            StatusConditions.set(&conditions, type: "Progressing", status: "True", reason: Reason.updated, message: "\(subject) is progressing.", now: stamp, withUpdateTime: true, force: true)
        } else if let condition = current, timedOut(condition, deadline: deadline, now: now) {
            StatusConditions.set(&conditions, type: "Progressing", status: "False", reason: Reason.timedOut, message: "\(subject) has timed out progressing.", now: stamp, withUpdateTime: true)
            return nil
        }
        guard let condition = StatusConditions.find(conditions, type: "Progressing"), condition["status"]?.stringValue == "True",
            let updated = condition["lastUpdateTime"]?.stringValue.flatMap(KubeTime.parse)
        else { return nil }
        let remaining = updated.addingTimeInterval(Double(deadline)).timeIntervalSince(now)
        return .milliseconds(Int64(max(0, remaining) * 1000) + 1000)
    }

    private func timedOut(_ condition: JSONValue, deadline: Int64, now: Date) -> Bool {
        if condition["reason"]?.stringValue == Reason.timedOut { return true }
        if condition["reason"]?.stringValue == Reason.complete { return false }
        guard let updated = condition["lastUpdateTime"]?.stringValue.flatMap(KubeTime.parse) else { return false }
        return now.timeIntervalSince(updated) > Double(deadline)
    }
}
