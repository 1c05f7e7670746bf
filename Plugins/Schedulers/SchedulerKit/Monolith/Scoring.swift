/// The score plugins of kube-scheduler's default profile that this scheduler runs, each giving
/// 0...100 per node, combined with Kubernetes' default weights.
enum Scoring {
    static let maxScore: Int64 = 100
    /// NodeResourcesFit (LeastAllocated) weight.
    static let leastAllocatedWeight: Int64 = 1
    /// NodeResourcesBalancedAllocation weight.
    static let balancedAllocationWeight: Int64 = 1
    /// TaintToleration weight.
    static let taintTolerationWeight: Int64 = 3

    /// The weighted total score of every feasible node (same order as `nodes`).
    static func score(_ pod: PodToPlace, _ nodes: [(info: CachedNode, usage: NodeUsage)]) -> [Int64] {
        let taintCounts = nodes.map { intolerablePreferNoSchedule(pod, $0.info) }
        let maxTaints = taintCounts.max() ?? 0
        return nodes.indices.map { index in
            let (info, usage) = nodes[index]
            let taintScore = maxTaints == 0 ? maxScore : maxScore - Int64(taintCounts[index]) * maxScore / Int64(maxTaints)
            return leastAllocated(pod, info, usage) * leastAllocatedWeight
                + balancedAllocation(pod, info, usage) * balancedAllocationWeight
                + taintScore * taintTolerationWeight
        }
    }

    /// LeastAllocated: the free share of cpu and memory after placing the pod, averaged with
    /// equal weights. Requests count with the non-zero defaults (100m, 200Mi), so that pods
    /// without requests still spread over the nodes.
    static func leastAllocated(_ pod: PodToPlace, _ node: CachedNode, _ usage: NodeUsage) -> Int64 {
        let resources: [(requested: Int64, allocatable: Int64)] = [
            (usage.nonZeroMilliCPU + pod.requests.nonZeroMilliCPU, node.allocatable[ResourceName.cpu, default: 0]),
            (usage.nonZeroMemory + pod.requests.nonZeroMemory, node.allocatable[ResourceName.memory, default: 0]),
        ]
        var total: Int64 = 0
        var weights: Int64 = 0
        for (requested, allocatable) in resources where allocatable > 0 {
            total += requested > allocatable ? 0 : (allocatable - requested) * maxScore / allocatable
            weights += 1
        }
        return weights == 0 ? 0 : total / weights
    }

    /// BalancedAllocation: 100 × (1 − standard deviation of the cpu and memory fractions the
    /// node would have requested after placing the pod), favouring even use of both.
    static func balancedAllocation(_ pod: PodToPlace, _ node: CachedNode, _ usage: NodeUsage) -> Int64 {
        var fractions: [Double] = []
        for name in [ResourceName.cpu, ResourceName.memory] {
            let allocatable = node.allocatable[name, default: 0]
            guard allocatable > 0 else { continue }
            let requested = usage.requested[name, default: 0] + pod.requests.requests[name, default: 0]
            fractions.append(min(1, Double(requested) / Double(allocatable)))
        }
        var deviation = 0.0
        if fractions.count == 2 {
            deviation = abs(fractions[0] - fractions[1]) / 2
        } else if fractions.count > 2 {
            let mean = fractions.reduce(0, +) / Double(fractions.count)
            deviation = (fractions.map { ($0 - mean) * ($0 - mean) }.reduce(0, +) / Double(fractions.count)).squareRoot()
        }
        return Int64((1 - deviation) * Double(maxScore))
    }

    /// TaintToleration's raw score: how many PreferNoSchedule taints of the node the pod does not
    /// tolerate (normalised in reverse across nodes: fewer is better).
    static func intolerablePreferNoSchedule(_ pod: PodToPlace, _ node: CachedNode) -> Int {
        let preferences = pod.tolerations.filter { ($0.effect ?? "").isEmpty || $0.effect == "PreferNoSchedule" }
        return node.taints.filter { taint in
            taint.effect == "PreferNoSchedule" && !preferences.contains { $0.tolerates(taint) }
        }.count
    }
}
