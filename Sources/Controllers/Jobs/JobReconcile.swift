import Foundation
import Kernel

extension JobController {
    /// What one reconcile found among a Job's pods.
    struct Census {
        var active: [JSONValue] = []
        var succeeded = 0
        var failed = 0
        var completedIndexes: Set<Int> = []
        var lastFailure: Date?
    }

    /// Reconciles one Job key.
    func reconcile(_ key: ObjectKey) async throws -> ReconcileResult {
        let needsSync = core.expectations.satisfied(key)
        guard let job = core.owners.get(key) else {
            core.expectations.forget(key)
            return .done
        }
        if let finished = Self.finishedAt(job) { return try await expire(job, finishedAt: finished) }
        guard let owned = try await core.claimPods(of: job, key: key) else { return .done }
        let spec = job["spec"] ?? [:]
        let completions = spec["completions"]?.intValue.map(Int.init)
        let indexed = spec["completionMode"]?.stringValue == "Indexed"
        let census = Self.census(owned, status: job["status"], indexedUpTo: indexed ? completions : nil)
        let now = Date()
        let startTime = job[path: "status", "startTime"]?.stringValue.flatMap(KubeTime.parse) ?? now
        let suspended = spec["suspend"]?.boolValue == true

        let restarts = spec[path: "template", "spec", "restartPolicy"]?.stringValue == "OnFailure"
            ? census.active.reduce(Int64(0)) { $0 + $1.podRestartCount } : 0
        let backoffLimit = spec["backoffLimit"]?.intValue ?? 6
        var outcome: (type: String, reason: String, message: String)?
        let complete = completions.map { census.succeeded >= $0 } ?? (census.succeeded > 0 && census.active.isEmpty)
        if complete {
            outcome = ("Complete", "CompletionsReached", "Reached expected number of succeeded pods")
        } else if Int64(census.failed) + restarts > backoffLimit {
            outcome = ("Failed", "BackoffLimitExceeded", "Job has reached the specified backoff limit")
        } else if !suspended, let deadline = spec["activeDeadlineSeconds"]?.intValue,
                  now.timeIntervalSince(startTime) >= Double(deadline) {
            outcome = ("Failed", "DeadlineExceeded", "Job was active longer than specified deadline")
        }

        var requeue: ReconcileResult = .done
        var manageError: (any Error)?
        if needsSync {
            do {
                if outcome != nil || suspended {
                    try await core.deletePods(census.active, of: job, key: key)
                } else {
                    requeue = try await manage(job, key: key, census: census, completions: completions, indexed: indexed, now: now)
                }
            } catch {
                manageError = error
            }
        }
        if outcome == nil, !suspended, let deadline = spec["activeDeadlineSeconds"]?.intValue {
            let left = Double(deadline) - now.timeIntervalSince(startTime)
            requeue = Self.sooner(requeue, .requeueAfter(.milliseconds(Int64(max(left, 0) * 1000) + 1)))
        }
        try await writeStatus(job, census: census, indexed: indexed, startTime: suspended ? nil : startTime, suspended: suspended,
                              outcome: outcome, now: now)
        if let outcome {
            await core.events.record(job, type: .jobs, eventType: outcome.type == "Complete" ? "Normal" : "Warning",
                                reason: outcome.type == "Complete" ? "Completed" : outcome.reason,
                                message: outcome.type == "Complete" ? "Job completed" : outcome.message)
        }
        if let manageError { throw manageError }
        return requeue
    }

    /// Counts a Job's pods; counts already in its status never go down (pods may be deleted).
    static func census(_ pods: [JSONValue], status: JSONValue?, indexedUpTo completions: Int?) -> Census {
        var census = Census()
        var succeeded = 0
        var failed = 0
        for pod in pods {
            switch pod.podPhase {
            case "Succeeded":
                succeeded += 1
                if let completions, let index = index(of: pod), index < completions { census.completedIndexes.insert(index) }
            case "Failed":
                failed += 1
                let finished = (pod[path: "status", "containerStatuses"]?.arrayValue ?? [])
                    .compactMap { $0[path: "state", "terminated", "finishedAt"]?.stringValue.flatMap(KubeTime.parse) }.max()
                    ?? pod[path: "metadata", "creationTimestamp"]?.stringValue.flatMap(KubeTime.parse)
                if let finished { census.lastFailure = max(census.lastFailure ?? finished, finished) }
            default:
                if pod.isActivePod { census.active.append(pod) }
            }
        }
        if let completions {
            census.completedIndexes.formUnion(JobIndexes.parse(status?["completedIndexes"]?.stringValue, limit: completions))
            census.succeeded = census.completedIndexes.count
        } else {
            census.succeeded = max(succeeded, Int(status?["succeeded"]?.intValue ?? 0))
        }
        census.failed = max(failed, Int(status?["failed"]?.intValue ?? 0))
        return census
    }

    /// A pod's completion index.
    static func index(of pod: JSONValue) -> Int? {
        pod[path: "metadata", "annotations", JobIndexes.annotation]?.stringValue.flatMap { Int($0) }
    }

