import Kernel

/// Builds the pod `status` the kubelet reports: phase, conditions, host and pod IPs, start
/// time, init and app container statuses, QoS class.
struct PodStatusBuilder {
    let runtime: RuntimeIdentity?
    let nodeIP: String

    /// The status; records condition transitions in `record`.
    func build(_ record: inout PodRecord, pod: PodView, phase: String, now: String) -> JSONValue {
        var status: JSONValue = [
            "phase": .string(phase),
            "hostIP": .string(nodeIP), "hostIPs": [["ip": .string(nodeIP)]],
        ]
        if !record.podIPs.isEmpty {
            status["podIP"] = .string(record.podIPs[0])
            status["podIPs"] = .array(record.podIPs.map { ["ip": .string($0)] })
        }
        if let startTime = record.startTime { status["startTime"] = .string(startTime) }
        let statuses = containerStatuses(record, pod: pod)
        let initialized = statuses.initialized
        if !statuses.initStatuses.isEmpty { status["initContainerStatuses"] = .array(statuses.initStatuses) }
        status["containerStatuses"] = .array(statuses.statuses)
        status["conditions"] = .array(conditions(&record, pod: pod, phase: phase, initialized: initialized, now: now))
        status["qosClass"] = .string(pod.pod[path: "status", "qosClass"]?.stringValue ?? QualityOfService.classify(pod))
        return status
    }

    // MARK: containers

    /// The init and app container statuses, and whether every init container has succeeded.
    func containerStatuses(_ record: PodRecord, pod: PodView) -> (initStatuses: [JSONValue], statuses: [JSONValue], initialized: Bool) {
        let initialized = pod.initContainers.allSatisfy { isSucceeded(record.containers[$0.name]) }
        let initStatuses = pod.initContainers.map { containerStatus($0, record: record, initializing: false) }
        let statuses = pod.containers.map { containerStatus($0, record: record, initializing: !initialized) }
        return (initStatuses, statuses, initialized)
    }

    private func containerStatus(_ container: ContainerSpec, record: PodRecord, initializing: Bool) -> JSONValue {
        let current = record.containers[container.name]
        var status: JSONValue = [
            "name": .string(container.name),
            "image": .string(current?.snapshot.map { $0.image.isEmpty ? container.image : $0.image } ?? container.image),
            "imageID": .string(current?.snapshot?.imageRef ?? ""),
            "restartCount": .int(Int64(current?.restartCount ?? 0)),
            "ready": false, "started": false,
            "lastState": current?.lastTermination.map { ["terminated": $0] } ?? [:],
        ]
        if let current { status["containerID"] = .string(containerID(current.id)) }
        let waiting = record.waiting[container.name]
        switch current?.snapshot?.state {
        case .running?:
            let snapshot = current!.snapshot!
            status["state"] = ["running": ["startedAt": .string(KubeTime.fromNanoseconds(snapshot.startedAt) ?? KubeTime.now())]]
            status["started"] = .bool(record.started[container.name] ?? true)
            status["ready"] = .bool(record.readiness[container.name] ?? true)
        case .exited?, .unknown?:
            let terminated = Self.terminated(current!.snapshot!, runtime: runtime)
            if let waiting {
                status["state"] = ["waiting": Self.waiting(waiting)]
                status["lastState"] = ["terminated": terminated]
            } else {
                status["state"] = ["terminated": terminated]
            }
        case .created?, nil:
            let reason = waiting ?? ContainerWaiting(reason: initializing ? "PodInitializing" : "ContainerCreating", message: "")
            status["state"] = ["waiting": Self.waiting(reason)]
        }
        return status
    }

    private func containerID(_ id: String) -> String {
        runtime?.containerID(id) ?? id
    }

    private static func waiting(_ waiting: ContainerWaiting) -> JSONValue {
        var state: JSONValue = ["reason": .string(waiting.reason)]
        if !waiting.message.isEmpty { state["message"] = .string(waiting.message) }
        return state
    }

    /// `state.terminated` from a container's CRI status.
    static func terminated(_ snapshot: ContainerSnapshot, runtime: RuntimeIdentity?) -> JSONValue {
        let reason = snapshot.reason.isEmpty ? (snapshot.exitCode == 0 ? "Completed" : "Error") : snapshot.reason
        var state: JSONValue = [
            "exitCode": .int(Int64(snapshot.exitCode)),
            "reason": .string(reason),
            "containerID": .string(runtime?.containerID(snapshot.id) ?? snapshot.id),
        ]
        state["startedAt"] = KubeTime.fromNanoseconds(snapshot.startedAt).map(JSONValue.string) ?? .null
        state["finishedAt"] = KubeTime.fromNanoseconds(snapshot.finishedAt).map(JSONValue.string) ?? .null
        if !snapshot.message.isEmpty { state["message"] = .string(snapshot.message) }
        return state
    }

    private func isSucceeded(_ container: ContainerRecord?) -> Bool {
        guard let snapshot = container?.snapshot else { return false }
        return snapshot.state == .exited && snapshot.exitCode == 0
    }

    private func isReady(_ name: String, _ record: PodRecord) -> Bool {
        record.containers[name]?.snapshot?.state == .running && (record.readiness[name] ?? true)
    }

    // MARK: conditions

    private func conditions(_ record: inout PodRecord, pod: PodView, phase: String, initialized: Bool, now: String) -> [JSONValue] {
        var result: [JSONValue] = []
        func add(_ type: String, _ holds: Bool, reason: String? = nil, message: String? = nil) {
            let status = holds ? "True" : "False"
            var mark = record.conditionMarks[type] ?? ConditionMark(status: status, time: now)
            if mark.status != status { mark = ConditionMark(status: status, time: now) }
            record.conditionMarks[type] = mark
            var condition: JSONValue = [
                "type": .string(type), "status": .string(status),
                "lastProbeTime": .null, "lastTransitionTime": .string(mark.time),
            ]
            if let reason { condition["reason"] = .string(reason) }
            if let message, !message.isEmpty { condition["message"] = .string(message) }
            result.append(condition)
        }
        let sandboxReady = record.sandbox.map { !$0.stopped } ?? false
        add("PodReadyToStartContainers", sandboxReady,
            reason: sandboxReady || record.sandboxProblem == nil ? nil : "FailedCreatePodSandBox", message: sandboxReady ? nil : record.sandboxProblem)
        let incomplete = pod.initContainers.filter { !isSucceeded(record.containers[$0.name]) }.map(\.name)
        if initialized {
            add("Initialized", true)
        } else {
            add("Initialized", false, reason: "ContainersNotInitialized", message: "containers with incomplete status: [\(incomplete.joined(separator: " "))]")
        }
        let unready = pod.containers.filter { !isReady($0.name, record) }.map(\.name)
        let completed = phase == "Succeeded" || phase == "Failed"
        let readyReason = completed ? "PodCompleted" : "ContainersNotReady"
        let readyMessage = completed ? nil : "containers with unready status: [\(unready.joined(separator: " "))]"
        if unready.isEmpty && !completed {
            add("Ready", true)
            add("ContainersReady", true)
        } else {
            add("Ready", false, reason: readyReason, message: readyMessage)
            add("ContainersReady", false, reason: readyReason, message: readyMessage)
        }
        if let scheduled = (pod.pod[path: "status", "conditions"]?.arrayValue ?? []).first(where: { $0["type"]?.stringValue == "PodScheduled" }) {
            result.append(scheduled)
        } else {
            add("PodScheduled", true)
        }
        return result
    }
}
