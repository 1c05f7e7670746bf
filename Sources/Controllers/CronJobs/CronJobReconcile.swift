import Foundation
import Kernel

extension CronJobController {
    /// The annotation with the time a Job was scheduled for.
    static let scheduledTimestampAnnotation = "batch.kubernetes.io/cronjob-scheduled-timestamp"

    /// Reconciles one CronJob key: history, then the latest unmet schedule time, then status;
    /// requeued for the next schedule time.
    func reconcile(_ key: ObjectKey) async throws -> ReconcileResult {
        guard let cronJob = cronJobs.get(key), !cronJob.isBeingDeleted else { return .done }
        let spec = cronJob["spec"] ?? [:]
        let owned = jobs.list(namespace: key.namespace).filter { $0.isControlled(byUID: cronJob.uid) && !$0.isBeingDeleted }
        let finished = owned.filter { JobController.finishedAt($0) != nil }
        var active = owned.filter { JobController.finishedAt($0) == nil }
        try await trimHistory(cronJob, finished)

        var newLastSchedule: Date?
        var requeue: ReconcileResult = .done
        // A suspended CronJob keeps its history and status but has no schedule worked out: no
        // missed-run counting, no events, no requeue (a resume is an update, which queues it).
        if spec["suspend"]?.boolValue != true, let (schedule, zone) = await schedule(of: cronJob) {
            let now = Date()
            if let scheduledTime = await latestUnmetTime(cronJob, schedule, zone, now: now) {
                if let deadline = spec["startingDeadlineSeconds"]?.intValue, scheduledTime.addingTimeInterval(Double(deadline)) < now {
                    await events.record(cronJob, type: .cronJobs, eventType: "Warning", reason: "MissSchedule",
                                        message: "Missed scheduled time to start a job: \(KubeTime.format(scheduledTime))")
                } else if let started = try await start(cronJob, at: scheduledTime, active: &active) {
                    active.append(started)
                    newLastSchedule = scheduledTime
                }
            }
            if let next = schedule.next(after: now, in: zone) {
                requeue = .requeueAfter(.milliseconds(Int64(next.timeIntervalSince(now) * 1000) + 100))
            }
        }
        try await writeStatus(cronJob, active: active, finished: finished, lastSchedule: newLastSchedule)
        return requeue
    }

    /// The CronJob's schedule and time zone; nil (with a Warning Event) when either is unusable.
    private func schedule(of cronJob: JSONValue) async -> (CronSchedule, TimeZone)? {
        var zone = TimeZone.current
        if let name = cronJob[path: "spec", "timeZone"]?.stringValue {
            guard let named = TimeZone(identifier: name) else {
                await events.record(cronJob, type: .cronJobs, eventType: "Warning", reason: "UnknownTimeZone", message: "invalid timeZone: \"\(name)\"")
                return nil
            }
            zone = named
        }
        do {
            return (try CronSchedule(parsing: cronJob[path: "spec", "schedule"]?.stringValue ?? ""), zone)
        } catch {
            await events.record(cronJob, type: .cronJobs, eventType: "Warning", reason: "UnparseableSchedule", message: "unparseable schedule: \(error)")
            return nil
        }
    }

    /// The latest schedule time after the last run (or the CronJob's creation) that is not
    /// later than `now`; nil when none. Many missed times get a TooManyMissedTimes Event.
    private func latestUnmetTime(_ cronJob: JSONValue, _ schedule: CronSchedule, _ zone: TimeZone, now: Date) async -> Date? {
        let lastScheduled = cronJob[path: "status", "lastScheduleTime"]?.stringValue.flatMap(KubeTime.parse)
        var cursor = lastScheduled ?? cronJob.creationDate ?? now
        var latest: Date?
        var missed = 0
        while missed <= 100_000, let next = schedule.next(after: cursor, in: zone), next <= now {
            latest = next
            cursor = next
            missed += 1
        }
        if missed > 100 {
            await events.record(cronJob, type: .cronJobs, eventType: "Warning", reason: "TooManyMissedTimes",
                                message: "too many missed start times: \(missed). Set or decrease .spec.startingDeadlineSeconds or check clock skew")
        }
        return latest
    }

