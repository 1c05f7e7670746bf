/// The rules of one Service port for one node and family (see `IPTablesRenderer`).
struct ServicePortRules {
    let port: ServicePort
    let options: IPTablesRenderOptions

    /// `-m tcp -p tcp`: the protocol match every per-port rule starts with.
    private var protocolMatch: String { "-m \(port.proto.iptablesName) -p \(port.proto.iptablesName)" }

    /// A quoted `--comment` argument, as iptables-save quotes comments with spaces.
    private func comment(_ text: String) -> String {
        text.contains(" ") ? "-m comment --comment \"\(text)\"" : "-m comment --comment \(text)"
    }

    /// Appends this port's rules to both tables.
    func write(filter: inout IPTablesRuleSet.Table, nat: inout IPTablesRuleSet.Table) {
        let family = options.family
        let clusterIPs = port.clusterIPs.filter(family.contains)
        guard !clusterIPs.isEmpty else { return }
        let externalIPs = port.externalIPs.filter(family.contains)
        let loadBalancerIPs = port.loadBalancerIPs.filter(family.contains)
        let hasExternal = port.nodePort != nil || !externalIPs.isEmpty || !loadBalancerIPs.isEmpty

        let clusterEndpoints = port.usableEndpoints(in: .cluster).filter { family.contains($0.ip) }
        let localEndpoints = port.usableEndpoints(in: .node(options.nodeName)).filter { family.contains($0.ip) }
        let internalLocal = port.internalTrafficPolicy == .local
        let externalLocal = port.externalTrafficPolicy == .local
        let internalEndpoints = internalLocal ? localEndpoints : clusterEndpoints
        let externalEndpoints = externalLocal ? localEndpoints : clusterEndpoints

        let svc = ChainNames.service(port)
        let svl = ChainNames.serviceLocal(port)
        let ext = ChainNames.external(port)
        let usesSVC = !clusterEndpoints.isEmpty && (!internalLocal || (hasExternal && !externalLocal))
        let usesSVL = !localEndpoints.isEmpty && (internalLocal || (hasExternal && externalLocal))

        // Traffic to cluster IPs.
        for ip in clusterIPs {
            let match = "\(protocolMatch) -d \(ip)/\(family.hostPrefix) --dport \(port.port)"
            if internalEndpoints.isEmpty {
                let local = internalLocal && !clusterEndpoints.isEmpty
                filter.append("KUBE-SERVICES", "\(comment("\(port.id) has no \(local ? "local " : "")endpoints")) \(match) -j \(local ? "DROP" : "REJECT")")
            } else {
                nat.append("KUBE-SERVICES", "\(comment("\(port.id) cluster IP")) \(match) -j \(internalLocal ? svl : svc)")
            }
        }

        // Traffic to external IPs, load-balancer IPs and the node port.
        if hasExternal {
            let targets = externalIPs.map { ($0, "external IP") } + loadBalancerIPs.map { ($0, "loadbalancer IP") }
            if externalEndpoints.isEmpty {
                let local = externalLocal && !clusterEndpoints.isEmpty
                let verdict = local ? "DROP" : "REJECT"
                let why = comment("\(port.id) has no \(local ? "local " : "")endpoints")
                for (ip, _) in targets {
                    filter.append("KUBE-EXTERNAL-SERVICES", "\(why) \(protocolMatch) -d \(ip)/\(family.hostPrefix) --dport \(port.port) -j \(verdict)")
                }
                if let nodePort = port.nodePort {
                    filter.append("KUBE-EXTERNAL-SERVICES", "\(why) -m addrtype --dst-type LOCAL \(protocolMatch) --dport \(nodePort) -j \(verdict)")
                }
            } else {
                for (ip, kind) in targets {
                    nat.append("KUBE-SERVICES", "\(comment("\(port.id) \(kind)")) \(protocolMatch) -d \(ip)/\(family.hostPrefix) --dport \(port.port) -j \(ext)")
                }
                if let nodePort = port.nodePort {
                    nat.append("KUBE-NODEPORTS", "\(comment(port.id)) \(protocolMatch) --dport \(nodePort) -j \(ext)")
                }
                writeExternalChain(ext, svc: svc, svl: svl, local: externalLocal, clusterReachable: usesSVC, nat: &nat)
            }
        }

        if usesSVC {
            if let cidr = options.localCIDR {
                for ip in clusterIPs {
                    nat.append(svc, "\(comment("\(port.id) cluster IP")) \(protocolMatch) -d \(ip)/\(family.hostPrefix) --dport \(port.port) ! -s \(cidr) -j KUBE-MARK-MASQ")
                }
            }
            writeBalancing(svc, over: clusterEndpoints, nat: &nat)
        }
        if usesSVL { writeBalancing(svl, over: localEndpoints, nat: &nat) }
        let endpoints = Set((usesSVC ? clusterEndpoints : []) + (usesSVL ? localEndpoints : [])).sorted()
        for endpoint in endpoints { writeEndpointChain(endpoint, nat: &nat) }
    }

