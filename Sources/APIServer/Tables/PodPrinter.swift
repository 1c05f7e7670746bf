import Foundation
import Kernel

/// `kubectl get pods`: NAME READY STATUS RESTARTS AGE, wide IP NODE NOMINATED NODE READINESS GATES.
enum PodPrinter {
    /// The pod printer.
    static let printer = TablePrinter(columns: [
        .name,
        TableColumn("Ready", "The number of ready containers out of all containers of the pod."),
        TableColumn("Status", "The container waiting or terminated reason when there is one, otherwise the pod phase."),
        TableColumn("Restarts", "Container restarts, with the time since the last one."),
        .age,
        TableColumn("IP", priority: 1, "The IP address allocated to the pod."),
        TableColumn("Node", priority: 1, "The node the pod is bound to."),
        TableColumn("Nominated Node", priority: 1, "The node the scheduler nominated for the pod after preemption."),
        TableColumn("Readiness Gates", priority: 1, "Readiness gates whose condition is True, out of all gates."),
    ], conditions: conditions, cells: cells)

    /// The state a pod is shown in: STATUS, READY counts and restarts.
    struct Summary: Equatable {
        var status: String
        var ready: Int
        var total: Int
        var restarts: Int64
        var lastRestart: Date?
    }

    /// The cells of one pod at `now`, wide cells included.
    static func cells(_ pod: JSONValue, now: Date) -> [JSONValue] {
        let summary = summarize(pod)
        var restarts = String(summary.restarts)
        if summary.restarts != 0, let last = summary.lastRestart {
            restarts += " (\(HumanDuration.format(seconds: now.timeIntervalSince(last))) ago)"
        }
        let podIP = TableCells.array(pod, "status", "podIPs").first?["ip"]?.stringValue ?? TableCells.string(pod, "status", "podIP")
        return [
            .string(pod.name ?? ""), .string("\(summary.ready)/\(summary.total)"), .string(summary.status), .string(restarts),
            .string(HumanDuration.since(pod[path: "metadata", "creationTimestamp"], now: now)),
            .string(TableCells.orNone(podIP)), .string(TableCells.orNone(TableCells.string(pod, "spec", "nodeName"))),
            .string(TableCells.orNone(TableCells.string(pod, "status", "nominatedNodeName"))), .string(readinessGates(pod)),
        ]
    }

