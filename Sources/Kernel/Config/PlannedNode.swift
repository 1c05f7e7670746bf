/// One simulated node the config asks for: its name, pool and pod CIDR block.
public struct PlannedNode: Sendable, Hashable {
    /// The node name, `<pool>-<ordinal>`.
    public let name: String
    /// The pool it belongs to.
    public let pool: NodePool
    /// Its 1-based number within the pool.
    public let ordinal: Int
    /// Its /24 of the cluster pod CIDR (`spec.podCIDR`).
    public let podCIDR: IPv4CIDR
}

extension ClusterConfig {
    /// Every node of every pool, pools in config order and nodes by ordinal, each with the next /24
    /// of `network.podCIDR`. Throws a `ConfigError` when the pod CIDR is invalid or too small
    /// (never for a config that `validate(file:)` accepted).
    public func plannedNodes(file: String = ClusterConfig.defaultsLabel) throws -> [PlannedNode] {
        let path = "network.podCIDR"
        let cidr: IPv4CIDR
        let allocator: PodCIDRAllocator
        do {
            cidr = try IPv4CIDR(parsing: network.podCIDR)
            allocator = try PodCIDRAllocator(podCIDR: cidr)
            try allocator.ensureRoom(forNodes: nodeCount)
        } catch {
            throw ConfigError(file: file, keyPath: path, message: "\(error)")
        }
        var nodes: [PlannedNode] = []
        for pool in nodePools where pool.count > 0 {
            for ordinal in 1...pool.count {
                guard let block = allocator.cidr(forNodeAt: nodes.count) else {
                    throw ConfigError(file: file, keyPath: path, message: "\(cidr) ran out of node blocks")
                }
                nodes.append(PlannedNode(name: pool.nodeName(ordinal), pool: pool, ordinal: ordinal, podCIDR: block))
            }
        }
        return nodes
    }

    /// The number of nodes over all pools.
    public var nodeCount: Int {
        nodePools.reduce(0) { $0 + max($1.count, 0) }
    }
}
