import Foundation
import Kernel
@testable import Proxy
import Testing

/// The proxy's rules in kube-proxy's iptables layout: names, balancing, affinity, policies,
/// and text that `iptables-restore --test` accepts.
@Suite struct IPTablesRendererTests {
    /// Three ready endpoints on two nodes and one that is not ready.
    static let web = ServicePort(
        namespace: "default", serviceName: "web", portName: "http", port: 80, clusterIPs: ["127.96.0.20"], nodePort: 30080,
        externalIPs: ["127.200.0.1"], endpoints: [
            ProxyEndpoint(ip: "127.244.0.2", port: 8080, nodeName: "pool-a-1"),
            ProxyEndpoint(ip: "127.244.1.2", port: 8080, nodeName: "pool-a-2"),
            ProxyEndpoint(ip: "127.244.1.3", port: 8080, nodeName: "pool-a-2"),
            ProxyEndpoint(ip: "127.244.0.9", port: 8080, nodeName: "pool-a-1", ready: false),
        ])

    static func render(_ ports: [ServicePort], node: String = "pool-a-1") -> IPTablesRuleSet {
        IPTablesRenderer.render(ProxyTable(ports: ports), options: IPTablesRenderOptions(nodeName: node, localCIDR: "127.244.0.0/24"))
    }

    static func table(_ set: IPTablesRuleSet, _ name: String) throws -> IPTablesRuleSet.Table {
        try #require(set.tables.first { $0.name == name })
    }

    @Test func chainNamesAreKubeProxysForTheSameServicePorts() {
        let kubernetes = ServicePort(namespace: "default", serviceName: "kubernetes", portName: "https", port: 443)
        let dns = ServicePort(namespace: "kube-system", serviceName: "kube-dns", portName: "dns", proto: .udp, port: 53)
        let dnsTCP = ServicePort(namespace: "kube-system", serviceName: "kube-dns", portName: "dns-tcp", port: 53)
        #expect(ChainNames.service(kubernetes) == "KUBE-SVC-NPX46M4PTMTKRN6Y")
        #expect(ChainNames.service(dns) == "KUBE-SVC-TCOU7JCQXEZGVUNU")
        #expect(ChainNames.service(dnsTCP) == "KUBE-SVC-ERIFXISQEP7F7OF4")
        #expect(ChainNames.base32(Array("foobar".utf8)) == "MZXW6YTBOI======")
    }

