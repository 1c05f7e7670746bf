import Foundation
import Kernel

/// A rollout that cannot proceed until something outside the controller changes.
struct RolloutError: Error, CustomStringConvertible {
    var description: String
}

/// One reconcile of one Deployment: its ReplicaSets split into the current ("new") one, whose
/// template is the Deployment's, and the old ones, and the steps that move replicas between them.
/// Every write updates the local view, so later steps act on what was just written.
struct DeploymentRollout {
    let controller: DeploymentController
    private(set) var deployment: JSONValue
    let spec: DeploymentSpec
    /// The pod-template-hash of the Deployment's template.
    let hash: String
    private(set) var newReplicaSet: JSONValue?
    /// Old ReplicaSets, oldest first.
    private(set) var oldReplicaSets: [JSONValue]
    private(set) var createdNewReplicaSet = false

    init(controller: DeploymentController, deployment: JSONValue, spec: DeploymentSpec, owned: [JSONValue]) {
        self.controller = controller
        self.deployment = deployment
        self.spec = spec
        hash = PodTemplateHash.compute(template: spec.template, collisionCount: deployment[path: "status", "collisionCount"]?.intValue)
        let sorted = owned.sorted(by: Self.olderFirst)
        let expectedName = "\(deployment.name ?? "")-\(hash)"
        let current = sorted.first { Self.templatesMatch($0[path: "spec", "template"], spec.template) }
            ?? sorted.first { $0.name == expectedName }
        newReplicaSet = current
        oldReplicaSets = sorted.filter { $0.uid != current?.uid }
    }

    var allReplicaSets: [JSONValue] { (newReplicaSet.map { [$0] } ?? []) + oldReplicaSets }

    private var name: String { deployment.name ?? "" }
    private var namespace: String { deployment.namespace ?? "" }

    // MARK: Template identity

    static func olderFirst(_ lhs: JSONValue, _ rhs: JSONValue) -> Bool {
        let left = lhs.creationDate ?? .distantPast
        let right = rhs.creationDate ?? .distantPast
        if left != right { return left < right }
        return (lhs.name ?? "") < (rhs.name ?? "")
    }

    /// Two pod templates are the same rollout when their canonical forms are equal (apart from
    /// the pod-template-hash label and null members: Kubernetes' EqualIgnoreHash).
    static func templatesMatch(_ lhs: JSONValue?, _ rhs: JSONValue?) -> Bool {
        PodTemplateHash.canonical(lhs ?? [:]) == PodTemplateHash.canonical(rhs ?? [:])
    }

    // MARK: Revisions

    private var maxOldRevision: Int64 { oldReplicaSets.map(\.revisionNumber).max() ?? 0 }

    /// Gives the current ReplicaSet the next revision when it is reused (a rollback) and keeps
    /// the Deployment's revision annotation equal to it.
    mutating func syncRevision() async throws {
        guard let current = newReplicaSet else { return }
        let target = maxOldRevision + 1
        if current.revisionNumber < target {
            let previous = current.revisionNumber
            let updated = try await ConflictRetry.update(controller.client, .replicaSets, current) { object in
                guard object.uid == current.uid else { return false }
                var annotations = object.annotations
                if previous > 0 {
                    let history = annotations[DeploymentAnnotations.revisionHistory].map { "\($0),\(previous)" } ?? "\(previous)"
                    annotations[DeploymentAnnotations.revisionHistory] = history
                }
                annotations[DeploymentAnnotations.revision] = String(target)
                object.annotations = annotations
                return true
            }
            guard let updated else { throw RolloutError(description: "replicaset \(current.name ?? "") changed while its revision was set") }
            newReplicaSet = updated
        }
        try await setDeploymentRevision(newReplicaSet?.revisionNumber ?? target)
    }

    private mutating func setDeploymentRevision(_ revision: Int64) async throws {
        let text = String(revision)
        guard deployment.annotations[DeploymentAnnotations.revision] != text else { return }
        let uid = deployment.uid
        let updated = try await ConflictRetry.update(controller.client, .deployments, deployment) { object in
            guard object.uid == uid else { return false }
            object.annotations[DeploymentAnnotations.revision] = text
            return true
        }
        if let updated { deployment = updated }
    }

    // MARK: Creating and scaling ReplicaSets

