import Foundation
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
        let grace = Self.remainingGrace(pod)
        let specs = Dictionary((pod.initContainers + pod.containers).map { ($0.name, $0) }, uniquingKeysWith: { first, _ in first })
        await withTaskGroup(of: Void.self) { group in
            for container in live {
                let spec = specs[container.name]
                group.addTask {
                    await context.recorder.pod(pod.pod, .normal, "Killing", "Stopping container \(container.name)", fieldPath: spec?.fieldPath)
                    let timeout = await runPreStop(spec, containerID: container.id, pod: pod, grace: grace)
                    do {
                        try await context.runtime.stopContainer(container.id, timeout: timeout)
                    } catch {
                        context.logger.warning("StopContainer failed", metadata: ["container": "\(container.id)", "error": "\(error)"])
                    }
                }
            }
        }
        await context.runtime.refresh(&record)
    }

    /// The shortest StopContainer timeout left after a preStop hook, as the kubelet keeps it.
    static let minimumGraceAfterHook: Int64 = 2

    /// Runs the container's `lifecycle.preStop.exec` command (ExecSync, bounded by the grace
    /// period) when there is grace to spend; a failure or non-zero exit is a FailedPreStopHook
    /// warning. Returns the StopContainer timeout: the grace period minus the hook's time, at
    /// least `minimumGraceAfterHook`.
    private func runPreStop(_ spec: ContainerSpec?, containerID: String, pod: PodView, grace: Int64) async -> Int64 {
        let command = (spec?.json[path: "lifecycle", "preStop", "exec", "command"]?.arrayValue ?? []).compactMap(\.stringValue)
        guard grace > 0, !command.isEmpty else { return grace }
        let clock = ContinuousClock()
        let started = clock.now
        var failure: String?
        do {
            let reply = try await context.runtime.client.call(.execSync, [
                "containerId": .string(containerID), "cmd": .array(command.map { .string($0) }), "timeout": .int(grace),
            ])
            if let code = reply["exitCode"]?.intValue, code != 0 { failure = "command '\(command.joined(separator: " "))' exited with \(code)" }
        } catch {
            failure = "\(error)"
        }
        if let failure {
            await context.recorder.pod(pod.pod, .warning, "FailedPreStopHook", "PreStopHook failed: \(failure)", fieldPath: spec?.fieldPath)
        }
        let spent = Int64((clock.now - started).components.seconds)
        return max(Self.minimumGraceAfterHook, grace - spent)
    }

    /// The StopContainer timeout: what is left of the deletion's grace period (its
    /// deletionTimestamp minus now, never more than the grace period, never negative), or the
    /// pod's grace period when it is not being deleted.
    static func remainingGrace(_ pod: PodView, now: Date = Date()) -> Int64 {
        let grace = pod.gracePeriod
        guard pod.isTerminating, let stamp = pod.pod[path: "metadata", "deletionTimestamp"]?.stringValue,
              let deadline = KubeTime.parse(stamp) else { return grace }
        let left = Int64(deadline.timeIntervalSince(now).rounded(.up))
        return max(0, min(grace, left))
    }

    /// The options of the kubelet's final delete once everything is stopped: no grace left, and
    /// only this pod (its uid), never a new pod that took the name.
    static func finalDelete(_ pod: PodView) -> DeleteOptions {
        DeleteOptions(gracePeriodSeconds: 0, preconditions: DeletePreconditions(uid: pod.uid))
    }
}
