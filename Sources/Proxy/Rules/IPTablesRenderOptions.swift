/// The IP family a rule set is written for: `iptables` (IPv4) or `ip6tables` (IPv6).
public enum IPFamily: String, Sendable, Hashable {
    case ipv4 = "IPv4"
    case ipv6 = "IPv6"

    /// Whether `address` belongs to this family.
    public func contains(_ address: String) -> Bool { address.contains(":") == (self == .ipv6) }

    /// The prefix length of a single host (`/32` or `/128`).
    var hostPrefix: Int { self == .ipv4 ? 32 : 128 }
}

/// What a node's proxy knows beyond the Service table when it writes its rules.
public struct IPTablesRenderOptions: Sendable, Hashable {
    /// The node the rules are for; Local traffic policies keep only its endpoints.
    public var nodeName: String?
    /// The node's pod CIDR: traffic from it is local (kube-proxy's `--detect-local-mode=NodeCIDR`),
    /// traffic from elsewhere to a cluster IP is masqueraded. Nil: no such rule.
    public var localCIDR: String?
    /// The family of addresses and endpoints written.
    public var family: IPFamily
    /// The bit of the packet mark that asks for masquerading (kube-proxy's `--iptables-masquerade-bit`).
    public var masqueradeBit: Int

    /// Creates options; the defaults are kube-proxy's.
    public init(nodeName: String? = nil, localCIDR: String? = nil, family: IPFamily = .ipv4, masqueradeBit: Int = 14) {
        self.nodeName = nodeName
        self.localCIDR = localCIDR
        self.family = family
        self.masqueradeBit = masqueradeBit
    }

    /// The masquerade mark as iptables prints it, `0x4000` for bit 14.
    var masqueradeMark: String { "0x" + String(1 << masqueradeBit, radix: 16) }
}
