import Kernel

/// One probe of one container instance, run periodically as Kubernetes' probe worker does:
/// after `initialDelaySeconds`, every `periodSeconds`, a verdict after `successThreshold`
/// successes or `failureThreshold` failures in a row, an `Unhealthy` event for each failure.
/// Liveness and readiness wait until the startup probe (if any) has succeeded; a startup probe
/// stops once it succeeded, and liveness and startup probes stop at a failure verdict (the
/// kubelet then kills the container).
struct ContainerProber: Sendable {
    let probe: ProbeSpec
    let name: String
    let containerID: String
    /// Whether the container also has a startup probe, which gates this one.
    let gatedByStartup: Bool
    let runner: ProbeRunner
    let results: ProbeResults
    let recorder: EventRecorder
    /// The pod object for events.
    let pod: JSONValue
    /// The container's field path for events.
    let fieldPath: String
    /// Multiplies every probe duration (tests shrink it).
    let timeScale: Double
    /// Called when the verdict changes, to have the pod synced.
    let changed: @Sendable () -> Void

    /// Runs until cancelled or done.
    func run() async {
        guard await pause(seconds: probe.initialDelaySeconds) else { return }
        var successes = 0
        var failures = 0
        while !Task.isCancelled {
            if probe.kind != .startup, gatedByStartup, results.result(name, .startup, containerID: containerID) != .success {
                guard await pause(seconds: probe.periodSeconds) else { return }
                continue
            }
            let outcome = await runner.run(probe)
            if Task.isCancelled { return }
            switch outcome {
            case .success:
                successes += 1
                failures = 0
                if successes >= probe.successThreshold { publish(.success) }
                if probe.kind == .startup { return }
            case .failure(let message):
                failures += 1
                successes = 0
                await recorder.pod(pod, .warning, "Unhealthy", "\(probe.kind.title) probe failed: \(message)", fieldPath: fieldPath)
                if failures >= probe.failureThreshold {
                    publish(.failure(message))
                    if probe.kind != .readiness { return }
                }
            }
            guard await pause(seconds: probe.periodSeconds) else { return }
        }
    }

    private func publish(_ result: ProbeResult) {
        if results.set(name, probe.kind, containerID: containerID, result) { changed() }
    }

    /// Sleeps the scaled duration; false when cancelled.
    private func pause(seconds: Int64) async -> Bool {
        let scaled = Double(seconds) * timeScale
        if scaled > 0 {
            do { try await Task.sleep(for: .milliseconds(Int64(scaled * 1000))) } catch { return false }
        }
        return !Task.isCancelled
    }
}
