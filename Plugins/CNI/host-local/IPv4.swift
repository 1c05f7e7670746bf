import Foundation

/// An IPv4 address as a 32-bit number.
struct IPv4: Hashable, Comparable, Sendable, CustomStringConvertible {
    var value: UInt32

    init(_ value: UInt32) { self.value = value }

    /// Parses dotted-quad text; nil when it is not an IPv4 address.
    init?(_ text: String) {
        let parts = text.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count == 4 else { return nil }
        var value: UInt32 = 0
        for part in parts {
            guard !part.isEmpty, part.count <= 3, part.allSatisfy(\.isASCII), let octet = UInt8(part) else { return nil }
            value = value << 8 | UInt32(octet)
        }
        self.value = value
    }

    var description: String {
        "\(value >> 24).\(value >> 16 & 0xff).\(value >> 8 & 0xff).\(value & 0xff)"
    }

    static func < (a: IPv4, b: IPv4) -> Bool { a.value < b.value }
}

/// An IPv4 subnet, "127.244.1.0/24".
struct IPv4Subnet: Hashable, Sendable, CustomStringConvertible {
    /// The network address (host bits cleared).
    var network: IPv4
    var prefix: Int

    /// Parses CIDR text; nil when it is not an IPv4 CIDR.
    init?(_ text: String) {
        let parts = text.split(separator: "/")
        guard parts.count == 2, let address = IPv4(String(parts[0])), let prefix = Int(parts[1]), (0...32).contains(prefix)
        else { return nil }
        self.prefix = prefix
        self.network = IPv4(address.value & Self.mask(prefix))
    }

    static func mask(_ prefix: Int) -> UInt32 { prefix == 0 ? 0 : UInt32.max << (32 - prefix) }

    /// The broadcast address.
    var broadcast: IPv4 { IPv4(network.value | ~Self.mask(prefix)) }

    func contains(_ address: IPv4) -> Bool { address.value & Self.mask(prefix) == network.value }

    var description: String { "\(network)/\(prefix)" }
}