    /// `KUBE-EXT-*`: masquerade and hand on to the cluster-wide chain (Cluster policy), or keep
    /// the client's address and use only local endpoints (Local policy), except for traffic
    /// from local pods and the node itself, which may go anywhere.
    private func writeExternalChain(_ ext: String, svc: String, svl: String, local: Bool, clusterReachable: Bool, nat: inout IPTablesRuleSet.Table) {
        guard local else {
            nat.append(ext, "\(comment("masquerade traffic for \(port.id) external destinations")) -j KUBE-MARK-MASQ")
            nat.append(ext, "-j \(svc)")
            return
        }
        if clusterReachable {
            if let cidr = options.localCIDR {
                nat.append(ext, "\(comment("pod traffic for \(port.id) external destinations")) -s \(cidr) -j \(svc)")
            }
            nat.append(ext, "\(comment("masquerade LOCAL traffic for \(port.id) external destinations")) -m addrtype --src-type LOCAL -j KUBE-MARK-MASQ")
            nat.append(ext, "\(comment("route LOCAL traffic for \(port.id) external destinations")) -m addrtype --src-type LOCAL -j \(svc)")
        }
        nat.append(ext, "-j \(svl)")
    }

    /// The jumps from a balancing chain to its endpoints: first the session-affinity checks,
    /// then endpoint i of n taken with probability 1/(n-i), the last one unconditionally, which
    /// picks each endpoint with equal chance.
    private func writeBalancing(_ chain: String, over endpoints: [ProxyEndpoint], nat: inout IPTablesRuleSet.Table) {
        if let seconds = port.stickySeconds {
            for endpoint in endpoints {
                let sep = ChainNames.endpoint(port, endpoint)
                nat.append(chain, "\(comment("\(port.id) -> \(endpoint.hostPort)")) -m recent --name \(sep) --rcheck --seconds \(seconds) --reap -j \(sep)")
            }
        }
        for (index, endpoint) in endpoints.enumerated() {
            let sep = ChainNames.endpoint(port, endpoint)
            let remaining = endpoints.count - index
            let statistic = remaining > 1 ? " -m statistic --mode random --probability \(Self.probability(1.0 / Double(remaining)))" : ""
            nat.append(chain, "\(comment("\(port.id) -> \(endpoint.hostPort)"))\(statistic) -j \(sep)")
        }
    }

    /// `KUBE-SEP-*`: mark hairpin traffic (an endpoint reaching itself) for masquerading, record
    /// the client for session affinity, and rewrite the destination to the endpoint.
    private func writeEndpointChain(_ endpoint: ProxyEndpoint, nat: inout IPTablesRuleSet.Table) {
        let sep = ChainNames.endpoint(port, endpoint)
        nat.append(sep, "\(comment(port.id)) -s \(endpoint.ip)/\(options.family.hostPrefix) -j KUBE-MARK-MASQ")
        let affinity = port.stickySeconds == nil ? "" : " -m recent --name \(sep) --set"
        nat.append(sep, "\(comment(port.id))\(affinity) \(protocolMatch) -j DNAT --to-destination \(endpoint.hostPort)")
    }

    /// A probability with ten decimals, as kube-proxy prints it (`0.3333333333`).
    static func probability(_ value: Double) -> String {
        let scaled = Int((value * 1e10).rounded())
        let whole = scaled / 10_000_000_000
        let fraction = String(scaled % 10_000_000_000)
        return "\(whole)." + String(repeating: "0", count: 10 - fraction.count) + fraction
    }
}