    /// Starts the Job for `scheduledTime` as the concurrency policy allows; returns it, or nil
    /// when the run is skipped (Forbid with a Job running) or already exists.
    private func start(_ cronJob: JSONValue, at scheduledTime: Date, active: inout [JSONValue]) async throws -> JSONValue? {
        let namespace = cronJob.namespace ?? ""
        let name = "\(cronJob.name ?? "")-\(Int64(scheduledTime.timeIntervalSince1970) / 60)"
        if active.contains(where: { $0.name == name }) { return nil }
        switch cronJob[path: "spec", "concurrencyPolicy"]?.stringValue ?? "Allow" {
        case "Forbid" where !active.isEmpty:
            logger.debug("a job is still running; skipping this run", metadata: ["cronjob": "\(ObjectKey(cronJob))"])
            return nil
        case "Replace":
            for job in active {
                do {
                    _ = try await client.delete(.jobs, namespace: namespace, name: job.name ?? "", options: DeleteOptions(propagationPolicy: .background))
                    await events.record(cronJob, type: .cronJobs, reason: "SuccessfulDelete", message: "Deleted job \(job.name ?? "")")
                } catch where isNotFound(error) {}
            }
            active = []
        default:
            break
        }
        let template = cronJob[path: "spec", "jobTemplate"] ?? [:]
        var metadata: JSONValue = [
            "name": .string(name), "namespace": .string(namespace),
            "ownerReferences": [OwnerReference(controllerOf: cronJob, type: .cronJobs).json],
        ]
        if let labels = template[path: "metadata", "labels"], !labels.isNull { metadata["labels"] = labels }
        var annotations = template[path: "metadata", "annotations"]?.objectValue ?? [:]
        annotations[Self.scheduledTimestampAnnotation] = .string(KubeTime.format(scheduledTime))
        metadata["annotations"] = .object(annotations)
        let job: JSONValue = ["apiVersion": "batch/v1", "kind": "Job", "metadata": metadata, "spec": template["spec"] ?? [:]]
        do {
            let created = try await client.create(.jobs, namespace: namespace, object: job)
            await events.record(cronJob, type: .cronJobs, reason: "SuccessfulCreate", message: "Created job \(name)")
            return created
        } catch let error as APIError where error.reason == "AlreadyExists" {
            return nil
        } catch {
            await events.record(cronJob, type: .cronJobs, eventType: "Warning", reason: "FailedCreate", message: "Error creating job: \(error)")
            throw error
        }
    }

    /// Deletes the oldest finished Jobs beyond the history limits.
    private func trimHistory(_ cronJob: JSONValue, _ finished: [JSONValue]) async throws {
        let limits = [
            ("Complete", cronJob[path: "spec", "successfulJobsHistoryLimit"]?.intValue ?? 3),
            ("Failed", cronJob[path: "spec", "failedJobsHistoryLimit"]?.intValue ?? 1),
        ]
        for (type, limit) in limits {
            let jobs = finished.filter { $0.statusCondition(type)?["status"]?.stringValue == "True" }
                .sorted { (JobController.finishedAt($0) ?? .distantPast) < (JobController.finishedAt($1) ?? .distantPast) }
            for job in jobs.dropLast(Int(max(limit, 0))) {
                do {
                    _ = try await client.delete(.jobs, namespace: job.namespace ?? "", name: job.name ?? "",
                                                options: DeleteOptions(propagationPolicy: .background))
                    await events.record(cronJob, type: .cronJobs, reason: "SuccessfulDelete", message: "Deleted job \(job.name ?? "")")
                } catch where isNotFound(error) {}
            }
        }
    }

    /// `status.active` (references to the running Jobs), `lastScheduleTime` and
    /// `lastSuccessfulTime`.
    private func writeStatus(_ cronJob: JSONValue, active: [JSONValue], finished: [JSONValue], lastSchedule: Date?) async throws {
        let references: [JSONValue] = active.sorted { ($0.name ?? "") < ($1.name ?? "") }.map { job in
            ["apiVersion": "batch/v1", "kind": "Job", "name": .string(job.name ?? ""), "namespace": .string(job.namespace ?? ""),
             "uid": .string(job.uid ?? ""), "resourceVersion": .string(job.resourceVersion.map { String($0) } ?? "")]
        }
        let lastSuccess = finished.filter { $0.statusCondition("Complete")?["status"]?.stringValue == "True" }
            .compactMap { $0[path: "status", "completionTime"]?.stringValue.flatMap(KubeTime.parse) }.max()
        try await ConflictRetry.updateStatus(client, .cronJobs, cronJob) { object in
            var status = object["status"]?.objectValue ?? [:]
            status["active"] = references.isEmpty ? nil : .array(references)
            if let lastSchedule { status["lastScheduleTime"] = .string(KubeTime.format(lastSchedule)) }
            if let lastSuccess {
                let previous = status["lastSuccessfulTime"]?.stringValue.flatMap(KubeTime.parse)
                if previous.map({ $0 < lastSuccess }) ?? true { status["lastSuccessfulTime"] = .string(KubeTime.format(lastSuccess)) }
            }
            object["status"] = .object(status)
        }
    }
}
