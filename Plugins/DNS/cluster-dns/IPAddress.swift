#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// An IPv4 or IPv6 address parsed from the text Kubernetes stores ("10.96.0.1", "fd00::1").
struct IPAddress: Sendable, Hashable {
    /// 4 bytes for IPv4, 16 for IPv6, network order.
    let bytes: [UInt8]

    /// Parses a dotted-quad or IPv6 literal; nil for anything else (names, CIDRs, "None").
    init?(_ text: String) {
        var v4 = in_addr()
        if inet_pton(AF_INET, text, &v4) == 1 {
            bytes = withUnsafeBytes(of: &v4) { Array($0) }
            return
        }
        var v6 = in6_addr()
        if inet_pton(AF_INET6, text, &v6) == 1 {
            bytes = withUnsafeBytes(of: &v6) { Array($0) }
            return
        }
        return nil
    }

    /// Whether this is an IPv4 address.
    var isV4: Bool { bytes.count == 4 }

    /// The A or AAAA record data for this address.
    var recordData: RData { isV4 ? .a(bytes) : .aaaa(bytes) }

    /// The reverse-lookup name: `d.c.b.a.in-addr.arpa` or the 32 nibbles under `ip6.arpa`.
    var reverseName: DNSName {
        if isV4 {
            let labels = bytes.reversed().map { Array(String($0).utf8) }
            return DNSName(uncheckedLabels: labels + [Array("in-addr".utf8), Array("arpa".utf8)])
        }
        let hex = Array("0123456789abcdef".utf8)
        var labels: [[UInt8]] = []
        for byte in bytes.reversed() {
            labels.append([hex[Int(byte & 0x0F)]])
            labels.append([hex[Int(byte >> 4)]])
        }
        return DNSName(uncheckedLabels: labels + [Array("ip6".utf8), Array("arpa".utf8)])
    }

    /// A DNS label standing for the address: "10-244-1-7", or the IPv6 text with ':' as '-'.
    var dashedLabel: String {
        if isV4 { return bytes.map(String.init).joined(separator: "-") }
        var buffer = [CChar](repeating: 0, count: Int(INET6_ADDRSTRLEN))
        var raw = in6_addr()
        withUnsafeMutableBytes(of: &raw) { $0.copyBytes(from: bytes) }
        guard inet_ntop(AF_INET6, &raw, &buffer, socklen_t(buffer.count)) != nil else { return "" }
        let text = String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
        return String(text.map { $0 == ":" ? "-" : $0 })
    }
}
