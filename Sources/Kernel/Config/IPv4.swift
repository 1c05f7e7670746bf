/// An IPv4 address held as its 32-bit value.
public struct IPv4Address: Sendable, Hashable, Comparable, CustomStringConvertible {
    /// The address in host byte order: 127.0.0.1 is 0x7F00_0001.
    public var value: UInt32

    /// The address with this 32-bit value.
    public init(_ value: UInt32) {
        self.value = value
    }

    /// Parses dotted-quad text such as "127.0.0.1". Each part is a decimal number 0...255
    /// without leading zeros (which some tools read as octal), so "127.0.0.01" is rejected.
    public init?(_ text: String) {
        let parts = text.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count == 4 else { return nil }
        var value: UInt32 = 0
        for part in parts {
            guard !part.isEmpty, part.count <= 3, part.allSatisfy({ $0.isASCII && $0.isNumber }),
                  part == "0" || !part.hasPrefix("0"),
                  let octet = UInt32(part), octet <= 255
            else { return nil }
            value = value << 8 | octet
        }
        self.value = value
    }

    /// Dotted-quad text.
    public var description: String {
        "\(value >> 24).\(value >> 16 & 0xFF).\(value >> 8 & 0xFF).\(value & 0xFF)"
    }

    /// Whether the address is in 127.0.0.0/8, the only range Keelson sends to or binds.
    public var isLoopback: Bool { value >> 24 == 127 }

    /// Compares by numeric value.
    public static func < (lhs: IPv4Address, rhs: IPv4Address) -> Bool { lhs.value < rhs.value }
}

/// An IPv4 network in CIDR notation, "127.244.0.0/16": a network address with every host bit zero
/// and a prefix length 0...32.
public struct IPv4CIDR: Sendable, Hashable, CustomStringConvertible {
    /// The first address of the range (its host bits are zero).
    public let network: IPv4Address
    /// The number of leading bits that name the network, 0...32.
    public let prefixLength: Int

    /// Why text is not a valid CIDR; `description` is one line that says what to write instead.
    public struct ParseError: Error, Sendable, Equatable, CustomStringConvertible {
        /// The explanation, e.g. `"127.244.1.0/16" has host bits set; did you mean 127.244.0.0/16?`.
        public let description: String
    }

    /// The network of `prefixLength` bits starting at `network`; nil when the prefix is out of range
    /// or `network` has host bits set.
    public init?(network: IPv4Address, prefixLength: Int) {
        guard (0...32).contains(prefixLength), network.value & ~IPv4CIDR.mask(prefixLength) == 0 else { return nil }
        self.network = network
        self.prefixLength = prefixLength
    }

    /// Parses "a.b.c.d/n". Rejects a missing or out-of-range prefix and an address with host bits set
    /// (naming the network that was probably meant).
    public init(parsing text: String) throws {
        let pieces = text.split(separator: "/", omittingEmptySubsequences: false)
        guard pieces.count == 2 else {
            throw ParseError(description: "\"\(text)\" is not a CIDR; write an address and a prefix length, like 127.244.0.0/16")
        }
        guard let address = IPv4Address(String(pieces[0])) else {
            throw ParseError(description: "\"\(text)\" does not start with an IPv4 address; write a CIDR like 127.244.0.0/16")
        }
        guard let prefix = Int(pieces[1]), pieces[1].allSatisfy({ $0.isASCII && $0.isNumber }), (0...32).contains(prefix) else {
            throw ParseError(description: "\"\(text)\" has prefix length \"\(pieces[1])\"; it must be a number from 0 to 32")
        }
        let network = IPv4Address(address.value & IPv4CIDR.mask(prefix))
        guard network == address else {
            throw ParseError(description: "\"\(text)\" has host bits set; did you mean \(network)/\(prefix)?")
        }
        self.network = network
        self.prefixLength = prefix
    }

    /// "a.b.c.d/n".
    public var description: String { "\(network)/\(prefixLength)" }

    /// The network mask: prefix-many one bits.
    public var mask: UInt32 { IPv4CIDR.mask(prefixLength) }

    /// The number of addresses in the range (2^(32 - prefix)).
    public var size: UInt64 { UInt64(1) << UInt64(32 - prefixLength) }

    /// The last address of the range.
    public var last: IPv4Address { IPv4Address(network.value | ~mask) }

    /// Whether `address` lies in the range.
    public func contains(_ address: IPv4Address) -> Bool { address.value & mask == network.value }

    /// Whether every address of `other` lies in this range.
    public func contains(_ other: IPv4CIDR) -> Bool {
        other.prefixLength >= prefixLength && contains(other.network)
    }

    /// Whether the two ranges share at least one address.
    public func overlaps(_ other: IPv4CIDR) -> Bool { contains(other.network) || other.contains(network) }

    /// Whether the whole range lies in 127.0.0.0/8.
    public var isLoopback: Bool { prefixLength >= 8 && network.isLoopback }

    /// The address `offset` places after the network address, nil past the end of the range.
    public func address(at offset: UInt64) -> IPv4Address? {
        guard offset < size else { return nil }
        return IPv4Address(network.value + UInt32(offset))
    }

    /// How many subnets of `prefixLength` bits fit in this range (0 when the subnets would be larger).
    public func subnetCount(prefixLength subnetPrefix: Int) -> UInt64 {
        guard (prefixLength...32).contains(subnetPrefix) else { return 0 }
        return UInt64(1) << UInt64(subnetPrefix - prefixLength)
    }

    /// The `index`-th subnet of `prefixLength` bits (0-based, in address order), nil when it does not fit.
    public func subnet(prefixLength subnetPrefix: Int, index: UInt64) -> IPv4CIDR? {
        guard index < subnetCount(prefixLength: subnetPrefix) else { return nil }
        let start = network.value + UInt32(index << UInt64(32 - subnetPrefix))
        return IPv4CIDR(network: IPv4Address(start), prefixLength: subnetPrefix)
    }

    /// The mask of `prefix` leading one bits.
    static func mask(_ prefix: Int) -> UInt32 {
        prefix == 0 ? 0 : UInt32.max << UInt32(32 - prefix)
    }
}

/// The loopback range, 127.0.0.0/8: every address Keelson binds or sends to is in it.
extension IPv4CIDR {
    /// 127.0.0.0/8.
    public static let loopback = IPv4CIDR(network: IPv4Address(0x7F00_0000), prefixLength: 8)!
}
