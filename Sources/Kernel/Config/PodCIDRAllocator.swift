/// Hands every node its own /24 out of the cluster's pod CIDR, in node order: the first node gets
/// the first /24 of the range, the second node the next one, and so on. The CNI plugin assigns pod
/// IPs from the node's block, so pods on different nodes never share an address.
public struct PodCIDRAllocator: Sendable, Equatable {
    /// The prefix length of one node's block: /24, 254 usable pod addresses per node.
    public static let nodePrefixLength = 24

    /// The cluster-wide pod range.
    public let podCIDR: IPv4CIDR

    /// Why a pod CIDR cannot hand out node blocks.
    public struct AllocationError: Error, Sendable, Equatable, CustomStringConvertible {
        /// One line naming the problem and the fix.
        public let description: String
    }

    /// An allocator over `podCIDR`; throws when the range is smaller than one node's /24.
    public init(podCIDR: IPv4CIDR) throws {
        guard podCIDR.prefixLength <= PodCIDRAllocator.nodePrefixLength else {
            throw AllocationError(description:
                "\(podCIDR) is smaller than one node's /\(PodCIDRAllocator.nodePrefixLength); use a prefix of /\(PodCIDRAllocator.nodePrefixLength) or shorter, like \(IPv4CIDR.suggestedPodCIDR)")
        }
        self.podCIDR = podCIDR
    }

    /// How many nodes the range has room for.
    public var capacity: Int {
        Int(clamping: podCIDR.subnetCount(prefixLength: PodCIDRAllocator.nodePrefixLength))
    }

    /// The block of the node at `index` (0-based, in the order `ClusterConfig.plannedNodes()` lists
    /// nodes); nil when the range has no room for it.
    public func cidr(forNodeAt index: Int) -> IPv4CIDR? {
        guard index >= 0 else { return nil }
        return podCIDR.subnet(prefixLength: PodCIDRAllocator.nodePrefixLength, index: UInt64(index))
    }

    /// Throws unless the range has room for `nodeCount` nodes.
    public func ensureRoom(forNodes nodeCount: Int) throws {
        guard nodeCount <= capacity else {
            throw AllocationError(description:
                "\(podCIDR) has room for \(capacity) node /\(PodCIDRAllocator.nodePrefixLength) block\(capacity == 1 ? "" : "s") but the node pools ask for \(nodeCount) nodes; use a larger range such as \(IPv4CIDR.suggestedPodCIDR(atLeast: nodeCount, near: podCIDR))")
        }
    }
}

extension IPv4CIDR {
    /// The default pod range, 127.244.0.0/16.
    static let suggestedPodCIDR = IPv4CIDR(network: IPv4Address(0x7FF4_0000), prefixLength: 16)!

    /// A loopback range starting where `near` starts (or at 127.0.0.0) with room for `nodes` /24 blocks.
    static func suggestedPodCIDR(atLeast nodes: Int, near: IPv4CIDR) -> IPv4CIDR {
        var prefix = PodCIDRAllocator.nodePrefixLength
        while prefix > 8, (UInt64(1) << UInt64(PodCIDRAllocator.nodePrefixLength - prefix)) < UInt64(max(nodes, 1)) {
            prefix -= 1
        }
        let start = IPv4Address(near.network.value & IPv4CIDR.mask(prefix))
        return IPv4CIDR(network: start.isLoopback ? start : IPv4CIDR.loopback.network, prefixLength: prefix)
            ?? suggestedPodCIDR
    }
}
