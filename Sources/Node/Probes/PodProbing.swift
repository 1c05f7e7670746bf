import Kernel

/// The sync's side of probing: keeps probe workers on the running app containers, turns
/// verdicts into `started` and `ready`, and kills a container whose liveness or startup probe
/// failed so that the restart policy applies.
struct PodProbing: Sendable {
    let context: KubeletContext

    /// Applies the probes' verdicts to `record` (call after the containers' statuses are refreshed).
    func apply(_ record: inout PodRecord, pod: PodView) async {
        guard let probes = record.probes else { return }
        for container in pod.containers {
            let name = container.name
            guard let current = record.containers[name], let snapshot = current.snapshot, snapshot.state == .running else {
                probes.stop(name)
                record.started[name] = nil
                record.readiness[name] = nil
                continue
            }
            probes.ensure(container, containerID: current.id, pod: pod.pod, podIP: record.podIPs.first, context: context)
            let results = probes.results
            let hasStartup = ProbeSpec(.startup, container: container.json) != nil
            let started = !hasStartup || results.result(name, .startup, containerID: current.id) == .success
            record.started[name] = started
            if !started {
                record.readiness[name] = false
            } else if ProbeSpec(.readiness, container: container.json) != nil {
                record.readiness[name] = results.result(name, .readiness, containerID: current.id) == .success
            } else {
                record.readiness[name] = true
            }
            for kind in [ProbeKind.startup, .liveness] {
                if case .failure? = results.result(name, kind, containerID: current.id) {
                    await kill(container, &record, pod: pod, kind: kind)
                    break
                }
            }
        }
    }

    /// The probe's own `terminationGracePeriodSeconds` when it sets one, else the pod's.
    static func grace(_ container: ContainerSpec, kind: ProbeKind, pod: PodView) -> Int64 {
        container.json[path: kind.field, "terminationGracePeriodSeconds"]?.intValue ?? pod.gracePeriod
    }

    /// StopContainer with the pod's grace period after a failed liveness or startup probe.
    private func kill(_ container: ContainerSpec, _ record: inout PodRecord, pod: PodView, kind: ProbeKind) async {
        guard let id = record.containers[container.name]?.id else { return }
        record.probes?.stop(container.name)
        record.readiness[container.name] = false
        record.probeKilled[container.name] = id
        await context.recorder.pod(
            pod.pod, .normal, "Killing", "Container \(container.name) failed \(kind.rawValue) probe, will be restarted",
            fieldPath: container.fieldPath)
        do {
            try await context.runtime.stopContainer(id, timeout: Self.grace(container, kind: kind, pod: pod))
        } catch {
            context.logger.warning("StopContainer failed", metadata: ["container": "\(id)", "error": "\(error)"])
        }
        if let snapshot = try? await context.runtime.containerStatus(id) {
            record.containers[container.name]?.snapshot = snapshot
        }
    }
}