    /// Creates the ReplicaSet for the current template with `replicas` replicas.
    mutating func createNewReplicaSet(replicas: Int64) async throws {
        let rsName = "\(name)-\(hash)"
        var template = spec.template
        template.labels[PodTemplateHash.label] = hash
        var selector = deployment[path: "spec", "selector"] ?? [:]
        selector[path: "matchLabels", PodTemplateHash.label] = .string(hash)
        var annotations = deployment.annotations.filter { !DeploymentAnnotations.notCopied.contains($0.key) }
        annotations[DeploymentAnnotations.revision] = String(maxOldRevision + 1)
        annotations[DeploymentAnnotations.desiredReplicas] = String(spec.replicas)
        annotations[DeploymentAnnotations.maxReplicas] = String(spec.replicas + spec.maxSurge)
        var replicaSet: JSONValue = [
            "apiVersion": "apps/v1", "kind": "ReplicaSet",
            "metadata": [
                "name": .string(rsName), "namespace": .string(namespace),
                "ownerReferences": [OwnerReference(controllerOf: deployment, type: .deployments).json],
            ],
            "spec": [
                "replicas": .int(replicas), "minReadySeconds": .int(spec.minReadySeconds),
                "selector": selector, "template": template,
            ],
        ]
        replicaSet.labels = template.labels
        replicaSet.annotations = annotations
        do {
            let created = try await controller.client.create(.replicaSets, namespace: namespace, object: replicaSet)
            newReplicaSet = created
            createdNewReplicaSet = true
            controller.logger.info("created replicaset", metadata: ["deployment": "\(namespace)/\(name)", "replicaset": "\(rsName)", "replicas": "\(replicas)"])
            if replicas > 0 {
                await controller.events.record(deployment, type: .deployments, reason: "ScalingReplicaSet", message: "Scaled up replica set \(rsName) from 0 to \(replicas)")
            }
        } catch where isAlreadyExists(error) {
            let existing = try await controller.client.get(.replicaSets, namespace: namespace, name: rsName)
            if existing.isControlled(byUID: deployment.uid),
                Self.templatesMatch(existing[path: "spec", "template"], spec.template) || existing.labels[PodTemplateHash.label] == hash
            {
                // Our cache had not seen it yet.
                newReplicaSet = existing
                oldReplicaSets.removeAll { $0.uid == existing.uid }
                return
            }
            // Another object holds the name: bump collisionCount so the next hash differs.
            let count = (deployment[path: "status", "collisionCount"]?.intValue ?? 0) + 1
            deployment = try await ConflictRetry.updateStatus(controller.client, .deployments, deployment) { object in
                object[path: "status", "collisionCount"] = .int(count)
            }
            throw RolloutError(description: "replicaset \(rsName) exists and is not this deployment's; collisionCount is now \(count)")
        }
        try await setDeploymentRevision(newReplicaSet?.revisionNumber ?? (maxOldRevision + 1))
    }

    /// Scales a ReplicaSet (and records the Deployment's replicas on it); returns whether its
    /// replica count changed. Throws when the ReplicaSet changed under us (the key is retried).
    @discardableResult
    mutating func scale(_ replicaSet: JSONValue, to replicas: Int64) async throws -> Bool {
        let before = replicaSet.specReplicas
        let desired = String(spec.replicas)
        let maximum = String(spec.replicas + spec.maxSurge)
        let annotations = replicaSet.annotations
        if before == replicas && annotations[DeploymentAnnotations.desiredReplicas] == desired
            && annotations[DeploymentAnnotations.maxReplicas] == maximum
        {
            return false
        }
        let updated = try await ConflictRetry.update(controller.client, .replicaSets, replicaSet) { object in
            // Only on top of the replica count the decision was based on.
            guard object.uid == replicaSet.uid, object.specReplicas == before else { return false }
            object[path: "spec", "replicas"] = .int(replicas)
            object.annotations[DeploymentAnnotations.desiredReplicas] = desired
            object.annotations[DeploymentAnnotations.maxReplicas] = maximum
            return true
        }
        guard let updated else {
            throw APIError.conflict(.replicaSets, replicaSet.name ?? "")
        }
        if updated.uid == newReplicaSet?.uid {
            newReplicaSet = updated
        } else if let index = oldReplicaSets.firstIndex(where: { $0.uid == updated.uid }) {
            oldReplicaSets[index] = updated
        }
        guard before != replicas else { return false }
        let direction = replicas > before ? "up" : "down"
        controller.logger.info("scaled replicaset", metadata: ["deployment": "\(namespace)/\(name)", "replicaset": "\(replicaSet.name ?? "")", "from": "\(before)", "to": "\(replicas)"])
        await controller.events.record(deployment, type: .deployments, reason: "ScalingReplicaSet", message: "Scaled \(direction) replica set \(replicaSet.name ?? "") from \(before) to \(replicas)")
        return true
    }

    // MARK: Strategies

    /// One step of a RollingUpdate: create the new ReplicaSet if needed, scale it up within
    /// maxSurge, then scale old ones down within maxUnavailable (unhealthy replicas first).
    mutating func rollingUpdate() async throws {
        if newReplicaSet == nil {
            try await createNewReplicaSet(replicas: newReplicasWithinSurge(current: 0))
        }
        if try await reconcileNewReplicaSet() { return }
        try await reconcileOldReplicaSets()
    }

    /// The new ReplicaSet's next size: grows towards replicas while the total stays within
    /// replicas + maxSurge.
    private func newReplicasWithinSurge(current: Int64) -> Int64 {
        let total = allReplicaSets.reduce(0) { $0 + $1.specReplicas }
        let ceiling = spec.replicas + spec.maxSurge
        guard total < ceiling else { return current }
        return current + min(ceiling - total, max(0, spec.replicas - current))
    }

