import Foundation
import PluginSDK

/// The bridge-like plugin: a main CNI plugin with the reference bridge plugin's configuration
/// and result. Addresses come from the IPAM plugin named by `ipam.type`, run through the host's
/// CNI delegation; the interfaces are reported, never created (Keelson's pods live on
/// loopback addresses). What each ADD returned is recorded per attachment for DEL, CHECK and GC.
final class BridgeLikePlugin: CNIPlugin {
    private let host: KeelsonHost
    /// The instance config's `dataDir`: used when a network config names none.
    private let defaultDataDir: String

    /// Plugin-specific error codes.
    static let attachmentExists = 100
    static let prevResultMismatch = 101
    static let ipamResultInvalid = 102

    init(host: KeelsonHost, config: Data) throws {
        self.host = host
        let object = config.isEmpty ? [:] : (try? JSONSerialization.jsonObject(with: config)) as? [String: Any]
        guard let object else { throw PluginError.invalidArgument("bridge-like config must be a JSON object") }
        if let dir = object["dataDir"], !(dir is String) { throw PluginError.invalidArgument("bridge-like config: dataDir must be a string") }
        defaultDataDir = (object["dataDir"] as? String).flatMap { $0.isEmpty ? nil : $0 } ?? "/tmp/keelson-cni"
    }

    /// The instance config is the network configuration a cluster config gives the plugin.
    static let schema = """
    {"$schema":"https://json-schema.org/draft/2020-12/schema","type":"object","additionalProperties":false,\
    "properties":{\
    "cniVersion":{"type":"string"},"name":{"type":"string"},"type":{"type":"string"},\
    "bridge":{"type":"string","default":"cni0","description":"The bridge's name."},\
    "isGateway":{"type":"boolean","default":false,"description":"The bridge holds each subnet's gateway address."},\
    "isDefaultGateway":{"type":"boolean","default":false,"description":"Adds a default route through the gateway."},\
    "ipMasq":{"type":"boolean","default":false},"hairpinMode":{"type":"boolean","default":false},\
    "promiscMode":{"type":"boolean","default":false},\
    "mtu":{"type":"integer","minimum":68,"maximum":65535,"default":1500},\
    "ipam":{"type":"object","properties":{"type":{"type":"string"}},"description":"Delegated to the CNI plugin named by type."},\
    "dns":{"type":"object"},\
    "dataDir":{"type":"string","description":"Attachment records live in <dataDir>/bridge-like/<network> (default /tmp/keelson-cni; the kubelet sets the node's own)."}}}
    """

    func add(_ request: CNIRequest) throws -> Data {
        let config = try BridgeConfig.parse(request, defaultDataDir: defaultDataDir)
        let runtime = request.runtime
        if try AttachmentRecords.withLock(config.directory, { try $0.record(runtime.containerID, runtime.ifName) }) != nil {
            throw CNIPluginError(code: Self.attachmentExists, msg: "container veth name provided (\(runtime.ifName)) already exists",
                                 details: "container \(runtime.containerID) is attached to network \(config.name)")
        }
        var ipam: [String: Any] = [:]
        if let type = config.ipamType {
            let data = try host.delegateCNI(.add, type: type, netConfig: request.config, runtime: runtime)
            guard let object = (try? JSONSerialization.jsonObject(with: data)) as? [String: Any],
                  let ips = object["ips"] as? [[String: Any]], !ips.isEmpty
            else {
                _ = try? host.delegateCNI(.del, type: type, netConfig: request.config, runtime: runtime)
                throw CNIPluginError(code: Self.ipamResultInvalid, msg: "IPAM plugin returned missing IP config",
                                     details: "\(type) answered \(String(decoding: data.prefix(200), as: UTF8.self))")
            }
            ipam = object
        }
        let result = Self.result(config, runtime: runtime, ipam: ipam)
        do {
            try AttachmentRecords.withLock(config.directory) { records in
                try records.save(.init(containerID: runtime.containerID, ifName: runtime.ifName, netns: runtime.netns, result: result))
            }
            return try JSONSerialization.data(withJSONObject: result, options: [.sortedKeys, .withoutEscapingSlashes])
        } catch {
            if let type = config.ipamType { _ = try? host.delegateCNI(.del, type: type, netConfig: request.config, runtime: runtime) }
            throw error
        }
    }

    func del(_ request: CNIRequest) throws {
        let config = try BridgeConfig.parse(request, defaultDataDir: defaultDataDir)
        let runtime = request.runtime
        if let type = config.ipamType {
            _ = try host.delegateCNI(.del, type: type, netConfig: request.config, runtime: runtime)
        }
        try AttachmentRecords.withLock(config.directory) { try $0.remove(runtime.containerID, runtime.ifName) }
    }

