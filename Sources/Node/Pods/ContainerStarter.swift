import Kernel

/// Starts one container of a pod in its sandbox: image by pull policy, CreateContainer,
/// StartContainer, with the Events and waiting reasons of each step. A restart keeps the
/// previous instance (for logs) and removes the one before it.
struct ContainerStarter: Sendable {
    let context: KubeletContext

    /// Whether the container was started. On failure the container's waiting reason is set
    /// and its retry scheduled.
    func start(_ container: ContainerSpec, record: inout PodRecord, pod: PodView, now: ContinuousClock.Instant) async -> Bool {
        guard let sandbox = record.sandbox else { return false }
        let recorder = context.recorder
        let name = container.name
        switch await ImagePuller(context: context).ensureImage(container, pod: pod, sandboxConfig: sandbox.config) {
        case .success: break
        case .failure(let waiting):
            record.waiting[name] = waiting
            record.failed(name, backOff: context.options.backOff, now: now)
            return false
        }
        let previous = record.containers[name]
        let attempt = previous.map { $0.restartCount + 1 } ?? 0
        let environment = ContainerEnvironment(
            pod: pod, podIPs: record.podIPs, hostIP: context.options.nodeIP, nodeName: context.node.name,
            allocatable: context.node.capacity, objects: APIEnvironmentObjects(client: context.client))
        let variables: [(String, String)]
        do {
            let built = try await environment.build(for: container)
            for (reason, message) in built.warnings { await recorder.pod(pod.pod, .warning, reason, message) }
            variables = built.variables
        } catch {
            // As the kubelet: retried at the pod worker's error back-off, not the crash back-off.
            let message = error.message
            await recorder.pod(pod.pod, .warning, "Failed", "Error: \(message)", fieldPath: container.fieldPath)
            record.waiting[name] = ContainerWaiting(reason: "CreateContainerConfigError", message: message)
            record.retryAt[name] = now + context.options.backOff.delay(afterFailures: 1)
            return false
        }
        let config = ContainerConfigBuilder.build(container, pod: pod, attempt: attempt, variables: variables)
        let id: String
        do {
            id = try await context.runtime.createContainer(sandboxID: sandbox.id, config: config, sandboxConfig: sandbox.config)
        } catch {
            let message = SandboxSetup.describe(error)
            await recorder.pod(pod.pod, .warning, "Failed", "Error: \(message)", fieldPath: container.fieldPath)
            record.waiting[name] = ContainerWaiting(reason: "CreateContainerError", message: message)
            record.failed(name, backOff: context.options.backOff, now: now)
            return false
        }
        await recorder.pod(pod.pod, .normal, "Created", "Created container \(name)", fieldPath: container.fieldPath)
        if let previous {
            if let dead = previous.deadID { try? await context.runtime.removeContainer(dead) }
            record.containers[name] = ContainerRecord(
                id: id, snapshot: nil, restartCount: attempt,
                lastTermination: previous.snapshot.map { PodStatusBuilder.terminated($0, runtime: context.identity.value) } ?? previous.lastTermination,
                deadID: previous.id)
        } else {
            record.containers[name] = ContainerRecord(id: id, snapshot: nil, restartCount: 0, lastTermination: nil, deadID: nil)
        }
        do {
            try await context.runtime.startContainer(id)
        } catch {
            let message = SandboxSetup.describe(error)
            await recorder.pod(pod.pod, .warning, "Failed", "Error: \(message)", fieldPath: container.fieldPath)
            record.waiting[name] = ContainerWaiting(reason: "RunContainerError", message: message)
            record.containers[name]?.snapshot = try? await context.runtime.containerStatus(id)
            record.failed(name, backOff: context.options.backOff, now: now)
            return false
        }
        await recorder.pod(pod.pod, .normal, "Started", "Started container \(name)", fieldPath: container.fieldPath)
        record.waiting[name] = nil
        record.succeeded(name)
        record.containers[name]?.snapshot = try? await context.runtime.containerStatus(id)
        return true
    }
}
