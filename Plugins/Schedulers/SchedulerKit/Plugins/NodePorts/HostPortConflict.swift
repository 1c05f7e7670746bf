/// Kubernetes' host port conflict rule (HostPortInfo.CheckConflict): an empty `hostIP` means
/// every address (0.0.0.0) and an empty protocol means TCP; a wanted port on 0.0.0.0 conflicts
/// with the same protocol and port on any address, a wanted port on a specific address conflicts
/// with the same protocol and port on that address or on 0.0.0.0.
enum HostPortConflict {
    /// The address that stands for every address.
    static let bindAll = "0.0.0.0"

    /// `port` with Kubernetes' defaults filled in.
    static func sanitized(_ port: HostPort) -> HostPort {
        HostPort(ip: port.ip.isEmpty ? bindAll : port.ip, proto: port.proto.isEmpty ? "TCP" : port.proto, port: port.port)
    }

    /// Whether `wanted` conflicts with any of the ports in `used`.
    static func conflicts(_ wanted: HostPort, with used: [HostPort: Int]) -> Bool {
        guard wanted.port > 0 else { return false }
        let want = sanitized(wanted)
        for (port, count) in used where count > 0 {
            let have = sanitized(port)
            guard have.port == want.port, have.proto == want.proto else { continue }
            if want.ip == bindAll || have.ip == bindAll || have.ip == want.ip { return true }
        }
        return false
    }
}
