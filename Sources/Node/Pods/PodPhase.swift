import Kernel

/// The pod phase from its container statuses, as the kubelet's `getPhase` computes it: Pending
/// while an init container is still to finish or an app container has not started; Running while
/// any runs (or all have stopped and will be restarted); Succeeded or Failed once every container
/// has stopped for good. A container waiting after an earlier run (CrashLoopBackOff) counts as
/// stopped, not as waiting.
enum PodPhase {
    static func compute(_ pod: PodView, _ record: PodRecord) -> String {
        if let terminal = record.terminalPhase { return terminal }
        let statuses = PodStatusBuilder(runtime: nil, nodeIP: "").containerStatuses(record, pod: pod)
        let phase = compute(restartPolicy: pod.restartPolicy, initStatuses: statuses.initStatuses,
                            statuses: statuses.statuses, containerCount: pod.containers.count)
        // A container just killed for a failed liveness or startup probe is about to be
        // restarted (the kubelet kills and restarts in one step), whatever its exit code.
        if phase == "Succeeded" || phase == "Failed", pod.restartPolicy != "Never",
           pod.containers.contains(where: { container in
               record.containers[container.name].map { record.probeKilled[container.name] == $0.id && $0.snapshot?.state == .exited } ?? false
           }) {
            return "Running"
        }
        return phase
    }

    /// `getPhase` over API container statuses.
    static func compute(restartPolicy: String, initStatuses: [JSONValue], statuses: [JSONValue], containerCount: Int) -> String {
        var pendingInit = 0
        var failedInit = 0
        for status in initStatuses {
            let state = status["state"]
            let lastExit = status[path: "lastState", "terminated", "exitCode"]?.intValue
            if state?["running"] != nil {
                pendingInit += 1
            } else if let terminated = state?["terminated"] {
                if terminated["exitCode"]?.intValue ?? 0 != 0 { failedInit += 1 }
            } else if state?["waiting"] != nil {
                if let lastExit {
                    if lastExit != 0 { failedInit += 1 }
                } else {
                    pendingInit += 1
                }
            } else {
                pendingInit += 1
            }
        }
        var unknown = max(0, containerCount - statuses.count)
        var running = 0, waiting = 0, stopped = 0, succeeded = 0
        var anyStarted = false
        for status in statuses {
            let state = status["state"]
            if state?["running"] != nil {
                running += 1
                anyStarted = true
            } else if let terminated = state?["terminated"] {
                stopped += 1
                anyStarted = true
                if terminated["exitCode"]?.intValue ?? 0 == 0 { succeeded += 1 }
            } else if state?["waiting"] != nil {
                if status[path: "lastState", "terminated"] != nil {
                    stopped += 1
                    anyStarted = true
                } else {
                    waiting += 1
                }
            } else {
                unknown += 1
            }
        }
        if failedInit > 0 && restartPolicy == "Never" { return "Failed" }
        if (pendingInit > 0 && !anyStarted) || waiting > 0 { return "Pending" }
        if running > 0 { return unknown == 0 ? "Running" : "Pending" }
        guard stopped > 0, unknown == 0 else { return "Pending" }
        if restartPolicy == "Always" { return "Running" }
        if stopped == succeeded { return "Succeeded" }
        if restartPolicy == "Never" { return "Failed" }
        return "Running"
    }
}