    /// Creates the pods still wanted (after the failure back-off) or deletes surplus ones.
    private func manage(_ job: JSONValue, key: ObjectKey, census: Census, completions: Int?, indexed: Bool, now: Date) async throws -> ReconcileResult {
        let parallelism = Int(job[path: "spec", "parallelism"]?.intValue ?? 1)
        var wanted: [Int?]
        if indexed, let completions {
            let running = Set(census.active.compactMap(Self.index(of:)))
            let pending = (0..<completions).filter { !census.completedIndexes.contains($0) && !running.contains($0) }
            wanted = pending.prefix(max(parallelism - census.active.count, 0)).map { $0 }
        } else {
            let target = completions.map { min(parallelism, $0 - census.succeeded) } ?? (census.succeeded > 0 ? 0 : parallelism)
            let missing = target - census.active.count
            if missing < 0 {
                let surplus = census.active.sorted { ($0.creationDate ?? .distantPast) > ($1.creationDate ?? .distantPast) }.prefix(-missing)
                try await core.deletePods(Array(surplus), of: job, key: key)
                return .done
            }
            wanted = Array(repeating: nil, count: missing)
        }
        guard !wanted.isEmpty else { return .done }
        if census.failed > 0, let last = census.lastFailure {
            let exponent = min(census.failed - 1, 16)
            let delay = min(core.options.podFailureBackOff * (1 << exponent), core.options.podFailureBackOffMax)
            let ready = last.addingTimeInterval(Double(delay.components.seconds) + Double(delay.components.attoseconds) / 1e18)
            if ready > now { return .requeueAfter(.milliseconds(Int64(ready.timeIntervalSince(now) * 1000) + 1)) }
        }
        wanted = Array(wanted.prefix(core.options.burstReplicas))
        core.expectations.expectCreations(key, count: wanted.count)
        let factory = JobPodFactory(job: job)
        let queue = JobCreationQueue(wanted)
        let result = await ReplicaSetController.slowStart(wanted.count) { [core] in
            try await core.createPod(factory.pod(index: queue.next()), of: job, key: key)
        }
        if result.attempted < wanted.count { core.expectations.creationsSkipped(key, count: wanted.count - result.attempted) }
        if let error = result.error { throw error }
        return .done
    }

    /// Writes counts, times and conditions.
    private func writeStatus(_ job: JSONValue, census: Census, indexed: Bool, startTime: Date?, suspended: Bool,
                             outcome: (type: String, reason: String, message: String)?, now: Date) async throws {
        let stamp = KubeTime.format(now)
        try await ConflictRetry.updateStatus(core.client, .jobs, job) { object in
            var status = object["status"]?.objectValue ?? [:]
            status["active"] = .int(Int64(outcome == nil && !suspended ? census.active.count : 0))
            status["ready"] = .int(Int64(census.active.filter(\.isPodReady).count))
            status["succeeded"] = .int(Int64(census.succeeded))
            status["failed"] = .int(Int64(census.failed))
            if indexed { status["completedIndexes"] = .string(JobIndexes.format(census.completedIndexes)) }
            if status["startTime"] == nil, let startTime { status["startTime"] = .string(KubeTime.format(startTime)) }
            var conditions = status["conditions"]?.arrayValue ?? []
            if suspended && outcome == nil {
                StatusConditions.set(&conditions, type: "Suspended", status: "True", reason: "JobSuspended", message: "Job suspended", now: stamp,
                                     withUpdateTime: true)
            } else if StatusConditions.find(conditions, type: "Suspended")?["status"]?.stringValue == "True" {
                StatusConditions.set(&conditions, type: "Suspended", status: "False", reason: "JobResumed", message: "Job resumed", now: stamp,
                                     withUpdateTime: true)
            }
            if let outcome {
                let target = outcome.type == "Complete" ? "SuccessCriteriaMet" : "FailureTarget"
                StatusConditions.set(&conditions, type: target, status: "True", reason: outcome.reason, message: outcome.message, now: stamp,
                                     withUpdateTime: true)
                StatusConditions.set(&conditions, type: outcome.type, status: "True", reason: outcome.reason, message: outcome.message, now: stamp,
                                     withUpdateTime: true)
                if outcome.type == "Complete" { status["completionTime"] = .string(stamp) }
            }
            status["conditions"] = conditions.isEmpty ? nil : .array(conditions)
            object["status"] = .object(status)
        }
    }

    /// When a finished Job finished (its Complete or Failed condition turned True), else nil.
    static func finishedAt(_ job: JSONValue) -> Date? {
        for type in ["Complete", "Failed"] {
            if let condition = job.statusCondition(type), condition["status"]?.stringValue == "True" {
                return condition["lastTransitionTime"]?.stringValue.flatMap(KubeTime.parse) ?? Date()
            }
        }
        return nil
    }

    /// ttlSecondsAfterFinished: deletes the finished Job (and, in the background, its pods)
    /// once the time has passed.
    private func expire(_ job: JSONValue, finishedAt: Date) async throws -> ReconcileResult {
        guard let ttl = job[path: "spec", "ttlSecondsAfterFinished"]?.intValue, !job.isBeingDeleted else { return .done }
        let left = finishedAt.addingTimeInterval(Double(ttl)).timeIntervalSinceNow
        if left > 0 { return .requeueAfter(.milliseconds(Int64(left * 1000) + 1)) }
        do {
            _ = try await core.client.delete(.jobs, namespace: job.namespace ?? "", name: job.name ?? "",
                                        options: DeleteOptions(propagationPolicy: .background, preconditions: DeletePreconditions(uid: job.uid)))
            core.logger.info("deleted a finished job after its ttlSecondsAfterFinished", metadata: ["job": "\(ObjectKey(job))"])
        } catch where isNotFound(error) {}
        return .done
    }

    private static func sooner(_ a: ReconcileResult, _ b: ReconcileResult) -> ReconcileResult {
        switch (a, b) {
        case (.requeueAfter(let x), .requeueAfter(let y)): return .requeueAfter(min(x, y))
        case (.done, _): return b
        default: return a
        }
    }
}
