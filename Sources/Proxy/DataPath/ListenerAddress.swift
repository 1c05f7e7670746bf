import Kernel

/// One address the data path listens on: an IP, a port and a transport protocol.
public struct ListenerAddress: Sendable, Hashable, Comparable, CustomStringConvertible {
    /// The IP address (IPv4 dotted quad or IPv6).
    public var ip: String
    /// The port.
    public var port: Int
    /// TCP or UDP.
    public var proto: ServiceProtocol

    /// Creates a listener address.
    public init(ip: String, port: Int, proto: ServiceProtocol) {
        self.ip = ip
        self.port = port
        self.proto = proto
    }

    /// `TCP 127.96.0.10:53` (IPv6 addresses in brackets).
    public var description: String { "\(proto.rawValue) \(ip.contains(":") ? "[\(ip)]" : ip):\(port)" }

    /// Orders by IP, port, then protocol, so listings are stable.
    public static func < (lhs: ListenerAddress, rhs: ListenerAddress) -> Bool {
        (lhs.ip, lhs.port, lhs.proto.rawValue) < (rhs.ip, rhs.port, rhs.proto.rawValue)
    }

    /// Whether `ip` is a loopback address (127.0.0.0/8 or ::1): the only addresses the data path
    /// binds, so traffic never leaves the host.
    public static func isLoopback(_ ip: String) -> Bool {
        if let v4 = IPv4Address(ip) { return v4.isLoopback }
        return ip == "::1"
    }
}

/// What a listener serves: the Service port (by its balancer key) and whether traffic arriving
/// there is external (node port, external or load-balancer IP) or internal (ClusterIP).
struct ListenerRoute: Sendable, Hashable {
    /// `ServicePort.id` plus protocol: which balancer picks endpoints.
    var serviceKey: String
    /// Whether the external traffic policy applies.
    var external: Bool
}
