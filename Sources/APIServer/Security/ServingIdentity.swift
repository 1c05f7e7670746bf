import Kernel

/// The names the API serving certificate must carry: loopback, the configured host, the
/// in-cluster `kubernetes` Service names and that Service's cluster IP.
public struct ServingIdentity: Sendable, Hashable {
    /// DNS subject alternative names.
    public var dnsNames: [String]
    /// IPv4 subject alternative names, dotted.
    public var ipAddresses: [String]

    /// The identity for an API server on `host` in a cluster whose Services take addresses
    /// from `serviceCIDR` (the `kubernetes` Service has the first usable one).
    public init(host: String, serviceCIDR: String) {
        dnsNames = ["localhost", "kubernetes", "kubernetes.default", "kubernetes.default.svc", "kubernetes.default.svc.cluster.local"]
        var ips = ["127.0.0.1"]
        if host != "localhost", IPv4Address(host) != nil, !ips.contains(host) { ips.append(host) }
        if let cidr = try? IPv4CIDR(parsing: serviceCIDR) {
            let first = IPv4Address(cidr.network.value &+ 1).description
            if !ips.contains(first) { ips.append(first) }
        }
        ipAddresses = ips
    }
}
