import ArgumentParser
import Foundation
import Kernel
import Proxy

/// `keelson proxy`: the Service proxy (kube-proxy) of the cluster's nodes.
struct ProxyCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "proxy",
        abstract: "Inspect the Service proxy.",
        subcommands: [Rules.self]
    )

    /// `keelson proxy rules [--node N]`: the node proxy's rules as `iptables-save` text.
    struct Rules: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Print a node proxy's Service rules in iptables-save format (kube-proxy's iptables layout).",
            discussion: "The rules are computed from the cluster's Services and EndpointSlices exactly as the node's proxy computes its routing; the output parses with `iptables-restore --test`."
        )

        @OptionGroup var options: ClientOptions

        @Option(name: .long, help: "The node whose rules to print (default: the first node by name).")
        var node: String?

        @Flag(name: .customLong("ipv6"), help: "Print the IPv6 (ip6tables) rules instead of the IPv4 ones.")
        var ipv6 = false

        func run() async throws {
            let client = try options.client()
            let nodes = try await client.list(.nodes, namespace: nil)["items"]?.arrayValue ?? []
            let chosen: JSONValue?
            if let node {
                guard let found = nodes.first(where: { $0.name == node }) else {
                    let known = nodes.compactMap(\.name).sorted().joined(separator: ", ")
                    throw CLIError("node \"\(node)\" not found (nodes: \(known.isEmpty ? "none" : known))")
                }
                chosen = found
            } else {
                chosen = nodes.min { ($0.name ?? "") < ($1.name ?? "") }
            }
            let services = try await client.list(.services, namespace: nil)["items"]?.arrayValue ?? []
            let slices = try await client.list(.endpointSlices, namespace: nil)["items"]?.arrayValue ?? []
            let family: IPFamily = ipv6 ? .ipv6 : .ipv4
            let podCIDRs = (chosen?[path: "spec", "podCIDRs"]?.arrayValue ?? []).compactMap(\.stringValue)
            let options = IPTablesRenderOptions(
                nodeName: chosen?.name,
                localCIDR: podCIDRs.first(where: family.contains) ?? chosen?[path: "spec", "podCIDR"]?.stringValue.flatMap { family.contains($0) ? $0 : nil },
                family: family)
            let rules = IPTablesRenderer.render(ProxyTable.build(services: services, slices: slices), options: options)
            print(rules.text, terminator: "")
        }
    }
}
