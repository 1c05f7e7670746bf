import Crypto
import Foundation

/// kube-proxy's per-Service chain names: a prefix and the first 16 characters of the base32
/// (RFC 4648) SHA-256 of the Service port's name and lower-case protocol (and, for endpoint
/// chains, the endpoint), so the names match what kube-proxy writes for the same Service.
enum ChainNames {
    /// `KUBE-SVC-…`: the chain that balances over the Service port's endpoints.
    static func service(_ port: ServicePort) -> String { "KUBE-SVC-" + hash(port.id + port.proto.iptablesName) }

    /// `KUBE-SVL-…`: the chain that balances over the node-local endpoints (Local policies).
    static func serviceLocal(_ port: ServicePort) -> String { "KUBE-SVL-" + hash(port.id + port.proto.iptablesName) }

    /// `KUBE-EXT-…`: the chain for traffic arriving on node ports, external and load-balancer IPs.
    static func external(_ port: ServicePort) -> String { "KUBE-EXT-" + hash(port.id + port.proto.iptablesName) }

    /// `KUBE-SEP-…`: the chain that rewrites the destination to one endpoint.
    static func endpoint(_ port: ServicePort, _ endpoint: ProxyEndpoint) -> String {
        "KUBE-SEP-" + hash(port.id + port.proto.iptablesName + endpoint.hostPort)
    }

    /// The first 16 characters of the padded base32 encoding of SHA-256(`text`).
    static func hash(_ text: String) -> String {
        String(base32(Array(SHA256.hash(data: Data(text.utf8)))).prefix(16))
    }

    /// RFC 4648 base32 with the standard alphabet and padding.
    static func base32(_ bytes: [UInt8]) -> String {
        let alphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZ234567")
        var output = ""
        var buffer = 0
        var bits = 0
        for byte in bytes {
            buffer = (buffer << 8) | Int(byte)
            bits += 8
            while bits >= 5 {
                output.append(alphabet[(buffer >> (bits - 5)) & 31])
                bits -= 5
            }
        }
        if bits > 0 { output.append(alphabet[(buffer << (5 - bits)) & 31]) }
        while output.count % 8 != 0 { output.append("=") }
        return output
    }
}
