/// A pod as the filters and scorers see it: decoded once per scheduling cycle.
struct PodToPlace {
    var pod: Pod
    var key: String
    var requests: PodRequests
    var tolerations: [Toleration]

    init(_ pod: Pod) {
        self.pod = pod
        key = pod.key
        requests = PodRequests(of: pod)
        tolerations = pod.spec?.tolerations ?? []
    }

    func tolerates(_ taint: Taint) -> Bool { tolerations.contains { $0.tolerates(taint) } }
}

/// The filter plugins of kube-scheduler's default profile that this scheduler runs, in the
/// profile's order. A node passes when every filter passes; the first failing filter's reasons
/// (Kubernetes' wording) explain why not.
enum Filters {
    static let unschedulableReason = "node(s) were unschedulable"
    static let nodeNameReason = "node(s) didn't match the requested node name"
    static let nodeAffinityReason = "node(s) didn't match Pod's node affinity/selector"
    static let tooManyPodsReason = "Too many pods"

    /// nil when `node` can take `pod`, otherwise the reasons it cannot.
    static func run(_ pod: PodToPlace, on node: CachedNode, usage: NodeUsage) -> [String]? {
        if let reason = nodeUnschedulable(pod, node) { return [reason] }
        if let reason = nodeName(pod, node) { return [reason] }
        if let reason = taintToleration(pod, node) { return [reason] }
        if let reason = nodeAffinity(pod, node) { return [reason] }
        let misfits = nodeResourcesFit(pod, node, usage)
        return misfits.isEmpty ? nil : misfits
    }

    /// NodeUnschedulable: a cordoned node takes only pods tolerating its unschedulable taint.
    static func nodeUnschedulable(_ pod: PodToPlace, _ node: CachedNode) -> String? {
        guard node.unschedulable else { return nil }
        let taint = Taint(key: "node.kubernetes.io/unschedulable", value: nil, effect: "NoSchedule")
        return pod.tolerates(taint) ? nil : unschedulableReason
    }

    /// NodeName: a pod naming a node fits only that node.
    static func nodeName(_ pod: PodToPlace, _ node: CachedNode) -> String? {
        guard let wanted = pod.pod.spec?.nodeName, !wanted.isEmpty else { return nil }
        return wanted == node.name ? nil : nodeNameReason
    }

    /// TaintToleration: every NoSchedule and NoExecute taint must be tolerated.
    static func taintToleration(_ pod: PodToPlace, _ node: CachedNode) -> String? {
        for taint in node.taints where taint.effect == "NoSchedule" || taint.effect == "NoExecute" {
            if !pod.tolerates(taint) { return "node(s) had untolerated taint {\(taint.key): \(taint.value ?? "")}" }
        }
        return nil
    }

    /// NodeAffinity: the node's labels match spec.nodeSelector and, when present, one of the
    /// required node affinity terms.
    static func nodeAffinity(_ pod: PodToPlace, _ node: CachedNode) -> String? {
        NodeSelection.requiredMatches(pod.pod, labels: node.labels, name: node.name) ? nil : nodeAffinityReason
    }

    /// NodeResourcesFit: the pod count and every requested resource fit what is left of the
    /// node's allocatable amounts.
    static func nodeResourcesFit(_ pod: PodToPlace, _ node: CachedNode, _ usage: NodeUsage) -> [String] {
        var reasons: [String] = []
        if Int64(usage.podCount) + 1 > node.allocatable[ResourceName.pods, default: 0] {
            reasons.append(tooManyPodsReason)
        }
        let requests = pod.requests.requests
        let first = [ResourceName.cpu, ResourceName.memory, ResourceName.ephemeralStorage]
        let others = requests.keys.filter { !first.contains($0) && $0 != ResourceName.pods }.sorted()
        for name in first + others {
            let wanted = requests[name, default: 0]
            guard wanted > 0 else { continue }
            let free = node.allocatable[name, default: 0] - usage.requested[name, default: 0]
            if wanted > free { reasons.append("Insufficient \(name)") }
        }
        return reasons
    }
}
