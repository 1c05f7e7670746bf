import Kernel

/// CRI's `LinuxContainerResources` for a container, computed as the kubelet does: CPU shares
/// from the request (or the limit when only a limit is set), the CFS quota from the limit over a
/// 100 ms period, the memory limit in bytes, and the OOM score adjustment by QoS class.
enum ContainerResources {
    /// The CFS period the kubelet uses, in microseconds (100 ms).
    static let quotaPeriod: Int64 = 100_000
    /// The smallest CFS quota, in microseconds (1 ms).
    static let minimumQuota: Int64 = 1_000
    /// cgroup cpu.shares bounds and the shares of one CPU.
    static let minimumShares: Int64 = 2
    static let maximumShares: Int64 = 262_144
    static let sharesPerCPU: Int64 = 1_024
    /// OOM score adjustments: Guaranteed and node-critical pods, BestEffort pods.
    static let guaranteedOOMScoreAdj: Int64 = -997
    static let bestEffortOOMScoreAdj: Int64 = 1_000

    /// `linux.resources` in the proto3 JSON mapping (int64 fields as decimal strings).
    /// - Parameter nodeMemory: the node's memory capacity in bytes (for Burstable pods' OOM score).
    static func linux(_ container: ContainerSpec, pod: PodView, nodeMemory: Int64) -> JSONValue {
        let requests = container.json[path: "resources", "requests"]
        let limits = container.json[path: "resources", "limits"]
        let cpuRequest = quantity(requests?["cpu"]).map(ResourceQuantity.milliCPU)
        let cpuLimit = quantity(limits?["cpu"]).map(ResourceQuantity.milliCPU) ?? 0
        let memoryLimit = quantity(limits?["memory"]).map(ResourceQuantity.bytes) ?? 0
        // A limit without a request: the request defaults to the limit, as the API server does.
        let shares = cpuRequest == nil && cpuLimit != 0 ? cpuShares(milliCPU: cpuLimit) : cpuShares(milliCPU: cpuRequest ?? 0)
        var resources: JSONValue = [
            "cpuPeriod": .string(String(quotaPeriod)),
            "cpuQuota": .string(String(cpuQuota(milliCPU: cpuLimit, period: quotaPeriod))),
            "cpuShares": .string(String(shares)),
            "oomScoreAdj": .string(String(oomScoreAdjust(container, pod: pod, nodeMemory: nodeMemory))),
        ]
        if memoryLimit != 0 { resources["memoryLimitInBytes"] = .string(String(memoryLimit)) }
        return resources
    }

    /// cpu.shares for a CPU amount in millicores (Kubernetes' MilliCPUToShares).
    static func cpuShares(milliCPU: Int64) -> Int64 {
        guard milliCPU > 0 else { return minimumShares }
        let shares = milliCPU * sharesPerCPU / 1_000
        return min(max(shares, minimumShares), maximumShares)
    }

    /// The CFS quota for a CPU limit in millicores over `period` microseconds; 0 without a limit.
    static func cpuQuota(milliCPU: Int64, period: Int64) -> Int64 {
        guard milliCPU > 0 else { return 0 }
        return max(milliCPU * period / 1_000, minimumQuota)
    }

    /// The container's oom_score_adj by the pod's QoS class: -997 for Guaranteed (and
    /// system-node-critical) pods, 1000 for BestEffort, and for Burstable
    /// `1000 - 1000 * memoryRequest / nodeMemory` kept within 3...999.
    static func oomScoreAdjust(_ container: ContainerSpec, pod: PodView, nodeMemory: Int64) -> Int64 {
        if pod.spec["priorityClassName"]?.stringValue == "system-node-critical" { return guaranteedOOMScoreAdj }
        switch QualityOfService.classify(pod) {
        case "Guaranteed": return guaranteedOOMScoreAdj
        case "BestEffort": return bestEffortOOMScoreAdj
        default: break
        }
        let request = quantity(container.json[path: "resources", "requests", "memory"])
            ?? quantity(container.json[path: "resources", "limits", "memory"])
        let memoryRequest = request.map(ResourceQuantity.bytes) ?? 0
        let capacity = max(nodeMemory, 1)
        let adjust = 1_000 - (1_000 * Double(memoryRequest) / Double(capacity)).rounded(.towardZero)
        let score = Int64(adjust)
        if score < 1_000 + guaranteedOOMScoreAdj { return 1_000 + guaranteedOOMScoreAdj }
        if score == bestEffortOOMScoreAdj { return score - 1 }
        return score
    }

    /// A quantity written as a string or a bare number.
    private static func quantity(_ value: JSONValue?) -> String? {
        guard let value else { return nil }
        return value.stringValue ?? value.intValue.map { String($0) } ?? value.doubleValue.map { String($0) }
    }
}
