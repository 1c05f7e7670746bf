import Kernel

/// The binding cycle: PreBind, the Bind plugins in order until one does not Skip (else the
/// host's DefaultBinder writes the Binding, asynchronously, and the answer comes back through
/// the inbox), PostBind; a failure unreserves, forgets and backs off.
extension FrameworkLoop {
    /// Runs PreBind and Bind for an allowed pod.
    func startBinding(_ attempt: FrameworkAttempt) {
        let profile = attempt.profile
        for ref in profile.at(.preBind) {
            guard let cycle = attempt.cycles[ref.bundle] else { continue }
            let status = bundles[ref.bundle].preBind(ref.handle, cycle: cycle, node: attempt.node)
            if !status.isSuccess {
                rollback(attempt, .status(status, plugin: ref.name, point: "PreBind"))
                return
            }
        }
        for ref in profile.at(.bind) {
            if ref.isHostBinder {
                defaultBind(attempt)
                return
            }
            guard let cycle = attempt.cycles[ref.bundle] else { continue }
            let status = bundles[ref.bundle].bind(ref.handle, cycle: cycle, node: attempt.node)
            if status.code == .skip { continue }
            if status.isSuccess {
                bindingSucceeded(attempt)
            } else {
                rollback(attempt, .status(status, plugin: ref.name, point: "Bind"))
            }
            return
        }
        defaultBind(attempt)
    }

    /// The host's DefaultBinder: writes the Binding in a task and reports back via the inbox.
    private func defaultBind(_ attempt: FrameworkAttempt) {
        binding[attempt.id] = attempt
        let client = client
        let inbox = inbox
        let id = attempt.id
        let namespace = attempt.pod.namespace ?? "default"
        let name = attempt.pod.name ?? ""
        let node = attempt.nodeName
        outbox.post {
            do {
                try await client.bind(podNamespace: namespace, podName: name, nodeName: node)
                inbox.post(.bindingFinished(id: id, error: nil))
            } catch {
                inbox.post(.bindingFinished(id: id, error: error))
            }
        }
    }

    /// The DefaultBinder's answer for attempt `id`.
    func bindingFinished(id: UInt64, error: (any Error)?) {
        guard let attempt = binding.removeValue(forKey: id) else { return }
        guard let error else {
            bindingSucceeded(attempt)
            return
        }
        if let apiError = error as? APIError, apiError.code == 404 || apiError.code == 409 {
            // Deleted, or bound meanwhile: nothing left to schedule.
            logger.debug("binding \(attempt.entry.key) to \(attempt.nodeName) refused: \(apiError.message)")
            rollback(attempt, nil)
            return
        }
        let message = (error as? APIError)?.message ?? "\(error)"
        rollback(attempt, .error("running Bind plugin \"\(FrameworkPluginPlan.defaultBinder)\": \(message)"))
    }

    /// PostBind, the end of the cycle, and the `Scheduled` Event.
    private func bindingSucceeded(_ attempt: FrameworkAttempt) {
        for ref in attempt.profile.at(.postBind) {
            guard let cycle = attempt.cycles[ref.bundle] else { continue }
            bundles[ref.bundle].postBind(ref.handle, cycle: cycle, node: attempt.node)
        }
        endCycles(attempt)
        let entry = attempt.entry
        boundUIDs.insert(attempt.uid)
        queue.done(entry)
        entry.attemptVersion = nil
        attempt.version.free(in: bundles)
        entry.version.free(in: bundles)
        logger.debug("bound \(entry.key) to \(attempt.nodeName)")
        let pod = attempt.pod
        let events = attempt.profile.events
        let message = "Successfully assigned \(pod.namespace ?? "default")/\(pod.name ?? "") to \(attempt.nodeName)"
        outbox.post { await events.record(pod, type: .pods, reason: "Scheduled", message: message) }
    }
}
