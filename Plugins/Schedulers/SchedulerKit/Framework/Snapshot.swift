/// The cluster as a scheduler bundle sees it, kept from the host's change notifications:
/// every node under a dense index, every non-terminal pod bound to a node or assumed on one,
/// namespaces' labels (for `namespaceSelector`) and how many nodes hold each image. Plugins read
/// it during a cycle; the host never calls into a bundle concurrently, so it needs no lock.
final class Snapshot {
    /// Nodes by index; removed nodes leave a hole that a later node reuses.
    private(set) var slots: [NodeInfo?] = []
    /// The hot numbers of each node, by the same index (an empty row in holes).
    private(set) var rows: [NodeRow] = []
    /// When each row last changed: a number from a counter of the whole snapshot, so a row
    /// whose generation a plugin saw before holds the same numbers (`RowScoreMemo`).
    private(set) var rowGenerations: [UInt64] = []
    /// The generation the next row change gets (0 is never given: it means "never seen").
    private var nextRowGeneration: UInt64 = 1
    /// Whether a node is at each index (compact, for `holdsAll`).
    private(set) var presence: [Bool] = []
    /// The indices of nodes with a pod that has any pod affinity or anti-affinity term.
    private(set) var nodesWithAffinityPods: Set<Int> = []
    /// The indices of nodes with a pod that has a required anti-affinity term.
    private(set) var nodesWithRequiredAntiAffinityPods: Set<Int> = []
    /// Node index by name.
    private(set) var indexByName: [String: Int] = [:]
    /// Labels of every namespace seen.
    private(set) var namespaceLabels: [String: [String: String]] = [:]
    /// Image name → number of nodes that hold it (ImageLocality's spread).
    private(set) var imageNodeCounts: [String: Int] = [:]
    /// Where each placed pod is, and whether it is only assumed there.
    private var placements: [String: (node: String, pod: PodInfo, assumed: Bool)] = [:]
    private var cachedNodes: [NodeInfo]?
    /// Reads the cluster's PodDisruptionBudgets when preemption needs them (the bundle lists
    /// them through the host; none without a host).
    var disruptionBudgets: () -> [DisruptionBudget] = { [] }

    /// Creates an empty snapshot.
    init() {}

    /// Every node, in index order.
    var nodes: [NodeInfo] {
        if let cachedNodes { return cachedNodes }
        let live = slots.compactMap { $0 }
        cachedNodes = live
        return live
    }

    /// The node named `name`.
    func node(named name: String) -> NodeInfo? { indexByName[name].flatMap { slots[$0] } }

    /// The node a pod is bound or assumed on, and whether it is only assumed.
    func placement(of podKey: String) -> (node: String, assumed: Bool)? { placements[podKey].map { ($0.node, $0.assumed) } }

    // MARK: Changes

    /// Applies a node event (`ADDED`, `MODIFIED`, `DELETED`) for the node the host numbers
    /// `index` (dense, reused only after the node's DELETED event). A node that shows up under a
    /// new index moves there, keeping its pods.
    func apply(nodeEvent type: String, index: Int, _ node: Node) {
        guard let name = node.metadata?.name, !name.isEmpty, index >= 0 else { return }
        if type == "DELETED" {
            removeNode(named: name)
            return
        }
        if let known = indexByName[name], known == index, let info = slots[index] {
            countImages(of: info, by: -1)
            info.update(node)
            countImages(of: info, by: 1)
            sync(info)
            return
        }
        removeNode(named: name)
        if index < slots.count, let other = slots[index] { removeNode(named: other.name) }
        while slots.count <= index {
            slots.append(nil)
            rows.append(NodeRow())
            rowGenerations.append(0)
            presence.append(false)
        }
        let info = NodeInfo(index: index, node: node)
        slots[index] = info
        indexByName[name] = index
        countImages(of: info, by: 1)
        // Pods whose binding arrived before their node (or that were on it under its old index)
        // count on it now.
        for placed in placements.values where placed.node == name { info.add(placed.pod) }
        sync(info)
        cachedNodes = nil
    }

