/// A group of identical simulated nodes, each with its own kubelet and runtime instance.
public struct NodePool: Sendable, Hashable {
    /// The pool's name, a DNS label; node names are `<name>-1`, `<name>-2`, ...
    public var name: String
    /// How many nodes the pool has.
    public var count: Int
    /// The runtime plugin every node of the pool runs (one instance per node).
    public var runtime: PluginRef
    /// The node's `status.capacity` (and allocatable): resource name → Kubernetes quantity.
    public var capacity: [String: String]
    /// Labels put on every node of the pool.
    public var labels: [String: String]
    /// Taints put on every node of the pool, as core/v1 Taint objects (`key`, `value`, `effect`).
    public var taints: [JSONValue]

    /// What a node has when the pool does not say: 4 CPUs, 8 GiB of memory, 110 pods.
    public static let defaultCapacity: [String: String] = ["cpu": "4", "memory": "8Gi", "pods": "110"]

    /// The runtime a pool uses when it does not say.
    public static let defaultRuntime = PluginRef(plugin: "containerd-like")

    /// A pool; capacity, labels and taints default to `defaultCapacity` and none.
    public init(name: String, count: Int, runtime: PluginRef = NodePool.defaultRuntime,
                capacity: [String: String] = NodePool.defaultCapacity,
                labels: [String: String] = [:], taints: [JSONValue] = []) {
        self.name = name
        self.count = count
        self.runtime = runtime
        self.capacity = capacity
        self.labels = labels
        self.taints = taints
    }

    /// The name of the pool's node number `ordinal` (1-based): `pool-a-1`.
    public func nodeName(_ ordinal: Int) -> String {
        "\(name)-\(ordinal)"
    }

    /// The names of all the pool's nodes, in order.
    public var nodeNames: [String] {
        count > 0 ? (1...count).map(nodeName) : []
    }
}
