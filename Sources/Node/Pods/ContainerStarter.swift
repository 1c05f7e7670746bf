import Kernel

/// Starts one container of a pod in its sandbox: image by pull policy, CreateContainer,
/// StartContainer, with the Events and waiting reasons of each step. A restart keeps the
/// previous instance (for logs) and removes the one before it.
struct ContainerStarter: Sendable {
    let context: KubeletContext

    /// The Service variables of the pod's containers; none when Services cannot be read.
    private func serviceVariables(for pod: PodView) async -> [(String, String)] {
        let namespaced = (try? await context.client.list(.services, namespace: pod.namespace, labelSelector: [:]).items) ?? []
        let master = try? await context.client.get(.services, namespace: "default", name: "kubernetes")
        return ServiceEnvironment.variables(for: ServiceEnvironment.relevant(pod: pod, namespaceServices: namespaced, masterService: master))
    }

    /// Whether the container was started. On failure the container's waiting reason is set (the
    /// pod's worker retries after the sync error back-off; image pulls back off per image).
    func start(_ container: ContainerSpec, record: inout PodRecord, pod: PodView, now: ContinuousClock.Instant) async -> Bool {
        guard let sandbox = record.sandbox else { return false }
        let recorder = context.recorder
        let name = container.name
        let fieldPath = container.fieldPath
        switch await ImagePuller(context: context).ensureImage(container, pod: pod, sandboxConfig: sandbox.config,
                                                               backOff: &record.pullBackOff, now: now) {
        case .success: break
        case .failure(let waiting):
            // As the kubelet's startContainer: every image failure is also "Error: <reason>".
            await recorder.pod(pod.pod, .warning, "Failed", "Error: \(waiting.reason)", fieldPath: fieldPath)
            record.waiting[name] = waiting
            return false
        }
        let previous = record.containers[name]
        let attempt = previous.map { $0.restartCount + 1 } ?? 0
        let environment = ContainerEnvironment(
            pod: pod, podIPs: record.podIPs, hostIP: context.options.nodeIP, nodeName: context.node.name,
            allocatable: context.node.capacity, objects: APIEnvironmentObjects(client: context.client),
            serviceVariables: await serviceVariables(for: pod))
        let variables: [(String, String)]
        do {
            let built = try await environment.build(for: container)
            for (reason, message) in built.warnings { await recorder.pod(pod.pod, .warning, reason, message) }
            variables = built.variables
        } catch {
            // As the kubelet: retried at the pod worker's error back-off, not the crash back-off.
            let message = error.message
            await recorder.pod(pod.pod, .warning, "Failed", "Error: \(message)", fieldPath: fieldPath)
            record.waiting[name] = ContainerWaiting(reason: "CreateContainerConfigError", message: message)
            return false
        }
        let mounts: [JSONValue]
        do {
            let volumes = try await PodVolumes(root: context.options.podsRoot).setUp(pod, source: VolumeSource(
                pod: pod, objects: APIEnvironmentObjects(client: context.client), tokens: context.options.tokenIssuer))
            mounts = try PodVolumes.mounts(of: container, volumes: volumes)
        } catch {
            // As the kubelet: the pod stays ContainerCreating and the mount is retried.
            await recorder.pod(pod.pod, .warning, "FailedMount", "\(error)")
            record.waiting[name] = ContainerWaiting(reason: "ContainerCreating", message: "\(error)")
            return false
        }
        let config = ContainerConfigBuilder.build(container, pod: pod, attempt: attempt, variables: variables, mounts: mounts,
                                                  nodeMemory: nodeMemory)
        let id: String
        do {
            id = try await context.runtime.createContainer(sandboxID: sandbox.id, config: config, sandboxConfig: sandbox.config)
        } catch {
            let message = RuntimeErrorText.message(error)
            await recorder.pod(pod.pod, .warning, "Failed", "Error: \(message)", fieldPath: fieldPath)
            record.waiting[name] = ContainerWaiting(reason: "CreateContainerError", message: message)
            return false
        }
        await recorder.pod(pod.pod, .normal, "Created", "Created container \(name)", fieldPath: fieldPath)
        if let previous {
            if let dead = previous.deadID { try? await context.runtime.removeContainer(dead) }
            var lastTermination = previous.lastTermination
            var deadID: String? = previous.id
            if let snapshot = previous.snapshot, snapshot.state == .exited || snapshot.state == .unknown {
                lastTermination = PodStatusBuilder.terminated(snapshot, runtime: context.identity.value)
            } else {
                // An instance that never ran (its start failed) leaves nothing worth keeping.
                try? await context.runtime.removeContainer(previous.id)
                deadID = nil
            }
            record.containers[name] = ContainerRecord(
                id: id, snapshot: nil, restartCount: attempt, lastTermination: lastTermination, deadID: deadID)
        } else {
            record.containers[name] = ContainerRecord(id: id, snapshot: nil, restartCount: 0, lastTermination: nil, deadID: nil)
        }
        do {
            try await context.runtime.startContainer(id)
        } catch {
            let message = RuntimeErrorText.message(error)
            await recorder.pod(pod.pod, .warning, "Failed", "Error: \(message)", fieldPath: fieldPath)
            record.waiting[name] = ContainerWaiting(reason: "RunContainerError", message: message)
            record.containers[name]?.snapshot = try? await context.runtime.containerStatus(id)
            return false
        }
        await recorder.pod(pod.pod, .normal, "Started", "Started container \(name)", fieldPath: fieldPath)
        record.waiting[name] = nil
        record.containers[name]?.snapshot = try? await context.runtime.containerStatus(id)
        return true
    }

    /// The node's memory capacity in bytes.
    private var nodeMemory: Int64 {
        ResourceQuantity.bytes(context.node.capacityJSON["memory"]?.stringValue ?? "8Gi")
    }
}
