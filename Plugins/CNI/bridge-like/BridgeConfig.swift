import Foundation
import PluginSDK

/// bridge-like's network configuration: the reference bridge plugin's fields, the IPAM section
/// it delegates to, and Keelson's `dataDir` for its attachment records.
struct BridgeConfig {
    var name: String
    var cniVersion: String
    /// The bridge's name (`bridge`, default "cni0").
    var bridge: String
    /// Whether the bridge holds the gateway address (`isGateway`).
    var isGateway: Bool
    /// Whether a default route through the gateway is added (`isDefaultGateway`, implies isGateway).
    var isDefaultGateway: Bool
    /// Recorded only: no masquerading happens (`ipMasq`).
    var ipMasq: Bool
    /// The interfaces' MTU (`mtu`, default 1500).
    var mtu: Int
    /// Recorded only (`hairpinMode`).
    var hairpinMode: Bool
    /// The IPAM plugin's type; nil for an L2-only network without addresses.
    var ipamType: String?
    /// The `dns` section of the configuration, merged over the IPAM's.
    var dns: [String: Any]
    /// Where attachment records live: `<dataDir>/bridge-like/<network name>/`.
    var dataDir: String

    /// The record directory of this network.
    var directory: String {
        ((dataDir as NSString).appendingPathComponent("bridge-like") as NSString).appendingPathComponent(name)
    }

    static func invalid(_ message: String, _ details: String = "") -> CNIPluginError {
        CNIPluginError(code: CNIPluginError.invalidNetworkConfig, msg: message, details: details)
    }

    /// Reads and validates one command's configuration; `defaultDataDir` is the instance's.
    static func parse(_ request: CNIRequest, defaultDataDir: String) throws -> BridgeConfig {
        guard let top = (try? JSONSerialization.jsonObject(with: request.config)) as? [String: Any] else {
            throw CNIPluginError(code: CNIPluginError.decodingFailure, msg: "failed to decode network configuration")
        }
        guard !request.name.isEmpty else { throw invalid("network configuration has no name") }
        guard !request.name.contains("/"), request.name != ".", request.name != ".." else {
            throw invalid("invalid network name \"\(request.name)\"")
        }
        func flag(_ key: String) throws -> Bool {
            guard let value = top[key] else { return false }
            guard let bool = value as? Bool else { throw invalid("\"\(key)\" must be a boolean") }
            return bool
        }
        let bridge = top["bridge"] as? String ?? "cni0"
        guard !bridge.isEmpty, bridge.utf8.count <= 15, !bridge.contains("/") else {
            throw invalid("invalid bridge name \"\(bridge)\"", "1-15 characters, no '/' (a Linux interface name)")
        }
        var mtu = 1500
        if let value = top["mtu"] {
            guard let number = value as? Int, number >= 68, number <= 65535 else { throw invalid("\"mtu\" must be an integer from 68 to 65535") }
            mtu = number
        }
        var ipamType: String?
        if let ipam = top["ipam"] {
            guard let ipam = ipam as? [String: Any] else { throw invalid("\"ipam\" must be an object") }
            if let type = ipam["type"] {
                guard let type = type as? String, !type.isEmpty else { throw invalid("\"ipam.type\" must be a plugin name") }
                ipamType = type
            }
        }
        let isDefaultGateway = try flag("isDefaultGateway")
        let isGateway = try flag("isGateway") || isDefaultGateway
        if isGateway, ipamType == nil { throw invalid("isGateway needs an IPAM plugin to give the bridge an address") }
        return BridgeConfig(
            name: request.name, cniVersion: request.cniVersion, bridge: bridge, isGateway: isGateway,
            isDefaultGateway: isDefaultGateway, ipMasq: try flag("ipMasq"), mtu: mtu, hairpinMode: try flag("hairpinMode"),
            ipamType: ipamType, dns: top["dns"] as? [String: Any] ?? [:],
            dataDir: (top["dataDir"] as? String).flatMap { $0.isEmpty ? nil : $0 } ?? defaultDataDir)
    }
}
