import Foundation

/// NodeResourcesFit. PreFilter sums up the pod's requests (containers, init containers,
/// sidecars, overhead); Filter makes a node Unschedulable with every reason that applies, in
/// Kubernetes' order and wording: `Too many pods`, `Insufficient cpu`, `Insufficient memory`,
/// `Insufficient ephemeral-storage`, then `Insufficient <name>` for scalar resources (sorted),
/// checking only what the pod requests and skipping `ignoredResources`/`ignoredResourceGroups`.
/// Score: see `NodeResourcesFit+Score.swift`.
final class NodeResourcesFit: PreFilterPlugin, FilterPlugin, PreScorePlugin, ScorePlugin, EnqueueExtensions {
    /// The name profiles use.
    static let name = "NodeResourcesFit"
    /// The cycle-state key of the pod's requests.
    static let preFilterKey = "PreFilterNodeResourcesFit"
    /// Kubernetes' reason when the node holds its maximum number of pods.
    static let tooManyPodsReason = "Too many pods"

    /// A pod deleted (its resources are freed), a node added or its allocatable grown.
    static var events: [ClusterEvent] {
        [
            ClusterEvent(resource: "Pod", action: "Delete"),
            ClusterEvent(resource: "Node", action: "Add"),
            ClusterEvent(resource: "Node", action: "UpdateNodeAllocatable"),
        ]
    }

    /// Extended resources the Filter ignores.
    let ignoredResources: Set<String>
    /// Extended resource groups (the part before "/") the Filter ignores.
    let ignoredResourceGroups: Set<String>
    /// The scoring strategy's name.
    let strategy: String
    /// The scorer of the configured strategy.
    let scorer: ResourceAllocationScorer

    /// Creates the plugin from NodeResourcesFitArgs.
    init(args: Data?, snapshot: Snapshot) throws {
        let decoded = try NodeResourcesFitArgs.decode(args)
        ignoredResources = Set(decoded.ignoredResources ?? [])
        ignoredResourceGroups = Set(decoded.ignoredResourceGroups ?? [])
        let type = decoded.strategyType
        strategy = type
        let resources = decoded.resources
        let weights = resources.map(\.weight)
        let formula: ScoringFunctions.Formula
        switch type {
        case "MostAllocated": formula = .mostAllocated(weights)
        case "RequestedToCapacityRatio": formula = .custom(ScoringFunctions.requestedToCapacityRatio(weights, shape: decoded.shape))
        default: formula = .leastAllocated(weights)
        }
        scorer = ResourceAllocationScorer(resources: resources, useRequested: false, formula: formula)
    }

    /// The amounts the Filter checks for one pod, worked out once per cycle: cpu, memory and
    /// ephemeral-storage when requested, then the requested scalar resources not ignored, sorted.
    struct CheckedRequests {
        /// (resource name, requested amount) in the order reasons are reported.
        var amounts: [(name: String, amount: Int64)]
        /// The cpu request in millicores (0: not checked).
        var milliCPU: Int64 = 0
        /// The memory request (0: not checked).
        var memory: Int64 = 0
        /// The ephemeral-storage request (0: not checked).
        var ephemeralStorage: Int64 = 0
        /// Whether scalar resources are checked too (then the node's dictionaries are read).
        var hasScalars = false

        /// Whether the node's flat numbers leave room for one more pod and the fixed resources.
        @inline(__always)
        func fitsFixed(_ row: NodeRow) -> Bool {
            row.podCount + 1 <= row.allowedPods
                && (milliCPU == 0 || milliCPU <= row.allocatableMilliCPU - row.requestedMilliCPU)
                && (memory == 0 || memory <= row.allocatableMemory - row.requestedMemory)
                && (ephemeralStorage == 0 || ephemeralStorage <= row.allocatableEphemeralStorage - row.requestedEphemeralStorage)
        }
    }

    /// Keeps what the Filter checks of the pod's requests.
    func preFilter(_ state: CycleState, _ pod: PodInfo, _ nodes: [NodeInfo]) -> (PreFilterResult?, FrameworkStatus) {
        state.write(Self.preFilterKey, checkedRequests(pod.requests.requests))
        return (nil, .success)
    }

    /// Success when the node has room for one more pod and for every resource the pod requests.
    func filter(_ state: CycleState, _ pod: PodInfo, _ node: NodeInfo) -> FrameworkStatus {
        guard let checked = state.read(Self.preFilterKey, as: CheckedRequests.self) else { return Self.missingState }
        let reasons = insufficient(checked, on: node)
        return reasons.isEmpty ? .success : FrameworkStatus(.unschedulable, reasons)
    }

    /// The batched Filter: reads the cycle state once, checks the fixed resources on each node's
    /// flat numbers and builds reasons only for the nodes that do not fit.
    func filter(_ state: CycleState, _ pod: PodInfo, nodes: NodeBatch, into verdicts: inout FilterVerdicts) {
        guard let checked = state.read(Self.preFilterKey, as: CheckedRequests.self) else {
            for position in nodes.indices { verdicts.set(position, Self.missingState) }
            return
        }
        for position in nodes.indices where !checked.fitsFixed(nodes.row(position)) || checked.hasScalars {
            let reasons = insufficient(checked, on: nodes[position])
            if !reasons.isEmpty { verdicts.set(position, FrameworkStatus(.unschedulable, reasons)) }
        }
    }

    /// The status when PreFilter did not run in this cycle.
    static let missingState = FrameworkStatus.error("error reading \"\(preFilterKey)\" from cycleState: not found")

    /// What the Filter checks of `requests`: requested amounts only, ignored extended resources
    /// and resources the scheduler does not account for left out.
    func checkedRequests(_ requests: ResourceAmounts) -> CheckedRequests {
        var amounts: [(name: String, amount: Int64)] = []
        for name in [ResourceName.cpu, ResourceName.memory, ResourceName.ephemeralStorage] {
            let wanted = requests[name, default: 0]
            if wanted > 0 { amounts.append((name, wanted)) }
        }
        for (name, wanted) in requests.sorted(by: { $0.key < $1.key }) where wanted != 0 && ResourceKinds.isScalar(name) {
            if ResourceKinds.isExtended(name) && isIgnored(name) { continue }
            amounts.append((name, wanted))
        }
        var checked = CheckedRequests(amounts: amounts)
        for (name, wanted) in amounts {
            switch name {
            case ResourceName.cpu: checked.milliCPU = wanted
            case ResourceName.memory: checked.memory = wanted
            case ResourceName.ephemeralStorage: checked.ephemeralStorage = wanted
            default: checked.hasScalars = true
            }
        }
        return checked
    }

    /// The reasons the checked requests do not fit what is left on `node`, in Kubernetes' order.
    func insufficient(_ checked: CheckedRequests, on node: NodeInfo) -> [String] {
        var reasons: [String] = []
        if Int64(node.pods.count) + 1 > node.allocatable[ResourceName.pods, default: 0] {
            reasons.append(Self.tooManyPodsReason)
        }
        for (name, wanted) in checked.amounts where wanted > node.allocatable[name, default: 0] - node.requested[name, default: 0] {
            reasons.append("Insufficient \(name)")
        }
        return reasons
    }

    /// Whether the extended resource `name` is ignored by name or by group.
    private func isIgnored(_ name: String) -> Bool {
        if ignoredResources.contains(name) { return true }
        guard !ignoredResourceGroups.isEmpty, let group = name.split(separator: "/", maxSplits: 1).first else { return false }
        return ignoredResourceGroups.contains(String(group))
    }
}
