/// One node and what is placed on it, as the framework plugins see it (kube-scheduler's
/// NodeInfo): the node's labels, taints, allocatable resources and images, and the pods bound
/// to it or assumed on it with what they request and the host ports they use.
final class NodeInfo {
    /// The node's dense index in the snapshot (how nodes are named across the ABI).
    let index: Int
    /// The decoded node.
    private(set) var node: Node
    /// `metadata.name`.
    let name: String
    /// `metadata.labels`.
    private(set) var labels: [String: String]
    /// `spec.taints`.
    private(set) var taints: [Taint]
    /// `spec.unschedulable`.
    private(set) var unschedulable: Bool
    /// `status.allocatable` (`status.capacity` when allocatable is absent), including "pods".
    private(set) var allocatable: ResourceAmounts
    /// Image name → size in bytes, for every name of every image in `status.images`.
    private(set) var images: [String: Int64]
    /// The pods bound or assumed here.
    private(set) var pods: [PodInfo] = []
    /// The sum of the pods' requests.
    private(set) var requested = ResourceAmounts()
    /// The pods' cpu requests with the non-zero default (100m) for containers without one.
    private(set) var nonZeroMilliCPU: Int64 = 0
    /// The pods' memory requests with the non-zero default (200Mi) for containers without one.
    private(set) var nonZeroMemory: Int64 = 0
    /// Host ports in use, with how many pods use each.
    private(set) var usedPorts: [HostPort: Int] = [:]
    /// The pods here that have any pod affinity or anti-affinity term.
    private(set) var podsWithAffinity: [PodInfo] = []
    /// The pods here that have a required anti-affinity term.
    private(set) var podsWithRequiredAntiAffinity: [PodInfo] = []
    /// How many pods here that are not terminating carry each label, by namespace: a selector
    /// with one `key In (values)` requirement (the usual spread selector) counts its pods from
    /// here without visiting them.
    private(set) var podLabelCounts: [PodLabel: Int] = [:]
    /// Grows on every change, so caches can tell whether they are current.
    private(set) var generation: UInt64 = 0
    /// The plain numbers the hot per-node loops read, refreshed on every change.
    private(set) var row = NodeRow()

    /// Creates the node's entry at `index`.
    init(index: Int, node: Node) {
        self.index = index
        self.node = node
        name = node.metadata?.name ?? ""
        labels = [:]
        taints = []
        unschedulable = false
        allocatable = ResourceAmounts()
        images = [:]
        update(node)
    }

    /// Takes a newer version of the node object.
    func update(_ node: Node) {
        self.node = node
        labels = node.metadata?.labels ?? [:]
        taints = node.spec?.taints ?? []
        unschedulable = node.spec?.unschedulable ?? false
        allocatable = ResourceAmounts(quantities: node.status?.allocatable ?? node.status?.capacity)
        var images: [String: Int64] = [:]
        for image in node.status?.images ?? [] {
            for name in image.names ?? [] { images[name] = image.sizeBytes ?? 0 }
        }
        self.images = images
        changed()
    }

    /// An independent copy (same node object and pods) that preemption may add pods to or remove
    /// pods from without touching the snapshot (kube-scheduler's `NodeInfo.Snapshot()`).
    func copy() -> NodeInfo {
        let copy = NodeInfo(index: index, node: node)
        for pod in pods { copy.add(pod) }
        return copy
    }

    /// Counts a pod here.
    func add(_ pod: PodInfo) {
        pods.append(pod)
        requested.add(pod.requests.requests)
        nonZeroMilliCPU += pod.requests.nonZeroMilliCPU
        nonZeroMemory += pod.requests.nonZeroMemory
        for port in pod.hostPorts { usedPorts[port, default: 0] += 1 }
        if !pod.affinity.isEmpty { podsWithAffinity.append(pod) }
        if !pod.affinity.requiredAnti.isEmpty { podsWithRequiredAntiAffinity.append(pod) }
        countLabels(of: pod, by: 1)
        changed()
    }

    /// Stops counting the pod with `key` here; false when it was not here.
    @discardableResult
    func remove(_ key: String) -> Bool {
        guard let position = pods.firstIndex(where: { $0.key == key }) else { return false }
        let pod = pods.remove(at: position)
        requested.subtract(pod.requests.requests)
        nonZeroMilliCPU -= pod.requests.nonZeroMilliCPU
        nonZeroMemory -= pod.requests.nonZeroMemory
        for port in pod.hostPorts {
            usedPorts[port, default: 0] -= 1
            if usedPorts[port] == 0 { usedPorts[port] = nil }
        }
        podsWithAffinity.removeAll { $0.key == key }
        podsWithRequiredAntiAffinity.removeAll { $0.key == key }
        countLabels(of: pod, by: -1)
        changed()
        return true
    }

    /// How many pods of `namespace` here, not terminating, have label `key` with one of `values`.
    func podCount(namespace: String, key: String, values: Set<String>) -> Int {
        var count = 0
        for value in values { count += podLabelCounts[PodLabel(namespace: namespace, key: key, value: value)] ?? 0 }
        return count
    }

    private func countLabels(of pod: PodInfo, by delta: Int) {
        guard pod.pod.metadata?.deletionTimestamp == nil else { return }
        for (key, value) in pod.labels {
            let label = PodLabel(namespace: pod.namespace, key: key, value: value)
            let count = podLabelCounts[label, default: 0] + delta
            podLabelCounts[label] = count == 0 ? nil : count
        }
    }

    /// Bumps the generation and refreshes `row`.
    private func changed() {
        generation += 1
        var row = NodeRow()
        row.unschedulable = unschedulable
        row.hasHardTaints = taints.contains { $0.effect == "NoSchedule" || $0.effect == "NoExecute" }
        row.hasPreferNoScheduleTaints = taints.contains { $0.effect == "PreferNoSchedule" }
        row.hasScalarResources = allocatable.keys.contains(where: ResourceKinds.isScalar)
            || requested.keys.contains(where: ResourceKinds.isScalar)
        row.allocatableMilliCPU = allocatable[ResourceName.cpu, default: 0]
        row.allocatableMemory = allocatable[ResourceName.memory, default: 0]
        row.allocatableEphemeralStorage = allocatable[ResourceName.ephemeralStorage, default: 0]
        row.allowedPods = allocatable[ResourceName.pods, default: 0]
        func inverse(_ amount: Int64) -> Double { amount > 0 ? 1 / Double(amount) : 0 }
        row.inverseAllocatable = (inverse(row.allocatableMilliCPU), inverse(row.allocatableMemory), inverse(row.allocatableEphemeralStorage))
        row.requestedMilliCPU = requested[ResourceName.cpu, default: 0]
        row.requestedMemory = requested[ResourceName.memory, default: 0]
        row.requestedEphemeralStorage = requested[ResourceName.ephemeralStorage, default: 0]
        row.nonZeroMilliCPU = nonZeroMilliCPU
        row.nonZeroMemory = nonZeroMemory
        row.podCount = Int64(pods.count)
        self.row = row
    }
}

/// A label of a pod in a namespace (what `NodeInfo.podLabelCounts` counts by).
struct PodLabel: Hashable {
    var namespace: String
    var key: String
    var value: String
}
