import Kernel

/// Gives a pod a running sandbox with its network: RunPodSandbox, then CNI ADD through the
/// chain (containerID = the sandbox id, a synthetic netns path, eth0), the pod IP from the
/// result handed back to the runtime as the sandbox annotation `keelson.dev/pod-ip`.
struct SandboxSetup: Sendable {
    let context: KubeletContext

    /// Whether the pod has a ready sandbox after the call. A sandbox the runtime lost or marked
    /// NOTREADY is retired (network released, stopped) and a new attempt is made.
    func ensure(_ record: inout PodRecord, pod: PodView, now: ContinuousClock.Instant) async -> Bool {
        if let sandbox = record.sandbox, !sandbox.stopped {
            switch try? await context.runtime.podSandboxState(sandbox.id) {
            case .ready?: return true
            case .notReady?, nil:
                context.logger.info("sandbox is gone or not ready; creating a new one",
                                    metadata: ["pod": "\(pod.namespace)/\(pod.name)", "sandbox": "\(sandbox.id)"])
                await retire(&record)
            }
        }
        guard record.isDue("sandbox", now: now) else { return false }
        if let problem = await create(&record, pod: pod) {
            record.sandboxProblem = problem
            record.failed("sandbox", backOff: context.options.backOff, now: now)
            return false
        }
        record.sandboxProblem = nil
        record.succeeded("sandbox")
        return true
    }

    /// Creates the sandbox and its network; returns why it failed, or nil.
    private func create(_ record: inout PodRecord, pod: PodView) async -> String? {
        if !pod.hostNetwork, let problem = await context.networkReadiness.problemBeforeSandbox() {
            let message = "network is not ready: container runtime network not ready: NetworkReady=false reason:NetworkPluginNotReady message:\(problem)"
            await context.recorder.pod(pod.pod, .warning, "NetworkNotReady", message)
            return message
        }
        let attempt = record.nextSandboxAttempt
        let dns = PodDNS.form(for: pod, options: context.options)
        for warning in dns.warnings {
            if warning.aboutNode {
                await context.recorder.node(context.node.name, .warning, warning.reason, warning.message)
            } else {
                await context.recorder.pod(pod.pod, .warning, warning.reason, warning.message)
            }
        }
        var config = SandboxConfigBuilder.build(pod, attempt: attempt, options: context.options, dns: dns.config)
        let id: String
        do {
            id = try await context.runtime.runPodSandbox(config, handler: context.options.runtimeHandler)
        } catch {
            let message = "Failed to create pod sandbox: \(Self.describe(error))"
            await context.recorder.pod(pod.pod, .warning, "FailedCreatePodSandBox", message)
            return message
        }
        record.nextSandboxAttempt = attempt + 1
        var attachment: NetworkAttachment?
        var podIPs = [context.options.nodeIP]
        if !pod.hostNetwork {
            let runtime = CNIRuntimeConf(
                containerID: id, netns: "\(context.options.netnsRoot)/\(id)", ifName: "eth0",
                args: [("IgnoreUnknown", "1"), ("K8S_POD_NAMESPACE", pod.namespace), ("K8S_POD_NAME", pod.name),
                       ("K8S_POD_INFRA_CONTAINER_ID", id), ("K8S_POD_UID", pod.uid)],
                path: context.options.cniPath)
            do {
                let added = try await context.network.add(runtime)
                attachment = added
                podIPs = added.podIPs
            } catch {
                try? await context.runtime.stopPodSandbox(id)
                try? await context.runtime.removePodSandbox(id)
                let failure = CNIFailure(error)
                if failure.networkNotReady { context.networkReadiness.record(failure.description) }
                let event = failure.sandboxEvent(sandboxID: id)
                await context.recorder.pod(pod.pod, .warning, event.reason, event.message)
                return event.message
            }
            if podIPs.isEmpty {
                try? await context.network.delete(added: attachment)
                try? await context.runtime.stopPodSandbox(id)
                try? await context.runtime.removePodSandbox(id)
                let message = "Failed to create pod sandbox: the CNI result for sandbox \"\(id)\" has no IP address"
                await context.recorder.pod(pod.pod, .warning, "FailedCreatePodSandBox", message)
                return message
            }
        }
        if let ip = podIPs.first {
            config[path: "annotations", SandboxConfigBuilder.podIPAnnotation] = .string(ip)
        }
        record.sandbox = SandboxRecord(id: id, config: config, network: attachment)
        record.podIPs = podIPs
        return nil
    }

    /// Releases a dead sandbox's network and stops it; it is removed with the pod.
    func retire(_ record: inout PodRecord) async {
        guard var sandbox = record.sandbox else { return }
        if let attachment = sandbox.network, !sandbox.networkReleased {
            do {
                try await context.network.delete(attachment)
                sandbox.networkReleased = true
            } catch {
                context.logger.warning("CNI DEL failed for a retired sandbox", metadata: ["sandbox": "\(sandbox.id)", "error": "\(error)"])
            }
        }
        try? await context.runtime.stopPodSandbox(sandbox.id)
        record.retiredSandboxes.append(sandbox.id)
        record.sandbox = nil
        await context.runtime.refresh(&record)
    }

    static func describe(_ error: any Error) -> String {
        (error as? PluginCallError).map { "\($0.operation): \($0.statusName): \($0.message)" } ?? "\(error)"
    }
}

extension CNIChain {
    /// DEL for an attachment that may not exist.
    func delete(added attachment: NetworkAttachment?) async throws {
        if let attachment { try await delete(attachment) }
    }
}
