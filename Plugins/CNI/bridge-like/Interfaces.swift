import Foundation

/// The made-up but stable names and hardware addresses of the interfaces bridge-like reports:
/// derived from the network, container and interface names, so every ADD of one attachment
/// reports the same ones and CHECK can recompute them.
enum Interfaces {
    /// A locally administered unicast MAC ("02:xx:xx:xx:xx:xx") from `seed`.
    static func mac(_ seed: String) -> String {
        let hash = fnv1a64(seed)
        let bytes = (0..<5).map { UInt8(truncatingIfNeeded: hash >> (8 * UInt64($0))) }
        return (["02"] + bytes.map { String(format: "%02x", $0) }).joined(separator: ":")
    }

    /// The host side of the veth pair, "veth" and 8 hex digits, as the reference names it.
    static func hostVeth(network: String, containerID: String, ifName: String) -> String {
        String(format: "veth%08x", UInt32(truncatingIfNeeded: fnv1a64("\(network)/\(containerID)/\(ifName)")))
    }

    /// The three interfaces of an attachment, in result order: bridge, host veth, container side.
    static func list(_ config: BridgeConfig, containerID: String, ifName: String, netns: String) -> [[String: Any]] {
        let veth = hostVeth(network: config.name, containerID: containerID, ifName: ifName)
        var container: [String: Any] = [
            "name": ifName, "mac": mac("container/\(config.name)/\(containerID)/\(ifName)"), "sandbox": netns,
        ]
        var bridge: [String: Any] = ["name": config.bridge, "mac": mac("bridge/\(config.bridge)")]
        var host: [String: Any] = ["name": veth, "mac": mac("veth/\(veth)")]
        if config.cniVersion == "1.1.0" {
            // 1.1.0 adds the interfaces' MTU to the result.
            container["mtu"] = config.mtu
            bridge["mtu"] = config.mtu
            host["mtu"] = config.mtu
        }
        return [bridge, host, container]
    }

    private static func fnv1a64(_ text: String) -> UInt64 {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in text.utf8 {
            hash ^= UInt64(byte)
            hash = hash &* 0x0000_0100_0000_01b3
        }
        return hash
    }
}
