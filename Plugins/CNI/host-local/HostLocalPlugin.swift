import Foundation
import PluginSDK

/// The host-local plugin: IP address management from ranges, with state in files, usable as
/// a main plugin (fields at the top of the network config) or as IPAM (fields under `ipam`).
/// It keeps no state in memory, so any number of instances may share a state directory.
final class HostLocalPlugin: CNIPlugin {
    /// The instance config's `dataDir`: used when a network config names none.
    private let defaultDataDir: String

    init(host: KeelsonHost, config: Data) throws {
        let object = config.isEmpty ? [:] : (try? JSONSerialization.jsonObject(with: config)) as? [String: Any]
        guard let object else { throw PluginError.invalidArgument("host-local config must be a JSON object") }
        if let dir = object["dataDir"], !(dir is String) { throw PluginError.invalidArgument("host-local config: dataDir must be a string") }
        defaultDataDir = (object["dataDir"] as? String).flatMap { $0.isEmpty ? nil : $0 } ?? NetworkConfig.defaultDataDir
    }

    static let schema = """
    {"$schema":"https://json-schema.org/draft/2020-12/schema","type":"object","additionalProperties":false,\
    "properties":{"dataDir":{"type":"string","default":"/tmp/keelson-cni",\
    "description":"Where allocations are kept (<dataDir>/<network name>) when a network config sets no dataDir."}}}
    """

    private func configuration(_ request: CNIRequest) throws -> NetworkConfig {
        var config = try NetworkConfig.parse(request)
        if !Self.namesDataDir(request.config) { config.dataDir = defaultDataDir }
        return config
    }

    private static func namesDataDir(_ data: Data) -> Bool {
        guard let top = (try? JSONSerialization.jsonObject(with: data)) as? [String: Any] else { return false }
        let fields = top["ipam"] as? [String: Any] ?? top
        return (fields["dataDir"] as? String).map { !$0.isEmpty } ?? false
    }

    func add(_ request: CNIRequest) throws -> Data {
        let config = try configuration(request)
        let dns = try CNIResult.dns(resolvConf: config.resolvConf)
        let runtime = request.runtime
        let addresses = try AllocationStore.withLock(config.directory) { store throws(CNIPluginError) in
            try Allocator.allocate(config, containerID: runtime.containerID, ifname: runtime.ifName, store: store)
        }
        do {
            return try CNIResult.encode(config, runtime: runtime, addresses: addresses, dns: dns)
        } catch {
            try? AllocationStore.withLock(config.directory) { store throws(CNIPluginError) in
                for item in addresses { try store.release(item.address) }
            }
            throw error
        }
    }

    func del(_ request: CNIRequest) throws {
        let config = try configuration(request)
        let runtime = request.runtime
        try AllocationStore.withLock(config.directory) { store throws(CNIPluginError) in
            for allocation in try store.allocations() where Self.belongs(allocation, runtime.containerID, runtime.ifName) {
                try store.release(allocation.address)
            }
        }
    }

    func check(_ request: CNIRequest) throws {
        let config = try configuration(request)
        let runtime = request.runtime
        let held = try AllocationStore.withLock(config.directory) { store throws(CNIPluginError) in
            try store.allocations().filter { Self.belongs($0, runtime.containerID, runtime.ifName) }
        }
        guard !held.isEmpty else {
            throw CNIPluginError(code: CNIPluginError.unknownContainer,
                                 msg: "host-local: failed to find address added by container \(runtime.containerID)",
                                 details: "no allocation for interface \(runtime.ifName) in network \(config.name)")
        }
        for address in Self.previousAddresses(request.config) where !held.contains(where: { $0.address == address }) {
            throw CNIPluginError(code: Allocator.allocationMismatch,
                                 msg: "host-local: address \(address) of prevResult is not allocated to \(runtime.containerID)")
        }
    }

    func status(_ request: CNIRequest) throws {
        let config = try configuration(request)
        let free = try AllocationStore.withLock(config.directory) { store throws(CNIPluginError) in
            Allocator.free(config, allocations: try store.allocations())
        }
        if let full = free.firstIndex(where: { $0 <= 0 }) {
            throw CNIPluginError(code: CNIPluginError.notAvailable, msg: "no IP addresses available in range set",
                                 details: Allocator.describe(config.rangeSets[full]))
        }
    }

    func gc(_ request: CNIRequest) throws {
        let config = try configuration(request)
        let valid = Set(request.validAttachments)
        try AllocationStore.withLock(config.directory) { store throws(CNIPluginError) in
            for allocation in try store.allocations()
            where !valid.contains(CNIAttachment(containerID: allocation.containerID, ifname: allocation.ifname)) {
                try store.release(allocation.address)
            }
        }
    }

    /// Whether an allocation belongs to the attachment (files written without an interface
    /// name, by older plugin versions, belong to the container).
    private static func belongs(_ allocation: AllocationStore.Allocation, _ containerID: String, _ ifname: String) -> Bool {
        allocation.containerID == containerID && (allocation.ifname == ifname || allocation.ifname.isEmpty)
    }

    /// The IPv4 addresses of the config's `prevResult`.
    private static func previousAddresses(_ data: Data) -> [IPv4] {
        guard let top = (try? JSONSerialization.jsonObject(with: data)) as? [String: Any],
              let previous = top["prevResult"] as? [String: Any], let ips = previous["ips"] as? [[String: Any]]
        else { return [] }
        return ips.compactMap { ($0["address"] as? String)?.split(separator: "/").first.flatMap { IPv4(String($0)) } }
    }
}
