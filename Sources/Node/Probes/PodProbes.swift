import Kernel
import Synchronization

/// A pod's probe workers (one task per container instance and probe kind) and their verdicts.
/// Created by the pod's worker; its tasks ask the worker to sync when a verdict changes.
final class PodProbes: Sendable {
    /// The verdicts.
    let results = ProbeResults()
    private let poke: @Sendable () -> Void
    /// Running workers by container name: the instance they probe and their tasks.
    private let workers = Mutex<[String: (containerID: String, tasks: [Task<Void, Never>])]>([:])

    /// - Parameter poke: asks the pod's worker to sync.
    init(poke: @escaping @Sendable () -> Void) {
        self.poke = poke
    }

    /// Starts the probe workers of a running container instance unless they run already.
    func ensure(_ container: ContainerSpec, containerID: String, pod: JSONValue, podIP: String?, context: KubeletContext) {
        let specs = ProbeKind.allCases.compactMap { ProbeSpec($0, container: container.json) }
        let hasStartup = specs.contains { $0.kind == .startup }
        let runner = ProbeRunner(runtime: context.runtime, container: container.json, containerID: containerID, podIP: podIP)
        let poke = self.poke
        let stale: [Task<Void, Never>] = workers.withLock { workers in
            if let current = workers[container.name], current.containerID == containerID { return [] }
            let previous = workers[container.name]?.tasks ?? []
            let tasks = specs.map { spec in
                let prober = ContainerProber(
                    probe: spec, name: container.name, containerID: containerID, gatedByStartup: hasStartup,
                    runner: runner, results: results, recorder: context.recorder, pod: pod,
                    fieldPath: container.fieldPath, timeScale: context.options.probeTimeScale, changed: poke)
                return Task { await prober.run() }
            }
            workers[container.name] = (containerID, tasks)
            return previous
        }
        stale.forEach { $0.cancel() }
    }

    /// Stops a container's workers (it is not running) and forgets its verdicts.
    func stop(_ name: String) {
        let tasks = workers.withLock { $0.removeValue(forKey: name)?.tasks ?? [] }
        tasks.forEach { $0.cancel() }
        results.remove(name)
    }

    /// Stops every worker (the pod is terminating or gone).
    func stopAll() {
        let tasks = workers.withLock { workers in
            defer { workers.removeAll() }
            return workers.values.flatMap(\.tasks)
        }
        tasks.forEach { $0.cancel() }
    }
}
