import Kernel

/// The node's CNI network: the configured plugins run as the CNI spec runs a configuration list.
/// ADD goes through the plugins in order, each receiving the previous plugin's result as
/// `prevResult`; DEL goes in reverse, each receiving the cached result of the ADD; CHECK goes in
/// order with the cached result; STATUS asks every plugin.
struct CNIChain: Sendable {
    /// One plugin of the list and its network configuration (cniVersion and name filled in).
    struct Link: Sendable {
        let client: CNIPluginClient
        let netConfig: JSONValue
    }

    let links: [Link]

    /// Builds the chain. Each configuration gets the list's `cniVersion` and `name` when it has
    /// none, and an IPAM section without ranges gets the node's pod CIDR (see `NetworkDefaults`).
    init(_ plugins: [(client: CNIPluginClient, netConfig: JSONValue)], podCIDR: String, networkName: String,
         cniVersion: String, dataDir: String? = nil) {
        links = plugins.map { plugin in
            Link(client: plugin.client,
                 netConfig: NetworkDefaults.complete(
                    plugin.netConfig, podCIDR: podCIDR, networkName: networkName, cniVersion: cniVersion, dataDir: dataDir))
        }
    }

    /// Whether any plugin is configured at all.
    var isConfigured: Bool { !links.isEmpty }

    /// ADD through the chain. On a failure the plugins already run are torn down (DEL in
    /// reverse) and the error says which plugin failed.
    func add(_ runtime: CNIRuntimeConf) async throws -> NetworkAttachment {
        var previous: JSONValue?
        for (index, link) in links.enumerated() {
            var config = link.netConfig
            if let previous { config["prevResult"] = previous }
            do {
                previous = try await link.client.add(netConfig: config, runtime: runtime)
            } catch {
                try? await delete(links: links[...index], result: previous, runtime: runtime)
                throw NetworkError(command: "ADD", plugin: Self.pluginName(link.netConfig), underlying: error)
            }
        }
        let result = previous ?? [:]
        return NetworkAttachment(runtime: runtime, result: result)
    }

    /// DEL through the chain in reverse, passing the cached ADD result as `prevResult`.
    func delete(_ attachment: NetworkAttachment) async throws {
        try await delete(links: links[...], result: attachment.result, runtime: attachment.runtime)
    }

    /// CHECK through the chain in order with the cached ADD result.
    func check(_ attachment: NetworkAttachment) async throws {
        for link in links {
            var config = link.netConfig
            config["prevResult"] = attachment.result
            do {
                try await link.client.check(netConfig: config, runtime: attachment.runtime)
            } catch {
                throw NetworkError(command: "CHECK", plugin: Self.pluginName(link.netConfig), underlying: error)
            }
        }
    }

    /// STATUS of every plugin: nil when all are ready, otherwise why not.
    func status() async -> String? {
        guard isConfigured else { return "cni config uninitialized" }
        for link in links {
            do {
                try await link.client.status(netConfig: link.netConfig)
            } catch {
                return NetworkError(command: "STATUS", plugin: Self.pluginName(link.netConfig), underlying: error).description
            }
        }
        return nil
    }

    /// GC through the chain: every plugin releases what belongs to attachments not listed.
    func garbageCollect(valid: [(containerID: String, ifName: String)]) async throws {
        for link in links {
            do {
                try await link.client.gc(netConfig: link.netConfig, validAttachments: valid)
            } catch {
                throw NetworkError(command: "GC", plugin: Self.pluginName(link.netConfig), underlying: error)
            }
        }
    }

    private func delete(links: ArraySlice<Link>, result: JSONValue?, runtime: CNIRuntimeConf) async throws {
        var firstError: NetworkError?
        for link in links.reversed() {
            var config = link.netConfig
            if let result { config["prevResult"] = result }
            do {
                try await link.client.del(netConfig: config, runtime: runtime)
            } catch let error where CNIFailure(error, command: "DEL").nothingToClean {
                continue  // code 3: the plugin does not know the container, so nothing is left to clean
            } catch {
                firstError = firstError ?? NetworkError(command: "DEL", plugin: Self.pluginName(link.netConfig), underlying: error)
            }
        }
        if let firstError { throw firstError }
    }

    private static func pluginName(_ config: JSONValue) -> String {
        config["type"]?.stringValue ?? config["name"]?.stringValue ?? "cni"
    }
}

/// A pod's attachment to the network: what the ADD was called with and its final result,
/// cached so that DEL and CHECK receive them as the spec requires.
struct NetworkAttachment: Sendable {
    /// The CNI_* parameters of the ADD.
    let runtime: CNIRuntimeConf
    /// The last plugin's result.
    let result: JSONValue

    /// The pod's addresses from the result's `ips`, without prefix lengths, at most one per
    /// family, IPv4 first (Kubernetes' podIPs rule).
    var podIPs: [String] {
        let addresses = (result["ips"]?.arrayValue ?? []).compactMap { ip -> String? in
            guard let address = ip["address"]?.stringValue else { return nil }
            return String(address.split(separator: "/", maxSplits: 1).first ?? "")
        }.filter { !$0.isEmpty }
        let v4 = addresses.first { !$0.contains(":") }
        let v6 = addresses.first { $0.contains(":") }
        return [v4, v6].compactMap { $0 }
    }
}

/// A failed CNI command, naming the plugin and carrying the spec's error code when there is one.
struct NetworkError: Error, CustomStringConvertible {
    let command: String
    let plugin: String
    let underlying: any Error

    var description: String { CNIFailure(self).description }
}
