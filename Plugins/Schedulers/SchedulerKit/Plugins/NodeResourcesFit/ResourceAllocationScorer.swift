/// What NodeResourcesFit's strategies and BalancedAllocation share (kube-scheduler's
/// resourceAllocationScorer): for each configured resource, what the node can allocate and what
/// would be requested on it with the pod, handed to a scoring function. With `useRequested`
/// false (NodeResourcesFit), cpu and memory count the non-zero defaults (100m, 200Mi) for
/// containers that request none, on the node and for the pod; BalancedAllocation uses the real
/// requests. A scalar resource the pod does not request, or one the node does not have, is left
/// out. cpu, memory and ephemeral-storage come from the node's flat `NodeRow`; only scalar
/// resources read the node's dictionaries.
struct ResourceAllocationScorer {
    /// Where a configured resource's numbers are kept.
    enum Slot {
        /// cpu, memory or ephemeral-storage, read from the node's `NodeRow`.
        case fixed(FixedResource)
        /// An extended, hugepages or other scalar resource, by name.
        case scalar(String)
        /// A name the scheduler does not account for (always left out).
        case ignored

        init(_ name: String) {
            switch name {
            case ResourceName.cpu: self = .fixed(.cpu)
            case ResourceName.memory: self = .fixed(.memory)
            case ResourceName.ephemeralStorage: self = .fixed(.ephemeralStorage)
            default: self = ResourceKinds.isScalar(name) ? .scalar(name) : .ignored
            }
        }
    }

    /// The resources and their weights.
    let resources: [ResourceSpec]
    /// Each resource's slot, in `resources` order.
    let slots: [Slot]
    /// Whether to use the real requests rather than the non-zero ones for cpu and memory.
    let useRequested: Bool
    /// The scoring formula over (requested, allocatable) lists.
    let formula: ScoringFunctions.Formula
    /// Whether every resource is cpu, memory or ephemeral-storage (or ignored): then a node's
    /// numbers all come from its `NodeRow`.
    let fixedOnly: Bool
    /// Row-only scores of earlier cycles, reused for nodes whose rows did not change.
    let memo = RowScoreMemo()

    /// Creates the scorer of `resources` with `formula`.
    init(resources: [ResourceSpec], useRequested: Bool, formula: ScoringFunctions.Formula) {
        self.resources = resources
        slots = resources.map { Slot($0.name) }
        self.useRequested = useRequested
        self.formula = formula
        fixedOnly = !slots.contains { if case .scalar = $0 { true } else { false } }
    }

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
        return withBuffers { requested, allocatable in
            fill(requested, allocatable, row: node.row, node: { node }, podRequests: podRequests)
            return (formula.function(requested, allocatable), .success)
        }
    }

    /// The scores of `nodes` into `scores` (same order). The formula is chosen once for the
    /// batch; with only fixed resources each node is read from its `NodeRow` alone.
    func score(_ nodes: NodeBatch, podRequests: [Int64], into scores: inout [Int64]) -> FrameworkStatus {
        guard !resources.isEmpty else { return .error("resources not found") }
        if let fixed = fixedScoring(podRequests) {
            scores.withUnsafeMutableBufferPointer { scores in
                switch formula {
                case .leastAllocated: fixed.allocated(nodes, most: false, memo: memo, into: scores)
                case .mostAllocated: fixed.allocated(nodes, most: true, memo: memo, into: scores)
                case .balanced: fixed.balanced(nodes, memo: memo, into: scores)
                case .custom: break
                }
            }
            return .success
        }
        withBuffers { requested, allocatable in
            switch formula {
            case .leastAllocated(let weights):
                scoreEach(nodes, podRequests, requested, allocatable, &scores) { ScoringFunctions.leastAllocated(weights, $0, $1) }
            case .mostAllocated(let weights):
                scoreEach(nodes, podRequests, requested, allocatable, &scores) { ScoringFunctions.mostAllocated(weights, $0, $1) }
            case .balanced:
                scoreEach(nodes, podRequests, requested, allocatable, &scores) { ScoringFunctions.balanced($0, $1) }
            case .custom(let function):
                scoreEach(nodes, podRequests, requested, allocatable, &scores, function)
            }
        }
        return .success
    }

    /// The row-only loops for this pod, when every resource is fixed and the formula is a
    /// built-in one.
    private func fixedScoring(_ podRequests: [Int64]) -> FixedResourceScoring? {
        guard fixedOnly else { return nil }
        switch formula {
        case .leastAllocated(let weights), .mostAllocated(let weights):
            return FixedResourceScoring(slots: slots, weights: weights, podRequests: podRequests, useRequested: useRequested)
        case .balanced:
            return FixedResourceScoring(slots: slots, weights: resources.map(\.weight), podRequests: podRequests, useRequested: useRequested)
        case .custom:
            return nil
        }
    }

    /// The per-node loop of `score(_:podRequests:into:)` for one formula.
    @inline(__always)
    private func scoreEach(
        _ nodes: NodeBatch, _ podRequests: [Int64], _ requested: UnsafeMutableBufferPointer<Int64>,
        _ allocatable: UnsafeMutableBufferPointer<Int64>, _ scores: inout [Int64], _ function: ScoringFunctions.Function
    ) {
        scores.withUnsafeMutableBufferPointer { scores in
            for position in nodes.indices {
                // `fill` asks for the NodeInfo only for scalar resources.
                fill(requested, allocatable, row: nodes.row(position), node: { nodes[position] }, podRequests: podRequests)
                scores[position] = function(requested, allocatable)
            }
        }
    }

    /// Calls `body` with two zeroed buffers of one entry per resource.
    private func withBuffers<Result>(
        _ body: (UnsafeMutableBufferPointer<Int64>, UnsafeMutableBufferPointer<Int64>) -> Result
    ) -> Result {
        withUnsafeTemporaryAllocation(of: Int64.self, capacity: resources.count) { requested in
            withUnsafeTemporaryAllocation(of: Int64.self, capacity: resources.count) { allocatable in
                body(requested, allocatable)
            }
        }
    }

    /// Writes, per resource, what would be requested on the node with the pod and what the node
    /// can allocate (both 0 for a resource left out).
    @inline(__always)
    private func fill(
        _ requested: UnsafeMutableBufferPointer<Int64>, _ allocatable: UnsafeMutableBufferPointer<Int64>, row: NodeRow,
        node: () -> NodeInfo, podRequests: [Int64]
    ) {
        for index in slots.indices {
            let podRequest = podRequests[index]
            var alloc: Int64 = 0
            var req: Int64 = 0
            switch slots[index] {
            case .fixed(let resource):
                let amounts = row.amounts(of: resource, useRequested: useRequested)
                alloc = amounts.allocatable
                req = amounts.requested + podRequest
            case .scalar(let name):
                if podRequest != 0 && row.hasScalarResources, let amount = node().allocatable[name] {
                    alloc = amount
                    req = node().requested[name, default: 0] + podRequest
                }
            case .ignored:
                break
            }
            if alloc == 0 { req = 0 }
            requested[index] = req
            allocatable[index] = alloc
        }
    }
}
