import Foundation
import Kernel

/// `/stats/summary`: Kubernetes' Summary API (stats/v1alpha1): the node's and each pod's and
/// container's cpu and memory, from the runtime's `ListContainerStats` when it serves it, else
/// zero usage; container log usage from the log files the kubelet reads.
struct SummaryStats: Sendable {
    /// What the kubelet knows.
    let view: KubeletView

    /// The Summary document.
    func summary() async -> JSONValue {
        let now = KubeTime.now()
        let pods = (try? await view.pods()) ?? []
        let stats = await runtimeStats()
        let running = (try? await view.runtime.listContainers())?.filter { $0.state == .running } ?? []
        var nodeCPU: Int64 = 0, nodeCPUTime: Int64 = 0, nodeMemory: Int64 = 0
        var podEntries: [JSONValue] = []
        for pod in pods {
            guard let uid = pod.uid else { continue }
            var containers: [JSONValue] = []
            var podCPU: Int64 = 0, podCPUTime: Int64 = 0, podMemory: Int64 = 0
            for summary in running where summary.labels[CRILabels.podUID] == uid {
                let name = summary.labels[CRILabels.containerName] ?? ""
                let usage = stats[summary.id] ?? ContainerUsage()
                podCPU += usage.nanoCores
                podCPUTime += usage.coreNanoSeconds
                podMemory += usage.workingSet
                let status = (pod[path: "status", "containerStatuses"]?.arrayValue ?? []).first { $0["name"]?.stringValue == name }
                let started = status?[path: "state", "running", "startedAt"]?.stringValue ?? now
                let logBytes = logUsage(pod, container: name)
                containers.append([
                    "name": .string(name), "startTime": .string(started),
                    "cpu": Self.cpu(now, usage.nanoCores, usage.coreNanoSeconds),
                    "memory": Self.memory(now, usage.workingSet, available: nil),
                    "logs": ["time": .string(now), "usedBytes": .int(logBytes), "inodesUsed": 1],
                ])
            }
            nodeCPU += podCPU
            nodeCPUTime += podCPUTime
            nodeMemory += podMemory
            podEntries.append([
                "podRef": ["name": .string(pod.name ?? ""), "namespace": .string(pod.namespace ?? ""), "uid": .string(uid)],
                "startTime": .string(pod[path: "status", "startTime"]?.stringValue ?? now),
                "containers": .array(containers),
                "cpu": Self.cpu(now, podCPU, podCPUTime),
                "memory": Self.memory(now, podMemory, available: nil),
                "volume": [],
            ])
        }
        let capacity = ResourceQuantity.bytes(view.node.capacityJSON["memory"]?.stringValue ?? "")
        return [
            "node": [
                "nodeName": .string(view.node.name),
                "systemContainers": [],
                "startTime": .string(view.startTime),
                "cpu": Self.cpu(now, nodeCPU, nodeCPUTime),
                "memory": Self.memory(now, nodeMemory, available: max(capacity - nodeMemory, 0)),
            ],
            "pods": .array(podEntries),
        ]
    }

    /// CPU stats: current usage in nanocores and cumulative core-nanoseconds.
    static func cpu(_ time: String, _ nanoCores: Int64, _ coreNanoSeconds: Int64) -> JSONValue {
        ["time": .string(time), "usageNanoCores": .int(nanoCores), "usageCoreNanoSeconds": .int(coreNanoSeconds)]
    }

    /// Memory stats: the working set (also reported as usage and RSS) and what is still free.
    static func memory(_ time: String, _ workingSet: Int64, available: Int64?) -> JSONValue {
        var memory: JSONValue = [
            "time": .string(time), "usageBytes": .int(workingSet), "workingSetBytes": .int(workingSet),
            "rssBytes": .int(workingSet), "pageFaults": 0, "majorPageFaults": 0,
        ]
        if let available { memory["availableBytes"] = .int(available) }
        return memory
    }

    /// Bytes of the container's log files.
    private func logUsage(_ pod: JSONValue, container: String) -> Int64 {
        let files = view.logFiles
        let namespace = pod.namespace ?? "", name = pod.name ?? "", uid = pod.uid ?? ""
        return files.attempts(namespace: namespace, pod: name, uid: uid, container: container).reduce(Int64(0)) { total, attempt in
            let path = files.path(namespace: namespace, pod: name, uid: uid, container: container, attempt: attempt)
            let size = (try? FileManager.default.attributesOfItem(atPath: path)[.size] as? NSNumber)?.int64Value ?? 0
            return total + size
        }
    }

    /// The runtime's `ListContainerStats` by container id; empty when the runtime does not serve it.
    private func runtimeStats() async -> [String: ContainerUsage] {
        guard let response = try? await view.runtime.client.call(.listContainerStats, ["filter": [:]]) else { return [:] }
        var result: [String: ContainerUsage] = [:]
        for item in response["stats"]?.arrayValue ?? [] {
            guard let id = item[path: "attributes", "id"]?.stringValue else { continue }
            result[id] = ContainerUsage(
                nanoCores: CRIValues.int64(item[path: "cpu", "usageNanoCores", "value"]) ?? 0,
                coreNanoSeconds: CRIValues.int64(item[path: "cpu", "usageCoreNanoSeconds", "value"]) ?? 0,
                workingSet: CRIValues.int64(item[path: "memory", "workingSetBytes", "value"]) ?? 0)
        }
        return result
    }
}

/// One container's usage as the runtime reports it.
struct ContainerUsage: Sendable {
    /// Current CPU use in billionths of a core.
    var nanoCores: Int64 = 0
    /// CPU time used so far, in core-nanoseconds.
    var coreNanoSeconds: Int64 = 0
    /// Memory working set in bytes.
    var workingSet: Int64 = 0
}
