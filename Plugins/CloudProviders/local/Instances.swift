import PluginSDK

/// InstancesV2 for the local provider: the instances are the cluster's simulated nodes.
/// Not thread-safe: the host serializes calls into an instance.
final class LocalInstances {
    static let providerPrefix = "local://"
    static let zoneLabel = "topology.kubernetes.io/zone"

    private let config: LocalCloudConfig
    private let addresses: AddressPool
    /// Zones of the nodes seen so far, by node name (for the Zones lookups).
    private(set) var zones: [String: String] = [:]

    init(config: LocalCloudConfig, addressRange: IPv4Range) {
        self.config = config
        addresses = AddressPool(range: addressRange)
    }

    /// Whether the node's instance exists: every node does unless the config lists it as deleted.
    func exists(_ node: Node) throws -> Bool {
        try remember(node)
        return !config.deletedInstances.contains(node.name)
    }

    /// Whether the node's instance is shut down: only when the config lists it so.
    func shutdown(_ node: Node) throws -> Bool {
        try remember(node)
        if config.deletedInstances.contains(node.name) { throw PluginError.notFound("instance \(node.name) does not exist") }
        return config.shutdownInstances.contains(node.name)
    }

    /// providerID `local://<name>`, the configured instance type, an InternalIP derived from the
    /// name inside the node address range plus the name as Hostname, the node's zone and the region.
    func metadata(_ node: Node) throws -> CloudInstanceMetadata {
        try remember(node)
        if config.deletedInstances.contains(node.name) { throw PluginError.notFound("instance \(node.name) does not exist") }
        let internalIP = try address(of: node)
        return CloudInstanceMetadata(
            providerID: Self.providerPrefix + node.name,
            instanceType: config.instanceType,
            nodeAddresses: [
                CloudNodeAddress(type: "InternalIP", address: internalIP),
                CloudNodeAddress(type: "Hostname", address: node.name),
            ],
            zone: zone(of: node),
            region: config.region
        )
    }

    /// The node's zone: its `topology.kubernetes.io/zone` label, else the configured zone.
    func zone(of node: Node) -> String {
        if let label = node.labels[Self.zoneLabel], !label.isEmpty { return label }
        return config.zone
    }

    /// The node's InternalIP: the address it already has inside the range (so a restart keeps it),
    /// else the first free address from a position derived from the name's FNV-1a hash.
    private func address(of node: Node) throws -> String {
        let current = node.status?.addresses?.first { $0.type == "InternalIP" }?.address
        let count = addresses.range.usableCount
        let start = count == 0 ? 0 : Self.fnv1a(node.name) % count
        return try addresses.acquire(node.name, preferred: current, startIndex: start)
    }

    private func remember(_ node: Node) throws {
        guard !node.name.isEmpty else { throw PluginError.invalidArgument("node: missing metadata.name") }
        zones[node.name] = zone(of: node)
    }

    /// FNV-1a (32 bit) of the UTF-8 bytes of `text`.
    static func fnv1a(_ text: String) -> UInt32 {
        var hash: UInt32 = 0x811C_9DC5
        for byte in text.utf8 { hash = (hash ^ UInt32(byte)) &* 0x0100_0193 }
        return hash
    }
}
