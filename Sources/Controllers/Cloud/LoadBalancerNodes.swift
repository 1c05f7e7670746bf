import Kernel

/// Which nodes a Service load balancer sends traffic to, as Kubernetes' service controller
/// chooses them (its stable node set): every Node that is not being deleted, does not carry
/// the `node.kubernetes.io/exclude-from-external-load-balancers` label and is not marked
/// `ToBeDeletedByClusterAutoscaler`. Readiness does not count: the load balancer's own health
/// checks handle it, and a flapping node must not reprogram every load balancer.
enum LoadBalancerNodes {
    /// The label that keeps a node out of every load balancer.
    static let excludeLabel = "node.kubernetes.io/exclude-from-external-load-balancers"
    /// The taint of a node an autoscaler is about to remove.
    static let toBeDeletedTaint = "ToBeDeletedByClusterAutoscaler"

    /// Whether `node` belongs behind load balancers.
    static func isEligible(_ node: JSONValue) -> Bool {
        guard node[path: "metadata", "deletionTimestamp"] == nil, node.labels[excludeLabel] == nil else { return false }
        return !(node[path: "spec", "taints"]?.arrayValue ?? []).contains { $0["key"]?.stringValue == toBeDeletedTaint }
    }

    /// The eligible nodes, sorted by name.
    static func eligible(_ nodes: [JSONValue]) -> [JSONValue] {
        nodes.filter(isEligible).sorted { ($0.name ?? "") < ($1.name ?? "") }
    }

    /// What a load balancer depends on in a node set: each eligible node's name and InternalIP.
    static func fingerprint(_ nodes: [JSONValue]) -> [String] {
        eligible(nodes).map(entry)
    }

    /// The fingerprint entry of one node, nil when it is not eligible.
    static func entry(ifEligible node: JSONValue) -> String? {
        isEligible(node) ? entry(node) : nil
    }

    private static func entry(_ node: JSONValue) -> String {
        let address = (node[path: "status", "addresses"]?.arrayValue ?? [])
            .first { $0["type"]?.stringValue == "InternalIP" }?["address"]?.stringValue ?? ""
        return "\(node.name ?? "")=\(address)"
    }
}
