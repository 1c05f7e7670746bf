import Kernel
import Logging

/// The kubelet's pod lifecycle event generator: every relist period it lists the runtime's
/// containers once and wakes the workers of pods whose containers appeared, changed state or
/// disappeared (tied to pods through the kubelet's `io.kubernetes.pod.uid` label).
struct ContainerRelister: Sendable {
    let runtime: RuntimeService
    let workers: PodWorkers
    let period: Duration
    let logger: Logger

    func run() async {
        var previous: [String: (state: CRIContainerState, pod: String)] = [:]
        while !Task.isCancelled {
            do {
                let containers = try await runtime.listContainers()
                var current: [String: (state: CRIContainerState, pod: String)] = [:]
                var changed = Set<String>()
                for container in containers {
                    guard let pod = container.labels[CRILabels.podUID] else { continue }
                    current[container.id] = (container.state, pod)
                    if previous[container.id]?.state != container.state { changed.insert(pod) }
                }
                for (id, old) in previous where current[id] == nil { changed.insert(old.pod) }
                previous = current
                if !changed.isEmpty { workers.poke(changed) }
            } catch {
                logger.debug("relist failed", metadata: ["error": "\(error)"])
            }
            try? await Task.sleep(for: period)
        }
    }
}