    private mutating func reconcileNewReplicaSet() async throws -> Bool {
        guard let current = newReplicaSet else { return false }
        let replicas = current.specReplicas
        if replicas == spec.replicas {
            // Only the recorded desired/max replicas may need refreshing; old ones still go down.
            try await scale(current, to: replicas)
            return false
        }
        if replicas > spec.replicas { return try await scale(current, to: spec.replicas) }
        return try await scale(current, to: newReplicasWithinSurge(current: replicas))
    }

    @discardableResult
    private mutating func reconcileOldReplicaSets() async throws -> Bool {
        let oldReplicas = oldReplicaSets.reduce(0) { $0 + $1.specReplicas }
        guard oldReplicas > 0 else { return false }
        let allReplicas = allReplicaSets.reduce(0) { $0 + $1.specReplicas }
        let newUnavailable = newReplicaSet.map { $0.specReplicas - $0.statusAvailableReplicas } ?? 0
        let maxScaledDown = allReplicas - spec.minAvailable - newUnavailable
        guard maxScaledDown > 0 else { return false }

        // Old replicas that are not available anyway go first: removing them costs nothing.
        var cleaned: Int64 = 0
        for replicaSet in oldReplicaSets {
            guard cleaned < maxScaledDown else { break }
            let replicas = replicaSet.specReplicas
            let unhealthy = replicas - replicaSet.statusAvailableReplicas
            guard replicas > 0, unhealthy > 0 else { continue }
            let step = min(maxScaledDown - cleaned, unhealthy)
            try await scale(replicaSet, to: replicas - step)
            cleaned += step
        }

        // Then available ones, as long as minAvailable stays available.
        let available = allReplicaSets.reduce(0) { $0 + $1.statusAvailableReplicas }
        guard available > spec.minAvailable else { return cleaned > 0 }
        let budget = available - spec.minAvailable
        var scaled: Int64 = 0
        for replicaSet in oldReplicaSets {
            guard scaled < budget else { break }
            let replicas = replicaSet.specReplicas
            guard replicas > 0 else { continue }
            let step = min(replicas, budget - scaled)
            try await scale(replicaSet, to: replicas - step)
            scaled += step
        }
        return cleaned + scaled > 0
    }

    /// One step of a Recreate rollout: scale every old ReplicaSet to zero, wait until their
    /// pods are gone, then create or scale the new one.
    mutating func recreate(oldPodsRunning: Bool) async throws {
        var scaledDown = false
        for replicaSet in oldReplicaSets where replicaSet.specReplicas > 0 {
            if try await scale(replicaSet, to: 0) { scaledDown = true }
        }
        if scaledDown || oldPodsRunning { return }
        if let current = newReplicaSet {
            try await scale(current, to: spec.replicas)
        } else {
            try await createNewReplicaSet(replicas: spec.replicas)
        }
    }

    /// While paused no rollout starts, but a Deployment that is not mid-rollout still scales.
    mutating func scaleWhilePaused() async throws {
        let active = allReplicaSets.filter { $0.specReplicas > 0 }
        guard active.count <= 1, let target = active.first ?? newReplicaSet ?? oldReplicaSets.last else { return }
        try await scale(target, to: spec.replicas)
    }

    // MARK: Status and history

    private var statusBuilder: DeploymentStatusBuilder {
        DeploymentStatusBuilder(
            deploymentName: name, generation: deployment.generation, spec: spec, newReplicaSetName: newReplicaSet?.name,
            createdNewReplicaSet: createdNewReplicaSet,
            counts: .init(newReplicaSet: newReplicaSet, all: allReplicaSets))
    }

    /// Every replica runs the current template and is available.
    var isComplete: Bool { statusBuilder.isComplete }

    /// Deletes the oldest fully scaled-down ReplicaSets beyond revisionHistoryLimit.
    mutating func trimHistory() async throws {
        let candidates = oldReplicaSets.filter { replicaSet in
            replicaSet.specReplicas == 0 && replicaSet.statusReplicas == 0 && !replicaSet.isBeingDeleted
                && (replicaSet[path: "status", "observedGeneration"]?.intValue ?? 0) >= replicaSet.generation
        }.sorted { $0.revisionNumber < $1.revisionNumber }
        let excess = candidates.count - Int(spec.revisionHistoryLimit)
        guard excess > 0 else { return }
        for replicaSet in candidates.prefix(excess) {
            do {
                _ = try await controller.client.delete(.replicaSets, namespace: namespace, name: replicaSet.name ?? "")
            } catch where isNotFound(error) {}
            oldReplicaSets.removeAll { $0.uid == replicaSet.uid }
        }
    }

    /// Writes the Deployment's status; asks for a later look when a deadline is pending.
    func syncStatus() async throws -> ReconcileResult {
        let builder = statusBuilder
        let now = Date()
        var recheck: Duration?
        try await ConflictRetry.updateStatus(controller.client, .deployments, deployment) { object in
            let result = builder.build(previous: object["status"], now: now)
            object["status"] = result.status
            recheck = result.recheckAfter
        }
        return recheck.map(ReconcileResult.requeueAfter) ?? .done
    }
}
