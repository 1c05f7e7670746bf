import Kernel

/// Reserve, assume and Permit, and the pods waiting at Permit: each waits until every plugin
/// that made it wait allowed it (verdicts other plugins' calls return), or is rejected, or
/// times out after the shortest wait its plugins asked for.
extension FrameworkLoop {
    /// Reserve (failure: Unreserve all, fail), assume in every bundle, Permit.
    func reserveAndPermit(_ attempt: FrameworkAttempt) {
        let profile = attempt.profile
        attempt.reserved = true
        for ref in profile.at(.reserve) {
            guard let cycle = attempt.cycles[ref.bundle] else { continue }
            let status = bundles[ref.bundle].reserve(ref.handle, cycle: cycle, node: attempt.node)
            if !status.isSuccess {
                rollback(attempt, .status(status, plugin: ref.name, point: "Reserve"))
                return
            }
        }
        for position in plan.bundlesInUse {
            guard let cycle = attempt.cycles[position] else { continue }
            do {
                try bundles[position].assume(cycle, node: attempt.node)
                attempt.assumed.append(position)
            } catch {
                rollback(attempt, .error("assuming pod \(attempt.entry.key) on node \(attempt.nodeName): \(error)"))
                return
            }
        }
        var shortest: (plugin: String, timeout: Duration)?
        for ref in profile.at(.permit) {
            guard let cycle = attempt.cycles[ref.bundle] else { continue }
            let (status, timeout, verdicts) = bundles[ref.bundle].permit(ref.handle, cycle: cycle, node: attempt.node)
            pendingVerdicts.append(contentsOf: verdicts.map { (plugin: ref.name, verdict: $0) })
            switch status.code {
            case .success, .skip:
                continue
            case .wait:
                attempt.waitingOn.insert(ref.name)
                if shortest == nil || timeout < shortest!.timeout { shortest = (ref.name, timeout) }
            default:
                rollback(attempt, .status(status, plugin: ref.name, point: "Permit"))
                return
            }
        }
        guard let shortest else {
            startBinding(attempt)
            return
        }
        attempt.waitTimeoutPlugin = shortest.plugin
        attempt.waitTimeout = shortest.timeout
        attempt.waitDeadline = .now + max(shortest.timeout, .zero)
        waiting[attempt.uid] = attempt
        logger.debug("\(attempt.entry.key) waits at Permit for \(attempt.waitingOn.sorted())")
    }

    /// Applies the Permit decisions collected so far (which may produce more).
    func processVerdicts() {
        while !pendingVerdicts.isEmpty {
            let batch = pendingVerdicts
            pendingVerdicts = []
            for (plugin, verdict) in batch {
                guard let attempt = waiting[verdict.uid] else { continue }
                if verdict.allow {
                    attempt.waitingOn.remove(plugin)
                    if attempt.waitingOn.isEmpty {
                        waiting[verdict.uid] = nil
                        attempt.waitDeadline = nil
                        startBinding(attempt)
                    }
                } else {
                    waiting[verdict.uid] = nil
                    let message = verdict.message ?? "rejected by plugin \(plugin)"
                    rollback(attempt, FrameworkFailure(rejected: true, message: message, rejectors: [plugin]))
                }
            }
        }
    }

    /// Rejects the waiting pods whose wait is over.
    func expirePermitWaits(now: ContinuousClock.Instant) {
        for (uid, attempt) in waiting {
            guard let deadline = attempt.waitDeadline, deadline <= now else { continue }
            waiting[uid] = nil
            let message = "rejected due to timeout after waiting \(FrameworkGoDuration.format(attempt.waitTimeout)) at plugin \(attempt.waitTimeoutPlugin)"
            rollback(attempt, FrameworkFailure(rejected: true, message: message, rejectors: [attempt.waitTimeoutPlugin]))
        }
    }
}
