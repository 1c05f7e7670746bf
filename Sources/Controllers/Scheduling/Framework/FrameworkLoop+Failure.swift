import Kernel

/// How an attempt that did not bind ends: Unreserve (reverse order) when Reserve ran, forget in
/// the bundles that assumed the pod, end the cycles, requeue the pod (unschedulable with its
/// rejecting plugins, or back-off after an error) and report it on the pod, as kube-scheduler's
/// failure handler does.
extension FrameworkLoop {
    /// Unwinds the attempt; `failure` nil: the pod is gone (or bound elsewhere), just forget it.
    func rollback(_ attempt: FrameworkAttempt, _ failure: FrameworkFailure?) {
        if attempt.reserved {
            for ref in attempt.profile.at(.reserve).reversed() {
                guard let cycle = attempt.cycles[ref.bundle] else { continue }
                let verdicts = bundles[ref.bundle].unreserve(ref.handle, cycle: cycle, node: attempt.node)
                pendingVerdicts.append(contentsOf: verdicts.map { (plugin: ref.name, verdict: $0) })
            }
            attempt.reserved = false
        }
        let wasAssumed = !attempt.assumed.isEmpty
        for position in attempt.assumed {
            guard let cycle = attempt.cycles[position] else { continue }
            do {
                try bundles[position].forget(cycle)
            } catch {
                logger.warning("forgetting \(attempt.entry.key) failed in \(bundles[position].bundleName)", metadata: ["error": "\(error)"])
            }
        }
        attempt.assumed = []
        endCycles(attempt)
        finish(attempt, failure)
        if wasAssumed {
            // The pod's resources on the node are free again.
            queue.clusterEvent(FrameworkClusterEvent(resource: "Pod", action: "Delete"), now: .now, except: attempt.entry)
        }
    }

    /// Requeues (or drops) the pod, frees the attempt's version, and reports the failure.
    private func finish(_ attempt: FrameworkAttempt, _ failure: FrameworkFailure?) {
        let entry = attempt.entry
        entry.attemptVersion = nil
        let gone = failure == nil || entry.removed || queue.entry(entry.key) !== entry
        if gone {
            queue.done(entry)
            if entry.version !== attempt.version { entry.version.free(in: bundles) }
            attempt.version.free(in: bundles)
            return
        }
        guard let failure else { return }
        queue.failed(entry, rejectors: failure.rejected ? failure.rejectors : nil, now: .now, timestamp: nowNanos)
        if entry.version !== attempt.version { attempt.version.free(in: bundles) }
        logger.debug("\(entry.key) not scheduled: \(failure.message)")
        report(attempt.pod, profile: attempt.profile, failure)
    }

    /// Writes the PodScheduled=False condition (and the nominated node) and a FailedScheduling Event.
    private func report(_ pod: JSONValue, profile: FrameworkProfileRuntime, _ failure: FrameworkFailure) {
        let client = client
        let logger = logger
        let events = profile.events
        let reason = failure.rejected ? "Unschedulable" : "SchedulerError"
        outbox.post {
            await events.record(pod, type: .pods, eventType: "Warning", reason: "FailedScheduling", message: failure.message)
            await FrameworkStatusWriter.markNotScheduled(
                client: client, pod: pod, reason: reason, message: failure.message, nominatedNodeName: failure.nominatedNodeName, logger: logger)
        }
    }
}
