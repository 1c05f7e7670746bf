import Foundation
import Kernel

extension DaemonSetController {
    /// Reconciles one DaemonSet key.
    func reconcile(_ key: ObjectKey) async throws -> ReconcileResult {
        let needsSync = core.expectations.satisfied(key)
        guard let daemonSet = core.owners.get(key) else {
            core.expectations.forget(key)
            return .done
        }
        guard let owned = try await core.claimPods(of: daemonSet, key: key) else { return .done }
        let template = daemonSet[path: "spec", "template"] ?? [:]
        let hash = PodTemplateHash.compute(template: template)
        let spec = DaemonPlacement.podSpec(template)
        let minReadySeconds = daemonSet[path: "spec", "minReadySeconds"]?.intValue ?? 0
        let now = Date()

        var byNode: [String: [JSONValue]] = [:]
        for pod in owned { byNode[DaemonPlacement.targetNode(of: pod) ?? "", default: []].append(pod) }
        let eligible = Set(nodes.list().filter { DaemonPlacement.shouldRun(spec, on: $0) }.compactMap(\.name))

        let rolling = daemonSet[path: "spec", "updateStrategy", "type"]?.stringValue != "OnDelete"
        let surge = rolling ? DeploymentSpec.resolve(daemonSet[path: "spec", "updateStrategy", "rollingUpdate", "maxSurge"],
                                                     total: Int64(eligible.count), roundUp: true) ?? 0 : 0
        var create: [String] = []
        var remove: [JSONValue] = []
        for node in eligible.sorted() {
            let pods = (byNode[node] ?? []).sorted { ($0.creationDate ?? .distantPast) < ($1.creationDate ?? .distantPast) }
            let running = pods.filter(\.isActivePod)
            remove += pods.filter { !$0.isActivePod }  // Failed or Succeeded: replaced.
            if running.isEmpty { create.append(node) } else { remove += Self.excess(running, hash: hash, surging: surge > 0) }
        }
        for (node, pods) in byNode where !eligible.contains(node) { remove += pods }
        if needsSync, !daemonSet.isBeingDeleted {
            try await history.sync(daemonSet, hash: hash, liveHashes: Set(owned.compactMap { $0.labels[DaemonPlacement.revisionLabel] }))
            if rolling && surge > 0 {
                let step = surgeStep(eligible: eligible, byNode: byNode, hash: hash, surge: surge, minReadySeconds: minReadySeconds,
                                     now: now, alreadyRemoved: remove)
                create += step.create
                remove += step.remove
            } else if rolling {
                remove += rollingVictims(daemonSet, eligible: eligible, byNode: byNode, hash: hash, minReadySeconds: minReadySeconds, now: now,
                                         alreadyRemoved: remove)
            }
            try await sync(daemonSet, key: key, create: create, remove: remove, hash: hash)
        }
        try await writeStatus(daemonSet, eligible: eligible, byNode: byNode, hash: hash, minReadySeconds: minReadySeconds, now: now)
        return .done
    }

    /// RollingUpdate without surge: old-template pods to delete now. Unavailable old pods go at once; available
    /// ones while fewer than `maxUnavailable` nodes lack an available pod.
    private func rollingVictims(_ daemonSet: JSONValue, eligible: Set<String>, byNode: [String: [JSONValue]], hash: String,
                                minReadySeconds: Int64, now: Date, alreadyRemoved: [JSONValue]) -> [JSONValue] {
        let desired = Int64(eligible.count)
        let budget = max(DeploymentSpec.resolve(daemonSet[path: "spec", "updateStrategy", "rollingUpdate", "maxUnavailable"], total: desired, roundUp: true) ?? 1, 1)
        let removed = Set(alreadyRemoved.compactMap(\.uid))
        var unavailable: Int64 = 0
        var oldAvailable: [JSONValue] = []
        var victims: [JSONValue] = []
        for node in eligible.sorted() {
            let running = (byNode[node] ?? []).filter { $0.isActivePod && !removed.contains($0.uid ?? "") }
            guard let pod = running.first else {
                unavailable += 1
                continue
            }
            let available = pod.isPodAvailable(minReadySeconds: minReadySeconds, now: now)
            if !available { unavailable += 1 }
            guard pod.labels[DaemonPlacement.revisionLabel] != hash else { continue }
            if available { oldAvailable.append(pod) } else { victims.append(pod) }
        }
        for pod in oldAvailable where unavailable < budget {
            victims.append(pod)
            unavailable += 1
        }
        return victims
    }