    /// Applies a node event, numbering a new node with the lowest free index (in-process callers
    /// without a host: tests and benchmarks).
    func apply(nodeEvent type: String, _ node: Node) {
        guard let name = node.metadata?.name, !name.isEmpty else { return }
        let index = indexByName[name] ?? slots.firstIndex(where: { $0 == nil }) ?? slots.count
        apply(nodeEvent: type, index: index, node)
    }

    /// The node at the host's `index`, when one is there.
    func node(at index: Int) -> NodeInfo? { index >= 0 && index < slots.count ? slots[index] : nil }

    private func removeNode(named name: String) {
        guard let index = indexByName.removeValue(forKey: name), let info = slots[index] else { return }
        countImages(of: info, by: -1)
        slots[index] = nil
        setRow(NodeRow(), at: index)
        presence[index] = false
        nodesWithAffinityPods.remove(index)
        nodesWithRequiredAntiAffinityPods.remove(index)
        cachedNodes = nil
    }

    private func setRow(_ row: NodeRow, at index: Int) {
        rows[index] = row
        rowGenerations[index] = nextRowGeneration
        nextRowGeneration += 1
    }

    /// Copies a changed node's hot numbers and affinity bookkeeping into the flat tables.
    private func sync(_ info: NodeInfo) {
        setRow(info.row, at: info.index)
        presence[info.index] = true
        if info.podsWithAffinity.isEmpty {
            nodesWithAffinityPods.remove(info.index)
        } else {
            nodesWithAffinityPods.insert(info.index)
        }
        if info.podsWithRequiredAntiAffinity.isEmpty {
            nodesWithRequiredAntiAffinityPods.remove(info.index)
        } else {
            nodesWithRequiredAntiAffinityPods.insert(info.index)
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
        guard let nodeName = pod.spec?.nodeName, !nodeName.isEmpty else {
            if let placed = placements[key], !placed.assumed { remove(key) }
            return
        }
        remove(key)
        place(PodInfo(pod), on: nodeName, assumed: false)
    }

    /// Applies a pod event from its header alone when that is enough, returning false when the
    /// whole pod is needed (a pod placed on a node for the first time, or one whose labels,
    /// deletion or start time changed): a deleted or finished pod leaves; an unbound pod keeps
    /// only an assumption; a bound pod the snapshot already holds on that node, unchanged,
    /// confirms its assumption.
    func apply(podEvent header: PodEventHeader) -> Bool {
        let key = header.key
        if header.type == "DELETED" || header.isTerminal {
            remove(key)
            return true
        }
        let nodeName = header.nodeName
        guard !nodeName.isEmpty else {
            if let placed = placements[key], !placed.assumed { remove(key) }
            return true
        }
        guard let placed = placements[key], placed.node == nodeName, header.isCurrent(placed.pod) else { return false }
        if placed.assumed { placements[key]?.assumed = false }
        return true
    }

    /// Applies a namespace event (its labels are what `namespaceSelector` matches).
    func apply(namespaceEvent type: String, name: String, labels: [String: String]) {
        namespaceLabels[name] = type == "DELETED" ? nil : labels
    }

    /// Counts `pod` on `node` until a pod event confirms it or `forget` withdraws it
    /// (kube-scheduler's assume after Reserve).
    func assume(_ pod: PodInfo, on node: String) {
        remove(pod.key)
        place(pod, on: node, assumed: true)
    }

    /// Withdraws an assumption; a pod already confirmed on a node stays.
    func forget(_ podKey: String, on node: String) {
        guard let placed = placements[podKey], placed.assumed, placed.node == node else { return }
        remove(podKey)
    }

    private func place(_ pod: PodInfo, on nodeName: String, assumed: Bool) {
        placements[pod.key] = (nodeName, pod, assumed)
        guard let node = node(named: nodeName) else { return }
        node.add(pod)
        sync(node)
    }

    private func remove(_ key: String) {
        guard let placed = placements.removeValue(forKey: key), let node = node(named: placed.node) else { return }
        node.remove(key)
        sync(node)
    }

    private func countImages(of node: NodeInfo, by delta: Int) {
        for name in node.images.keys {
            imageNodeCounts[name, default: 0] += delta
            if imageNodeCounts[name] == 0 { imageNodeCounts[name] = nil }
        }
    }
}