    func check(_ request: CNIRequest) throws {
        let config = try BridgeConfig.parse(request, defaultDataDir: defaultDataDir)
        let runtime = request.runtime
        guard let top = (try? JSONSerialization.jsonObject(with: request.config)) as? [String: Any],
              let previous = top["prevResult"] as? [String: Any]
        else {
            throw CNIPluginError(code: CNIPluginError.invalidNetworkConfig, msg: "Required prevResult missing",
                                 details: "CHECK needs the result of ADD as prevResult")
        }
        guard let record = try AttachmentRecords.withLock(config.directory, { try $0.record(runtime.containerID, runtime.ifName) }) else {
            throw CNIPluginError(code: CNIPluginError.unknownContainer,
                                 msg: "bridge-like: container \(runtime.containerID) has no interface \(runtime.ifName) on network \(config.name)")
        }
        if let type = config.ipamType {
            _ = try host.delegateCNI(.check, type: type, netConfig: request.config, runtime: runtime)
        }
        if let problem = Self.mismatch(recorded: record.result, previous: previous, netns: runtime.netns) {
            throw CNIPluginError(code: Self.prevResultMismatch, msg: "bridge-like: prevResult does not match the attachment", details: problem)
        }
    }

    func status(_ request: CNIRequest) throws {
        let config = try BridgeConfig.parse(request, defaultDataDir: defaultDataDir)
        if let type = config.ipamType {
            _ = try host.delegateCNI(.status, type: type, netConfig: request.config, runtime: request.runtime)
        }
    }

    func gc(_ request: CNIRequest) throws {
        let config = try BridgeConfig.parse(request, defaultDataDir: defaultDataDir)
        let valid = Set(request.validAttachments)
        try AttachmentRecords.withLock(config.directory) { records in
            for record in try records.all() where !valid.contains(CNIAttachment(containerID: record.containerID, ifname: record.ifName)) {
                try records.remove(record.containerID, record.ifName)
            }
        }
        if let type = config.ipamType {
            _ = try host.delegateCNI(.gc, type: type, netConfig: request.config, runtime: request.runtime)
        }
    }

    /// The ADD result: the three interfaces, the IPAM's addresses on the container interface
    /// (with the gateway filled in when the bridge is the gateway), routes and DNS.
    static func result(_ config: BridgeConfig, runtime: CNIRuntime, ipam: [String: Any]) -> [String: Any] {
        let interfaces = Interfaces.list(config, containerID: runtime.containerID, ifName: runtime.ifName, netns: runtime.netns)
        var gateway: String?
        let ips: [[String: Any]] = (ipam["ips"] as? [[String: Any]] ?? []).map { item in
            var ip = item
            ip["interface"] = 2
            if config.isGateway, ip["gateway"] == nil, let address = ip["address"] as? String {
                ip["gateway"] = firstHost(address)
            }
            gateway = gateway ?? ip["gateway"] as? String
            return ip
        }
        var routes = ipam["routes"] as? [[String: Any]] ?? []
        if config.isDefaultGateway, let gateway, !routes.contains(where: { $0["dst"] as? String == "0.0.0.0/0" }) {
            routes.append(["dst": "0.0.0.0/0", "gw": gateway])
        }
        var dns = ipam["dns"] as? [String: Any] ?? [:]
        for (key, value) in config.dns { dns[key] = value }
        return ["cniVersion": config.cniVersion, "interfaces": interfaces, "ips": ips, "routes": routes, "dns": dns]
    }

    /// What in `previous` contradicts the recorded result: a recorded interface missing or with
    /// another MAC or sandbox, or a recorded address missing. Nil when it matches.
    static func mismatch(recorded: [String: Any], previous: [String: Any], netns: String) -> String? {
        let had = previous["interfaces"] as? [[String: Any]] ?? []
        for interface in recorded["interfaces"] as? [[String: Any]] ?? [] {
            let name = interface["name"] as? String ?? ""
            guard let found = had.first(where: { $0["name"] as? String == name }) else {
                return "interface \(name) is not in prevResult"
            }
            if found["mac"] as? String != interface["mac"] as? String {
                return "interface \(name) has MAC \(found["mac"] as? String ?? "none"), expected \(interface["mac"] as? String ?? "")"
            }
            if let sandbox = interface["sandbox"] as? String, found["sandbox"] as? String != sandbox || sandbox != netns {
                return "interface \(name) is in sandbox \(found["sandbox"] as? String ?? "none"), expected \(netns)"
            }
        }
        let addresses = Set((previous["ips"] as? [[String: Any]] ?? []).compactMap { $0["address"] as? String })
        for ip in recorded["ips"] as? [[String: Any]] ?? [] {
            if let address = ip["address"] as? String, !addresses.contains(address) {
                return "address \(address) is not in prevResult"
            }
        }
        return nil
    }

    /// The first host address of the subnet of "a.b.c.d/p" (the reference's default gateway).
    static func firstHost(_ cidr: String) -> String? {
        let parts = cidr.split(separator: "/")
        guard parts.count == 2, let prefix = Int(parts[1]), prefix >= 0, prefix <= 30 else { return nil }
        let octets = parts[0].split(separator: ".").compactMap { UInt32($0) }
        guard octets.count == 4, octets.allSatisfy({ $0 < 256 }) else { return nil }
        let value = octets.reduce(0) { $0 << 8 | $1 }
        let mask: UInt32 = prefix == 0 ? 0 : ~UInt32(0) << UInt32(32 - prefix)
        let first = (value & mask) + 1
        return [24, 16, 8, 0].map { String((first >> UInt32($0)) & 0xff) }.joined(separator: ".")
    }
}
