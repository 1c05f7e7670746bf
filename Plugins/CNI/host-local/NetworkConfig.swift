import Foundation
import PluginSDK

/// One range of a range set: addresses `start...end` of `subnet`, never the network,
/// broadcast or gateway address.
struct AddressRange: Sendable {
    var subnet: IPv4Subnet
    var start: IPv4
    var end: IPv4
    var gateway: IPv4?

    /// Whether `address` may be handed out from this range.
    func allocatable(_ address: IPv4) -> Bool {
        address >= start && address <= end && address != gateway
    }

    /// How many addresses the range can hand out.
    var capacity: Int {
        let total = Int(end.value - start.value) + 1
        if let gateway, gateway >= start, gateway <= end { return total - 1 }
        return total
    }
}

/// host-local's configuration: the plugin's own fields at the top level (used as a main
/// plugin) or under `ipam` (used as IPAM by a main plugin, as the real one is).
struct NetworkConfig {
    /// The network name; allocations live in `<dataDir>/<name>`.
    var name: String
    var cniVersion: String
    /// Whether the fields came from an `ipam` section: the result then has no interfaces.
    var ipamMode: Bool
    /// One address is allocated from each set; a set is a list of ranges of one family.
    var rangeSets: [[AddressRange]]
    /// Routes returned in the result, as configured.
    var routes: [[String: Any]]
    var dataDir: String
    var resolvConf: String?
    /// Addresses asked for through `runtimeConfig.ips`, `args.cni.ips` or CNI_ARGS `IP=`.
    var requestedIPs: [IPv4]

    /// The state directory of this network.
    var directory: String { (dataDir as NSString).appendingPathComponent(name) }

    static let defaultDataDir = "/tmp/keelson-cni"

    static func invalid(_ message: String, _ details: String = "") -> CNIPluginError {
        CNIPluginError(code: CNIPluginError.invalidNetworkConfig, msg: message, details: details)
    }

    /// Reads and validates the configuration of one command.
    static func parse(_ request: CNIRequest) throws(CNIPluginError) -> NetworkConfig {
        guard let top = (try? JSONSerialization.jsonObject(with: request.config)) as? [String: Any] else {
            throw CNIPluginError(code: CNIPluginError.decodingFailure, msg: "failed to decode network configuration")
        }
        let name = request.name
        guard !name.isEmpty else { throw invalid("network configuration has no name") }
        guard !name.contains("/"), name != ".", name != ".." else { throw invalid("invalid network name \"\(name)\"") }
        var fields = top
        var ipamMode = false
        if let ipam = top["ipam"] as? [String: Any] {
            fields = ipam
            ipamMode = true
        }
        var rangeSets: [[AddressRange]] = []
        if let sets = fields["ranges"] {
            guard let sets = sets as? [[[String: Any]]] else { throw invalid("\"ranges\" must be a list of lists of ranges") }
            for set in sets {
                guard !set.isEmpty else { throw invalid("a range set has no ranges") }
                rangeSets.append(try set.map(parseRange))
            }
        } else if fields["subnet"] != nil {
            rangeSets = [[try parseRange(fields)]]  // the older single-range form
        }
        guard !rangeSets.isEmpty else { throw invalid("no IP ranges specified") }
        for set in rangeSets {
            for (i, a) in set.enumerated() {
                for b in set[(i + 1)...] where a.start <= b.end && b.start <= a.end {
                    throw invalid("range set overlaps", "\(a.subnet) and \(b.subnet) overlap")
                }
            }
        }
        let routes = fields["routes"] as? [[String: Any]] ?? []
        for route in routes where route["dst"] as? String == nil {
            throw invalid("every route needs \"dst\"")
        }
        var requested: [String] = []
        if let runtimeConfig = top["runtimeConfig"] as? [String: Any], let ips = runtimeConfig["ips"] as? [String] {
            requested += ips
        }
        if let args = top["args"] as? [String: Any], let cni = args["cni"] as? [String: Any], let ips = cni["ips"] as? [String] {
            requested += ips
        }
        for (key, value) in request.runtime.argPairs where key == "IP" {
            requested += value.split(separator: ",").map(String.init)
        }
        var requestedIPs: [IPv4] = []
        for text in requested {
            let address = text.split(separator: "/").first.map(String.init) ?? text
            guard let ip = IPv4(address) else { throw invalid("invalid requested IP \"\(text)\"") }
            requestedIPs.append(ip)
        }
        return NetworkConfig(
            name: name, cniVersion: request.cniVersion, ipamMode: ipamMode, rangeSets: rangeSets, routes: routes,
            dataDir: (fields["dataDir"] as? String).flatMap { $0.isEmpty ? nil : $0 } ?? defaultDataDir,
            resolvConf: fields["resolvConf"] as? String, requestedIPs: requestedIPs)
    }

    private static func parseRange(_ object: [String: Any]) throws(CNIPluginError) -> AddressRange {
        guard let text = object["subnet"] as? String else { throw invalid("a range has no \"subnet\"") }
        guard let subnet = IPv4Subnet(text) else {
            if text.contains(":") { throw invalid("IPv6 ranges are not supported", "subnet \(text)") }
            throw invalid("invalid CIDR \"\(text)\"")
        }
        guard subnet.prefix <= 30 else { throw invalid("network \(subnet) too small to allocate from") }
        func address(_ key: String, default value: IPv4) throws(CNIPluginError) -> IPv4 {
            guard let text = object[key] as? String, !text.isEmpty else { return value }
            guard let ip = IPv4(text) else { throw invalid("invalid \(key) \"\(text)\"") }
            guard subnet.contains(ip) else { throw invalid("\(key) \(ip) is not in subnet \(subnet)") }
            return ip
        }
        let first = IPv4(subnet.network.value + 1)
        let last = IPv4(subnet.broadcast.value - 1)
        let start = try address("rangeStart", default: first)
        let end = try address("rangeEnd", default: last)
        let gateway = try address("gateway", default: first)
        guard start <= end, start >= first, end <= last else {
            throw invalid("invalid range \(start)-\(end) in subnet \(subnet)")
        }
        return AddressRange(subnet: subnet, start: start, end: end, gateway: gateway)
    }
}