    @Test func clusterIPBalancesOverReadyEndpointsWithFallingProbabilities() throws {
        let nat = try Self.table(Self.render([Self.web]), "nat")
        let svc = ChainNames.service(Self.web)
        #expect(nat.rules(in: "KUBE-SERVICES").contains(
            "-m comment --comment \"default/web:http cluster IP\" -m tcp -p tcp -d 127.96.0.20/32 --dport 80 -j \(svc)"))
        let jumps = nat.rules(in: svc).filter { $0.contains(" -> ") }
        #expect(jumps.count == 3)
        #expect(jumps[0].contains("--probability 0.3333333333") && jumps[1].contains("--probability 0.5000000000"))
        #expect(!jumps[2].contains("statistic"))
        #expect(!nat.rules(in: svc).joined().contains("127.244.0.9"), "a not-ready endpoint gets no traffic")
        #expect(nat.rules(in: svc).first?.hasSuffix("! -s 127.244.0.0/24 -j KUBE-MARK-MASQ") == true)
        let sep = ChainNames.endpoint(Self.web, Self.web.endpoints[0])
        #expect(nat.rules(in: sep) == [
            "-m comment --comment default/web:http -s 127.244.0.2/32 -j KUBE-MARK-MASQ",
            "-m comment --comment default/web:http -m tcp -p tcp -j DNAT --to-destination 127.244.0.2:8080",
        ])
    }

    @Test func nodePortAndExternalIPsGoThroughTheExternalChain() throws {
        let nat = try Self.table(Self.render([Self.web]), "nat")
        let ext = ChainNames.external(Self.web)
        #expect(nat.rules(in: "KUBE-NODEPORTS") == ["-m comment --comment default/web:http -m tcp -p tcp --dport 30080 -j \(ext)"])
        #expect(nat.rules(in: "KUBE-SERVICES").contains { $0.contains("external IP") && $0.contains("-d 127.200.0.1/32") })
        #expect(nat.rules(in: ext) == [
            "-m comment --comment \"masquerade traffic for default/web:http external destinations\" -j KUBE-MARK-MASQ",
            "-j \(ChainNames.service(Self.web))",
        ])
    }

    @Test func sessionAffinityChecksRecentClientsFirst() throws {
        var sticky = Self.web
        sticky.stickySeconds = 600
        let nat = try Self.table(Self.render([sticky]), "nat")
        let rules = nat.rules(in: ChainNames.service(sticky))
        let sep = ChainNames.endpoint(sticky, sticky.endpoints[0])
        #expect(rules[1] == "-m comment --comment \"default/web:http -> 127.244.0.2:8080\" -m recent --name \(sep) --rcheck --seconds 600 --reap -j \(sep)")
        #expect(nat.rules(in: sep)[1].contains("-m recent --name \(sep) --set"))
    }

    @Test func localExternalPolicyUsesOnlyThisNodesEndpoints() throws {
        var local = Self.web
        local.externalTrafficPolicy = .local
        let nat = try Self.table(Self.render([local], node: "pool-a-2"), "nat")
        let svl = nat.rules(in: ChainNames.serviceLocal(local)).joined(separator: "\n")
        #expect(svl.contains("127.244.1.2") && svl.contains("127.244.1.3") && !svl.contains("127.244.0.2"))
        #expect(nat.rules(in: ChainNames.external(local)).last == "-j \(ChainNames.serviceLocal(local))")
        let elsewhere = try Self.table(Self.render([local], node: "pool-b-1"), "filter")
        #expect(elsewhere.rules(in: "KUBE-EXTERNAL-SERVICES").contains {
            $0.contains("has no local endpoints") && $0.contains("--dport 30080 -j DROP")
        })
    }

    @Test func portsWithoutEndpointsAreRejectedInTheFilterTable() throws {
        var empty = Self.web
        empty.endpoints = []
        let set = Self.render([empty])
        let filter = try Self.table(set, "filter")
        #expect(filter.rules(in: "KUBE-SERVICES") == [
            "-m comment --comment \"default/web:http has no endpoints\" -m tcp -p tcp -d 127.96.0.20/32 --dport 80 -j REJECT",
        ])
        #expect(filter.rules(in: "KUBE-EXTERNAL-SERVICES").count == 2)
        #expect(try Self.table(set, "nat").userChains.allSatisfy { !$0.hasPrefix("KUBE-SVC-") && !$0.hasPrefix("KUBE-SEP-") })
    }

    /// `web` with ClientIP affinity, and a copy named `local` with Local traffic policies.
    static var stickyAndLocal: [ServicePort] {
        var sticky = web
        sticky.stickySeconds = 30
        var local = web
        local.serviceName = "local"
        local.externalTrafficPolicy = .local
        local.internalTrafficPolicy = .local
        return [sticky, local]
    }

    @Test func everyJumpTargetIsDeclared() throws {
        for table in Self.render(Self.stickyAndLocal).tables {
            for (chain, rules) in table.rulesByChain {
                #expect(table.builtinChains.contains(chain) || table.userChains.contains(chain))
                for rule in rules {
                    guard let target = rule.split(separator: " ").last, rule.contains("-j KUBE-") else { continue }
                    #expect(table.userChains.contains(String(target)), "\(chain): \(rule)")
                }
            }
        }
    }

    @Test func iptablesRestoreAcceptsTheRules() throws {
        var udp = ServicePort(namespace: "kube-system", serviceName: "kube-dns", portName: "dns", proto: .udp, port: 53,
                              clusterIPs: ["127.96.0.10"], endpoints: [ProxyEndpoint(ip: "127.0.0.1", port: 10053)])
        udp.loadBalancerIPs = ["127.201.0.1"]
        var empty = Self.web
        empty.serviceName = "empty"
        empty.endpoints = []
        let text = Self.render(Self.stickyAndLocal + [udp, empty]).text
        let tools = IPTablesRestore.tools
        try #require(!tools.isEmpty, "iptables-restore is missing: scripts/install-deps installs the iptables package")
        for tool in tools {
            let result = try IPTablesRestore.test(text, tool: tool)
            if tool.hasSuffix("legacy-restore"), result.output.contains("can't initialize") { continue }  // no ip_tables in this kernel
            #expect(result.status == 0, "\(tool): \(result.output)\n\(text)")
        }
    }

    @Test func probabilitiesHaveTenDecimals() {
        #expect(ServicePortRules.probability(1.0 / 3.0) == "0.3333333333")
        #expect(ServicePortRules.probability(0.5) == "0.5000000000")
        #expect(ServicePortRules.probability(1.0 / 7.0) == "0.1428571429")
    }
}