    /// A node's running pods (oldest first) beyond what it may keep: one, or with maxSurge the
    /// oldest of the current template and the oldest of an older one while the new one is not
    /// ready yet and the old one is (Kubernetes' rule; otherwise the old one goes).
    static func excess(_ running: [JSONValue], hash: String, surging: Bool) -> [JSONValue] {
        guard surging else { return Array(running.dropFirst()) }
        let newest = running.first { $0.labels[DaemonPlacement.revisionLabel] == hash }
        let oldest = running.first { $0.labels[DaemonPlacement.revisionLabel] != hash }
        var extra = running.filter { $0.uid != newest?.uid && $0.uid != oldest?.uid }
        if let newest, let oldest, !oldest.isPodReady || newest.isPodReady { extra.append(oldest) }
        return extra
    }

    /// RollingUpdate with maxSurge (Kubernetes' surge rollout): a node whose old pod is not
    /// available gets its new pod at once; other nodes get one while fewer than `surge` new pods
    /// are still becoming available; an old pod goes once its node's new pod is available.
    private func surgeStep(eligible: Set<String>, byNode: [String: [JSONValue]], hash: String, surge: Int64,
                           minReadySeconds: Int64, now: Date, alreadyRemoved: [JSONValue]) -> (create: [String], remove: [JSONValue]) {
        let removed = Set(alreadyRemoved.compactMap(\.uid))
        var replacing: [String] = []
        var candidates: [String] = []
        var victims: [JSONValue] = []
        var surging: Int64 = 0
        for node in eligible.sorted() {
            let running = (byNode[node] ?? []).filter { $0.isActivePod && !removed.contains($0.uid ?? "") }
                .sorted { ($0.creationDate ?? .distantPast) < ($1.creationDate ?? .distantPast) }
            guard let old = running.first(where: { $0.labels[DaemonPlacement.revisionLabel] != hash }) else { continue }
            guard let new = running.first(where: { $0.labels[DaemonPlacement.revisionLabel] == hash }) else {
                if old.isPodAvailable(minReadySeconds: minReadySeconds, now: now) { candidates.append(node) } else { replacing.append(node) }
                continue
            }
            if new.isPodAvailable(minReadySeconds: minReadySeconds, now: now) { victims.append(old) } else { surging += 1 }
        }
        let room = Int(max(0, min(surge - surging, Int64(candidates.count))))
        return (replacing + candidates.prefix(room), victims)
    }

    /// Creates the missing pods and deletes the unwanted ones.
    private func sync(_ daemonSet: JSONValue, key: ObjectKey, create: [String], remove: [JSONValue], hash: String) async throws {
        var firstError: (any Error)?
        let creations = Array(create.prefix(core.options.burstReplicas))
        core.expectations.expectCreations(key, count: creations.count)
        for node in creations {
            do {
                try await core.createPod(DaemonPlacement.pod(of: daemonSet, node: node, hash: hash), of: daemonSet, key: key)
            } catch {
                firstError = firstError ?? error
            }
        }
        do {
            try await core.deletePods(remove, of: daemonSet, key: key)
        } catch {
            firstError = firstError ?? error
        }
        if let firstError { throw firstError }
    }

    /// Writes the counters `kubectl get ds` and `kubectl rollout status` read.
    private func writeStatus(_ daemonSet: JSONValue, eligible: Set<String>, byNode: [String: [JSONValue]], hash: String,
                             minReadySeconds: Int64, now: Date) async throws {
        var current: Int64 = 0
        var misscheduled: Int64 = 0
        var ready: Int64 = 0
        var available: Int64 = 0
        var updated: Int64 = 0
        for (node, pods) in byNode {
            let running = pods.filter(\.isActivePod)
            guard !running.isEmpty else { continue }
            guard eligible.contains(node) else {
                misscheduled += 1
                continue
            }
            current += 1
            if running.contains(where: \.isPodReady) { ready += 1 }
            if running.contains(where: { $0.isPodAvailable(minReadySeconds: minReadySeconds, now: now) }) { available += 1 }
            if running.contains(where: { $0.labels[DaemonPlacement.revisionLabel] == hash }) { updated += 1 }
        }
        let desired = Int64(eligible.count)
        try await ConflictRetry.updateStatus(core.client, .daemonSets, daemonSet) { object in
            var status = object["status"]?.objectValue ?? [:]
            status["desiredNumberScheduled"] = .int(desired)
            status["currentNumberScheduled"] = .int(current)
            status["numberMisscheduled"] = .int(misscheduled)
            status["numberReady"] = .int(ready)
            status["numberAvailable"] = .int(available)
            status["numberUnavailable"] = .int(max(desired - available, 0))
            status["updatedNumberScheduled"] = .int(updated)
            status["observedGeneration"] = .int(object.generation)
            object["status"] = .object(status)
        }
    }
}
