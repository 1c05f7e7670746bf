/// What NodeResourcesFit's strategies and BalancedAllocation share (kube-scheduler's
/// resourceAllocationScorer): for each configured resource, what the node can allocate and what
/// would be requested on it with the pod, handed to a scoring function. With `useRequested`
/// false (NodeResourcesFit), cpu and memory count the non-zero defaults (100m, 200Mi) for
/// containers that request none, on the node and for the pod; BalancedAllocation uses the real
/// requests. A scalar resource the pod does not request, or one the node does not have, is left
/// out.
struct ResourceAllocationScorer {
    /// The resources and their weights.
    let resources: [ResourceSpec]
    /// Whether to use the real requests rather than the non-zero ones for cpu and memory.
    let useRequested: Bool
    /// The scoring function over (requested, allocatable) lists.
    let scorer: ([Int64], [Int64]) -> Int64

    /// The pod's request of each configured resource, in `resources` order.
    func podRequests(_ pod: PodInfo) -> [Int64] {
        resources.map { spec in
            switch spec.name {
            case ResourceName.cpu where !useRequested: pod.requests.nonZeroMilliCPU
            case ResourceName.memory where !useRequested: pod.requests.nonZeroMemory
            default: pod.requests.requests[spec.name, default: 0]
            }
        }
    }

    /// The node's score for a pod requesting `podRequests`.
    func score(_ node: NodeInfo, podRequests: [Int64]) -> (Int64, FrameworkStatus) {
        guard !resources.isEmpty else { return (0, .error("resources not found")) }
        var requested = [Int64](repeating: 0, count: resources.count)
        var allocatable = [Int64](repeating: 0, count: resources.count)
        for (index, spec) in resources.enumerated() {
            let (alloc, req) = allocatableAndRequested(node, spec.name, podRequests[index])
            guard alloc != 0 else { continue }
            allocatable[index] = alloc
            requested[index] = req
        }
        return (scorer(requested, allocatable), .success)
    }

    /// The scores of `nodes` into `scores` (same order); stops at the first failure.
    func score(_ nodes: [NodeInfo], podRequests: [Int64], into scores: inout [Int64]) -> FrameworkStatus {
        for (position, node) in nodes.enumerated() {
            let (value, status) = score(node, podRequests: podRequests)
            guard status.isSuccess else { return status }
            scores[position] = value
        }
        return .success
    }

    /// What `node` can allocate of `name` and what would be requested with the pod's `podRequest`.
    private func allocatableAndRequested(_ node: NodeInfo, _ name: String, _ podRequest: Int64) -> (Int64, Int64) {
        if podRequest == 0 && ResourceKinds.isScalar(name) { return (0, 0) }
        let allocatable = node.allocatable[name, default: 0]
        switch name {
        case ResourceName.cpu:
            return (allocatable, (useRequested ? node.requested[name, default: 0] : node.nonZeroMilliCPU) + podRequest)
        case ResourceName.memory:
            return (allocatable, (useRequested ? node.requested[name, default: 0] : node.nonZeroMemory) + podRequest)
        case ResourceName.ephemeralStorage:
            return (allocatable, node.requested[name, default: 0] + podRequest)
        default:
            guard ResourceKinds.isScalar(name), node.allocatable[name] != nil else { return (0, 0) }
            return (allocatable, node.requested[name, default: 0] + podRequest)
        }
    }
}
