import Foundation
import PluginSDK

/// Builds the spec's ADD result for the configuration's `cniVersion`.
enum CNIResult {
    /// The result JSON: as a main plugin it names the interface it attached; as IPAM it only
    /// carries addresses, routes and DNS. Versions before 1.0.0 also tag each IP with its family.
    static func encode(
        _ config: NetworkConfig, runtime: CNIRuntime, addresses: [(address: IPv4, range: AddressRange)], dns: [String: Any]
    ) throws(CNIPluginError) -> Data {
        let legacy = !CNIVersions.atLeast(config.cniVersion, "1.0.0")
        let ips: [[String: Any]] = addresses.map { item in
            var ip: [String: Any] = ["address": "\(item.address)/\(item.range.subnet.prefix)"]
            if let gateway = item.range.gateway { ip["gateway"] = gateway.description }
            if !config.ipamMode { ip["interface"] = 0 }
            if legacy { ip["version"] = "4" }
            return ip
        }
        var result: [String: Any] = ["cniVersion": config.cniVersion, "ips": ips, "routes": config.routes, "dns": dns]
        if !config.ipamMode {
            result["interfaces"] = [["name": runtime.ifName, "sandbox": runtime.netns]]
        }
        do {
            return try JSONSerialization.data(withJSONObject: result, options: [.sortedKeys, .withoutEscapingSlashes])
        } catch {
            throw CNIPluginError(code: CNIPluginError.internalError, msg: "cannot encode result", details: "\(error)")
        }
    }

    /// The DNS section from a resolv.conf file (`resolvConf`), `{}` without one.
    static func dns(resolvConf path: String?) throws(CNIPluginError) -> [String: Any] {
        guard let path, !path.isEmpty else { return [:] }
        guard let data = FileManager.default.contents(atPath: path) else {
            throw CNIPluginError(code: CNIPluginError.ioFailure, msg: "cannot read resolvConf \(path)")
        }
        var nameservers: [String] = []
        var search: [String] = []
        var options: [String] = []
        var domain: String?
        for line in String(decoding: data, as: UTF8.self).split(separator: "\n") {
            let words = line.split(whereSeparator: { $0 == " " || $0 == "\t" }).map(String.init)
            guard let key = words.first, !key.hasPrefix("#"), !key.hasPrefix(";") else { continue }
            let values = Array(words.dropFirst())
            switch key {
            case "nameserver": nameservers += values.prefix(1)
            case "domain": domain = values.first
            case "search": search = values
            case "options": options += values
            default: break
            }
        }
        var dns: [String: Any] = [:]
        if !nameservers.isEmpty { dns["nameservers"] = nameservers }
        if let domain { dns["domain"] = domain }
        if !search.isEmpty { dns["search"] = search }
        if !options.isEmpty { dns["options"] = options }
        return dns
    }
}
