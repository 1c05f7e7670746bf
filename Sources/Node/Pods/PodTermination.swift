import Kernel

/// Stops a pod: its containers with the grace period (in parallel), then CNI DEL in reverse with
/// the cached ADD result, StopPodSandbox and, when the pod is going away, RemovePodSandbox for
/// every sandbox it had. Each step remembers that it ran, so calling again after a partial
/// failure finishes the job and calling after success does nothing.
struct PodTermination: Sendable {
    let context: KubeletContext

    /// Whether everything is done; false means retry later.
    func terminate(_ record: inout PodRecord, pod: PodView, remove: Bool) async -> Bool {
        await stopContainers(&record, pod: pod)
        if var sandbox = record.sandbox {
            if let attachment = sandbox.network, !sandbox.networkReleased {
                do {
                    try await context.network.delete(attachment)
                    sandbox.networkReleased = true
                    record.sandbox = sandbox
                } catch {
                    await context.recorder.pod(pod.pod, .warning, "FailedKillPod",
                                               "error killing pod: failed to \"KillPodSandbox\" for \"\(pod.uid)\": failed to destroy network for sandbox \"\(sandbox.id)\": \(error)")
                    return false
                }
            }
            if !sandbox.stopped {
                do {
                    try await context.runtime.stopPodSandbox(sandbox.id)
                    sandbox.stopped = true
                    record.sandbox = sandbox
                } catch {
                    context.logger.warning("StopPodSandbox failed", metadata: ["sandbox": "\(sandbox.id)", "error": "\(error)"])
                    return false
                }
            }
        }
        guard remove else { return true }
        let sandboxes = record.retiredSandboxes + (record.sandbox.map { [$0.id] } ?? [])
        for id in sandboxes {
            do {
                try await context.runtime.removePodSandbox(id)
                record.retiredSandboxes.removeAll { $0 == id }
                if record.sandbox?.id == id { record.sandbox = nil }
            } catch {
                context.logger.warning("RemovePodSandbox failed", metadata: ["sandbox": "\(id)", "error": "\(error)"])
                return false
            }
        }
        return true
    }

    /// StopContainer for every container not known to have exited, in parallel, each with the
    /// pod's grace period; then their statuses are read again.
    private func stopContainers(_ record: inout PodRecord, pod: PodView) async {
        let live = record.containers.compactMap { name, container -> (name: String, id: String)? in
            container.snapshot?.state == .exited ? nil : (name, container.id)
        }
        guard !live.isEmpty else { return }
        let grace = pod.gracePeriod
        let specs = Dictionary((pod.initContainers + pod.containers).map { ($0.name, $0) }, uniquingKeysWith: { first, _ in first })
        await withTaskGroup(of: Void.self) { group in
            for container in live {
                let fieldPath = specs[container.name]?.fieldPath
                group.addTask {
                    await context.recorder.pod(pod.pod, .normal, "Killing", "Stopping container \(container.name)", fieldPath: fieldPath)
                    do {
                        try await context.runtime.stopContainer(container.id, timeout: grace)
                    } catch {
                        context.logger.warning("StopContainer failed", metadata: ["container": "\(container.id)", "error": "\(error)"])
                    }
                }
            }
        }
        await context.runtime.refresh(&record)
    }
}
