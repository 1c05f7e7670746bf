import Kernel

/// What the kubelet knows about its own node before asking anyone: name, pool labels, taints,
/// capacity and pod CIDR.
struct NodeSpecification: Sendable {
    let name: String
    let labels: [String: String]
    let taints: [JSONValue]
    let capacity: [String: String]
    let podCIDR: String
    let options: KubeletOptions
    /// The port the kubelet's server is bound to, once it listens.
    let servingPort = ServingPortCell()

    /// The taint an external cloud provider removes once it has initialised the node.
    static let uninitializedTaint: JSONValue = [
        "key": "node.cloudprovider.kubernetes.io/uninitialized", "value": "true", "effect": "NoSchedule",
    ]

    /// The labels the kubelet sets on its Node: well-known ones plus the pool's.
    var nodeLabels: [String: String] {
        var result = labels
        result["kubernetes.io/hostname"] = name
        result["kubernetes.io/os"] = "linux"
        result["kubernetes.io/arch"] = Self.architecture
        result["beta.kubernetes.io/os"] = "linux"
        result["beta.kubernetes.io/arch"] = Self.architecture
        return result
    }

    /// Taints to register with.
    var registrationTaints: [JSONValue] {
        var result = taints
        if options.externalCloudProvider, !result.contains(where: { $0["key"] == Self.uninitializedTaint["key"] }) {
            result.append(Self.uninitializedTaint)
        }
        return result
    }

    /// Capacity as the API shows it, with Kubernetes' usual resources filled in when the pool
    /// does not name them.
    var capacityJSON: JSONValue {
        var result: [String: String] = ["cpu": "4", "memory": "8Gi", "pods": "110", "ephemeral-storage": "100Gi", "hugepages-2Mi": "0"]
        for (key, value) in capacity { result[key] = value }
        return .object(result.mapValues(JSONValue.string))
    }

    /// The Node object to create at registration.
    func registrationObject() -> JSONValue {
        var spec: JSONValue = ["podCIDR": .string(podCIDR), "podCIDRs": [.string(podCIDR)]]
        let taints = registrationTaints
        if !taints.isEmpty { spec["taints"] = .array(taints) }
        var node: JSONValue = [
            "apiVersion": "v1", "kind": "Node",
            "metadata": ["name": .string(name), "annotations": ["node.alpha.kubernetes.io/ttl": "0"]],
            "spec": spec,
        ]
        node.labels = nodeLabels
        return node
    }

    /// Brings an existing Node in line with this kubelet: its labels win for the keys it sets,
    /// a missing pod CIDR is filled; taints are left to whoever manages them now.
    func reconcile(_ existing: JSONValue) -> JSONValue {
        var node = existing
        var merged = node.labels
        for (key, value) in nodeLabels { merged[key] = value }
        node.labels = merged
        if (node[path: "spec", "podCIDR"]?.stringValue ?? "").isEmpty {
            node[path: "spec", "podCIDR"] = .string(podCIDR)
            node[path: "spec", "podCIDRs"] = [.string(podCIDR)]
        }
        return node
    }

    /// The CPU architecture in Kubernetes' (GOARCH) spelling.
    static var architecture: String {
        #if arch(x86_64)
            "amd64"
        #elseif arch(arm64)
            "arm64"
        #else
            "unknown"
        #endif
    }
}
