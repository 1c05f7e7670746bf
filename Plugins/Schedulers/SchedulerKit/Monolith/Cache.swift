/// What the scheduler knows of one node.
struct CachedNode {
    var name: String
    var labels: [String: String]
    var taints: [Taint]
    var unschedulable: Bool
    /// status.allocatable (status.capacity when allocatable is absent), including "pods".
    var allocatable: ResourceAmounts

    init(_ node: Node) {
        name = node.metadata?.name ?? ""
        labels = node.metadata?.labels ?? [:]
        taints = node.spec?.taints ?? []
        unschedulable = node.spec?.unschedulable ?? false
        allocatable = ResourceAmounts(quantities: node.status?.allocatable ?? node.status?.capacity)
    }
}

/// What the pods placed on a node (bound or assumed) request in total.
struct NodeUsage {
    var requested = ResourceAmounts()
    var nonZeroMilliCPU: Int64 = 0
    var nonZeroMemory: Int64 = 0
    var podCount = 0

    mutating func add(_ pod: PodRequests) {
        requested.add(pod.requests)
        nonZeroMilliCPU += pod.nonZeroMilliCPU
        nonZeroMemory += pod.nonZeroMemory
        podCount += 1
    }

    mutating func remove(_ pod: PodRequests) {
        requested.subtract(pod.requests)
        nonZeroMilliCPU -= pod.nonZeroMilliCPU
        nonZeroMemory -= pod.nonZeroMemory
        podCount -= 1
    }
}

/// The scheduler's picture of the cluster, kept from node and pod events: nodes by name and
/// every non-terminal pod that is bound to a node or assumed on one by `schedule`.
/// Not thread-safe: the host serializes calls into an instance.
final class SchedulerCache {
    private struct PlacedPod {
        var node: String
        var requests: PodRequests
        /// Placed by `schedule` and not yet confirmed by a pod event.
        var assumed: Bool
    }

    private(set) var nodes: [String: CachedNode] = [:]
    /// Node names in a stable order (sorted), the order in which nodes are searched.
    private(set) var nodeOrder: [String] = []
    private var usage: [String: NodeUsage] = [:]
    private var pods: [String: PlacedPod] = [:]

    /// What the pods on `node` use; a node survives in here while pods still reference it.
    func usage(of node: String) -> NodeUsage { usage[node] ?? NodeUsage() }

    /// The node `podKey` is bound or assumed on.
    func placement(of podKey: String) -> (node: String, assumed: Bool)? {
        pods[podKey].map { ($0.node, $0.assumed) }
    }

    /// Applies a node event.
    func apply(nodeEvent type: String, _ node: Node) {
        guard let name = node.metadata?.name, !name.isEmpty else { return }
        let known = nodes[name] != nil
        if type == "DELETED" {
            nodes[name] = nil
            if known { nodeOrder.removeAll { $0 == name } }
            return
        }
        nodes[name] = CachedNode(node)
        if !known {
            let index = nodeOrder.firstIndex { $0 > name } ?? nodeOrder.endIndex
            nodeOrder.insert(name, at: index)
        }
    }

    /// Applies a pod event: a bound, non-terminal pod counts on its node (confirming an
    /// assumption); a deleted or finished pod leaves; an unbound pod keeps its assumption.
    func apply(podEvent type: String, _ pod: Pod) {
        let key = pod.key
        if type == "DELETED" || pod.isTerminal {
            remove(key)
            return
        }
        guard let node = pod.spec?.nodeName, !node.isEmpty else {
            if let placed = pods[key], !placed.assumed { remove(key) }
            return
        }
        let requests = PodRequests(of: pod)
        if let placed = pods[key], placed.node == node, placed.requests == requests {
            pods[key]?.assumed = false
            return
        }
        remove(key)
        place(key, on: node, requests, assumed: false)
    }

    /// Counts a pod on `node` until a pod event confirms it or `forget` withdraws it.
    func assume(_ podKey: String, on node: String, _ requests: PodRequests) {
        remove(podKey)
        place(podKey, on: node, requests, assumed: true)
    }

    /// Withdraws an assumption; a pod already confirmed on a node stays.
    func forget(_ podKey: String, on node: String) {
        guard let placed = pods[podKey], placed.assumed, placed.node == node else { return }
        remove(podKey)
    }

    /// Removes an assumption made for `podKey`, if any (before scheduling it again).
    func forgetAssumption(_ podKey: String) {
        if let placed = pods[podKey], placed.assumed { remove(podKey) }
    }

    private func place(_ key: String, on node: String, _ requests: PodRequests, assumed: Bool) {
        pods[key] = PlacedPod(node: node, requests: requests, assumed: assumed)
        usage[node, default: NodeUsage()].add(requests)
    }

    private func remove(_ key: String) {
        guard let placed = pods.removeValue(forKey: key) else { return }
        usage[placed.node]?.remove(placed.requests)
        if usage[placed.node]?.podCount == 0 { usage[placed.node] = nil }
    }
}