    /// Kubernetes' reading of a pod's state for its STATUS, READY and RESTARTS columns.
    static func summarize(_ pod: JSONValue) -> Summary {
        let phase = TableCells.string(pod, "status", "phase")
        let statusReason = TableCells.string(pod, "status", "reason")
        var reason = statusReason.isEmpty ? phase : statusReason
        let conditions = TableCells.array(pod, "status", "conditions")
        if conditions.contains(where: { $0["type"] == "PodScheduled" && $0["reason"] == "SchedulingGated" }) {
            reason = "SchedulingGated"
        }
        let initSpecs = TableCells.array(pod, "spec", "initContainers")
        let sidecars = Set(initSpecs.filter { $0["restartPolicy"] == "Always" }.compactMap { $0["name"]?.stringValue })
        let total = TableCells.array(pod, "spec", "containers").count + sidecars.count
        var ready = 0
        var restarts: Int64 = 0
        var sidecarRestarts: Int64 = 0
        var lastRestart: Date?
        var lastSidecarRestart: Date?
        var initializing = false

        let initStatuses = TableCells.array(pod, "status", "initContainerStatuses")
        for (index, container) in initStatuses.enumerated() {
            let count = container["restartCount"]?.intValue ?? 0
            let finished = finishedAt(container)
            restarts += count
            lastRestart = later(lastRestart, finished)
            let isSidecar = sidecars.contains(container["name"]?.stringValue ?? "")
            if isSidecar {
                sidecarRestarts += count
                lastSidecarRestart = later(lastSidecarRestart, finished)
            }
            let terminated = container[path: "state", "terminated"]
            let waitingReason = container[path: "state", "waiting", "reason"]?.stringValue ?? ""
            if let terminated, terminated["exitCode"]?.intValue ?? 0 == 0 { continue }
            if isSidecar, container["started"]?.boolValue == true {
                if container["ready"]?.boolValue == true { ready += 1 }
                continue
            }
            if let terminated {
                let terminatedReason = terminated["reason"]?.stringValue ?? ""
                if !terminatedReason.isEmpty {
                    reason = "Init:" + terminatedReason
                } else if let signal = terminated["signal"]?.intValue, signal != 0 {
                    reason = "Init:Signal:\(signal)"
                } else {
                    reason = "Init:ExitCode:\(terminated["exitCode"]?.intValue ?? 0)"
                }
            } else if !waitingReason.isEmpty, waitingReason != "PodInitializing" {
                reason = "Init:" + waitingReason
            } else {
                reason = "Init:\(index)/\(initSpecs.count)"
            }
            initializing = true
            break
        }

        let initialized = conditions.contains { $0["type"] == "Initialized" && $0["status"] == "True" }
        if !initializing || initialized {
            restarts = sidecarRestarts
            lastRestart = lastSidecarRestart
            var hasRunning = false
            for container in TableCells.array(pod, "status", "containerStatuses").reversed() {
                restarts += container["restartCount"]?.intValue ?? 0
                lastRestart = later(lastRestart, finishedAt(container))
                let waitingReason = container[path: "state", "waiting", "reason"]?.stringValue ?? ""
                let terminated = container[path: "state", "terminated"]
                if !waitingReason.isEmpty {
                    reason = waitingReason
                } else if let terminated {
                    let terminatedReason = terminated["reason"]?.stringValue ?? ""
                    if !terminatedReason.isEmpty {
                        reason = terminatedReason
                    } else if let signal = terminated["signal"]?.intValue, signal != 0 {
                        reason = "Signal:\(signal)"
                    } else {
                        reason = "ExitCode:\(terminated["exitCode"]?.intValue ?? 0)"
                    }
                } else if container["ready"]?.boolValue == true, container[path: "state", "running"] != nil {
                    hasRunning = true
                    ready += 1
                }
            }
            if reason == "Completed", hasRunning {
                reason = conditions.contains { $0["type"] == "Ready" && $0["status"] == "True" } ? "Running" : "NotReady"
            }
        }

        if pod[path: "metadata", "deletionTimestamp"] != nil {
            if statusReason == "NodeLost" {
                reason = "Unknown"
            } else if phase != "Succeeded" && phase != "Failed" {
                reason = "Terminating"
            }
        }
        return Summary(status: reason, ready: ready, total: total, restarts: restarts, lastRestart: lastRestart)
    }

    /// "Completed" row conditions for pods that have finished, as Kubernetes marks them.
    static func conditions(_ pod: JSONValue) -> JSONValue? {
        switch TableCells.string(pod, "status", "phase") {
        case "Succeeded":
            return [["type": "Completed", "status": "True", "reason": "Succeeded", "message": "The pod has completed successfully."]]
        case "Failed":
            return [["type": "Completed", "status": "True", "reason": "Failed", "message": "The pod failed."]]
        default:
            return nil
        }
    }

    private static func readinessGates(_ pod: JSONValue) -> String {
        let gates = TableCells.array(pod, "spec", "readinessGates")
        guard !gates.isEmpty else { return "<none>" }
        let conditions = TableCells.array(pod, "status", "conditions")
        let passing = gates.filter { gate in
            conditions.first { $0["type"] == gate["conditionType"] }?["status"] == "True"
        }.count
        return "\(passing)/\(gates.count)"
    }

    private static func finishedAt(_ container: JSONValue) -> Date? {
        container[path: "lastState", "terminated", "finishedAt"]?.stringValue.flatMap(KubeTime.parse)
    }

    private static func later(_ first: Date?, _ second: Date?) -> Date? {
        guard let second else { return first }
        guard let first else { return second }
        return max(first, second)
    }
}
