/// The pod phase from its containers, by Kubernetes' rules: Pending until init containers
/// succeeded and every app container has started; Running while any runs or will be restarted;
/// Succeeded or Failed once all have exited for good.
enum PodPhase {
    static func compute(_ pod: PodView, _ record: PodRecord) -> String {
        if let terminal = record.terminalPhase { return terminal }
        for container in pod.initContainers {
            guard let snapshot = record.containers[container.name]?.snapshot, snapshot.state == .exited else { return "Pending" }
            if snapshot.exitCode == 0 { continue }
            return pod.restartPolicy == "Never" ? "Failed" : "Pending"
        }
        var running = 0, waiting = 0, stopped = 0, succeeded = 0
        for container in pod.containers {
            guard let current = record.containers[container.name], let snapshot = current.snapshot else {
                waiting += 1
                continue
            }
            switch snapshot.state {
            case .running:
                running += 1
            case .created:
                if current.restartCount > 0 { stopped += 1 } else { waiting += 1 }
            case .exited, .unknown:
                stopped += 1
                // A container killed for a failed probe is restarted unless the policy is Never.
                if snapshot.exitCode == 0, record.probeKilled[container.name] != snapshot.id || pod.restartPolicy == "Never" { succeeded += 1 }
            }
        }
        if waiting > 0 { return "Pending" }
        if running > 0 { return "Running" }
        guard stopped > 0 else { return "Pending" }
        if pod.restartPolicy == "Always" { return "Running" }
        if stopped == succeeded { return "Succeeded" }
        if pod.restartPolicy == "OnFailure" { return "Running" }
        return "Failed"
    }
}
