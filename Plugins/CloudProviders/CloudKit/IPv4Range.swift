/// An IPv4 address range written as a CIDR, "127.0.10.0/24".
public struct IPv4Range: Equatable, Sendable {
    /// The network address as a 32-bit number.
    public let network: UInt32
    /// The prefix length, 0...32.
    public let prefix: Int

    /// Parses "a.b.c.d/n"; nil when malformed. Host bits are cleared.
    public init?(cidr: String) {
        let parts = cidr.split(separator: "/", omittingEmptySubsequences: false)
        guard parts.count == 2, let address = IPv4Range.parse(String(parts[0])), let prefix = Int(parts[1]),
            (0...32).contains(prefix)
        else { return nil }
        self.prefix = prefix
        network = address & IPv4Range.mask(prefix)
    }

    /// How many addresses the range spans.
    public var size: UInt64 { UInt64(1) << UInt64(32 - prefix) }

    /// Whether the first and last addresses are reserved (network and broadcast): all but /31 and /32.
    private var reservesEnds: Bool { size > 2 }

    /// How many addresses the range holds for hosts.
    public var usableCount: UInt32 { UInt32(reservesEnds ? size - 2 : size) }

    /// The `index`-th usable address (0 ..< usableCount).
    public func usable(_ index: UInt32) -> UInt32 {
        network &+ (reservesEnds ? index + 1 : index)
    }

    /// The index of `address` among the usable addresses, nil when outside them.
    public func index(of address: UInt32) -> UInt32? {
        guard address & IPv4Range.mask(prefix) == network else { return nil }
        let offset = UInt64(address - network)
        if !reservesEnds { return UInt32(offset) }
        guard offset >= 1, offset <= size - 2 else { return nil }
        return UInt32(offset - 1)
    }

    /// Whether the whole range lies in loopback, 127.0.0.0/8.
    public var isLoopback: Bool { prefix >= 8 && network >> 24 == 127 }

    /// Parses a dotted-quad address.
    public static func parse(_ text: String) -> UInt32? {
        let octets = text.split(separator: ".", omittingEmptySubsequences: false)
        guard octets.count == 4 else { return nil }
        var value: UInt32 = 0
        for octet in octets {
            guard !octet.isEmpty, octet.count <= 3, octet.allSatisfy(\.isASCII), let number = UInt32(octet), number < 256
            else { return nil }
            value = value << 8 | number
        }
        return value
    }

    /// Formats an address as a dotted quad.
    public static func format(_ address: UInt32) -> String {
        "\(address >> 24).\(address >> 16 & 0xFF).\(address >> 8 & 0xFF).\(address & 0xFF)"
    }

    static func mask(_ prefix: Int) -> UInt32 {
        prefix == 0 ? 0 : UInt32.max << UInt32(32 - prefix)
    }
}

extension IPv4Range {
    /// Whether `address` (a dotted quad) lies in the range.
    public func contains(_ address: String) -> Bool {
        guard let value = IPv4Range.parse(address) else { return false }
        return value & IPv4Range.mask(prefix) == network
    }

    /// "a.b.c.d/n".
    public var cidr: String { "\(IPv4Range.format(network))/\(prefix)" }
}
