/// An IPv4 network in CIDR notation, "127.96.0.0/16".
struct IPv4CIDR: Sendable, Hashable, CustomStringConvertible {
    /// The network address as a 32-bit number (host bits cleared).
    let network: UInt32
    /// The prefix length, 0...32.
    let prefixLength: Int

    /// Parses "a.b.c.d/n"; nil when malformed. Host bits in the address are cleared.
    init?(_ text: String) {
        let parts = text.split(separator: "/", omittingEmptySubsequences: false)
        guard parts.count == 2, let address = IPv4CIDR.parseAddress(String(parts[0])),
              let length = Int(parts[1]), (0...32).contains(length) else { return nil }
        prefixLength = length
        network = address & IPv4CIDR.mask(length)
    }

    /// The number of addresses in the network.
    var size: UInt64 { UInt64(1) << UInt64(32 - prefixLength) }

    /// The last address of the network (the broadcast address).
    var lastAddress: UInt32 { network | ~IPv4CIDR.mask(prefixLength) }

    /// Whether `address` lies in the network.
    func contains(_ address: UInt32) -> Bool { address & IPv4CIDR.mask(prefixLength) == network }

    var description: String { "\(IPv4CIDR.format(network))/\(prefixLength)" }

    /// Parses dotted-quad text, "10.0.0.1"; nil when malformed.
    static func parseAddress(_ text: String) -> UInt32? {
        let octets = text.split(separator: ".", omittingEmptySubsequences: false)
        guard octets.count == 4 else { return nil }
        var value: UInt32 = 0
        for octet in octets {
            guard !octet.isEmpty, octet.count <= 3, octet.allSatisfy(\.isASCII),
                  let number = UInt32(octet), number <= 255 else { return nil }
            value = value << 8 | number
        }
        return value
    }

    /// Formats a 32-bit address as dotted-quad text.
    static func format(_ address: UInt32) -> String {
        "\(address >> 24 & 0xff).\(address >> 16 & 0xff).\(address >> 8 & 0xff).\(address & 0xff)"
    }

    private static func mask(_ length: Int) -> UInt32 {
        length == 0 ? 0 : UInt32.max << UInt32(32 - length)
    }
}
