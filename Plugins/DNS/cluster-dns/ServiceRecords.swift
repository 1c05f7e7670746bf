/// The records one Service (with its EndpointSlices) contributes under the Kubernetes DNS
/// specification: a pure function of the objects, the zone and the TTL.
enum ServiceRecords {
    /// RFC 2782 priority and weight of every SRV record (the specification leaves them open;
    /// every target is equal here).
    static let srvPriority: UInt16 = 0
    static let srvWeight: UInt16 = 100

    /// The records for `service`:
    /// - ClusterIP (and NodePort, LoadBalancer) services: A/AAAA `<svc>.<ns>.svc.<zone>` per
    ///   cluster IP, PTR for each of them, SRV `_<port>._<proto>.<svc>.<ns>.svc.<zone>` per named
    ///   port pointing at the service name;
    /// - headless services: A/AAAA per ready endpoint at the service name and at
    ///   `<hostname>.<svc>.<ns>.svc.<zone>`, PTR per endpoint, SRV per named endpoint port and
    ///   endpoint (none at all when no endpoint is ready, so the name does not exist);
    /// - ExternalName services: a CNAME to the external name.
    /// Names that would be invalid (labels over 63 bytes) are left out. Duplicates are removed.
    /// An endpoint is _ready_ when its `conditions.ready` is true or absent, or when the Service
    /// publishes not-ready addresses; only ready endpoints get records.
    static func build(service: ServiceView, slices: [EndpointSliceView], zone: DNSName, ttl: UInt32) -> [ResourceRecord] {
        guard let key = service.key,
              let serviceName = zone.prepending(labels: [key.name, key.namespace, "svc"].map { Array($0.utf8) })
        else { return [] }
        var records: [ResourceRecord] = []
        func add(_ name: DNSName, _ data: RData) {
            records.append(ResourceRecord(name: name, ttl: ttl, data: data))
        }

        if service.isExternalName {
            if let external = service.spec?.externalName, let target = DNSName(external), !target.labels.isEmpty {
                add(serviceName, .cname(target))
            }
        } else if service.isHeadless {
            for address in readyAddresses(of: service, in: slices) {
                let label = endpointLabel(address.hostname, address.ip)
                add(serviceName, address.ip.recordData)
                guard let hostName = serviceName.prepending(label) else { continue }
                add(hostName, address.ip.recordData)
                add(address.ip.reverseName, .ptr(hostName))
                for port in address.ports {
                    guard let srvName = srvName(port.name, port.protocol, under: serviceName),
                          let number = port.port.flatMap(UInt16.init(exactly:))
                    else { continue }
                    add(srvName, .srv(priority: srvPriority, weight: srvWeight, port: number, target: hostName))
                }
            }
        } else {
            let addresses = service.clusterIPs.compactMap(IPAddress.init)
            for ip in addresses {
                add(serviceName, ip.recordData)
                add(ip.reverseName, .ptr(serviceName))
            }
            if !addresses.isEmpty {
                for port in service.spec?.ports ?? [] {
                    guard let srvName = srvName(port.name, port.protocol, under: serviceName),
                          let number = port.port.flatMap(UInt16.init(exactly:))
                    else { continue }
                    add(srvName, .srv(priority: srvPriority, weight: srvWeight, port: number, target: serviceName))
                }
            }
        }
        var seen = Set<ResourceRecord>()
        return records.filter { seen.insert($0).inserted }
    }

    /// One address of a _ready_ endpoint, with what its records need.
    struct EndpointAddress {
        /// The address.
        let ip: IPAddress
        /// The endpoint's `hostname`, when it has one.
        let hostname: String?
        /// The ports of the endpoint's slice.
        let ports: [EndpointSliceView.Port]
    }

    /// The addresses of the Service's _ready_ endpoints across its slices, in slice order:
    /// endpoints whose `conditions.ready` is true or absent, every endpoint when the Service
    /// publishes not-ready addresses. FQDN slices and unparsable addresses are skipped.
    static func readyAddresses(of service: ServiceView, in slices: [EndpointSliceView]) -> [EndpointAddress] {
        var result: [EndpointAddress] = []
        for slice in slices where slice.addressType != "FQDN" {
            for endpoint in slice.endpoints ?? [] where endpoint.isReady || service.publishesNotReady {
                for address in endpoint.addresses ?? [] {
                    guard let ip = IPAddress(address) else { continue }
                    result.append(EndpointAddress(ip: ip, hostname: endpoint.hostname, ports: slice.ports ?? []))
                }
            }
        }
        return result
    }

    /// A Service's slices in a fixed order (by name), so its records do not depend on the order
    /// the slices arrived in.
    static func ordered(_ slices: [String: EndpointSliceView]) -> [EndpointSliceView] {
        slices.sorted { $0.key < $1.key }.map(\.value)
    }

    /// `_<port>._<proto>.<service name>` for a named port; nil for an unnamed one.
    static func srvName(_ port: String?, _ proto: String?, under serviceName: DNSName) -> DNSName? {
        guard let port, !port.isEmpty else { return nil }
        let transport = (proto ?? "TCP").lowercased()
        return serviceName.prepending(labels: [Array("_\(port)".utf8), Array("_\(transport)".utf8)])
    }

    /// The endpoint's _hostname_: its `hostname` when that is a valid DNS label, else the
    /// address with dashes ("10-244-1-7"), which is unique within the service.
    static func endpointLabel(_ hostname: String?, _ ip: IPAddress) -> String {
        if let hostname, isDNSLabel(hostname) { return hostname.lowercased() }
        return ip.dashedLabel
    }

    /// Whether `text` is an RFC 1123 label: 1-63 of [a-z0-9-], not starting or ending with '-'.
    static func isDNSLabel(_ text: String) -> Bool {
        let bytes = Array(text.utf8)
        guard (1...DNSName.maxLabelLength).contains(bytes.count),
              bytes.first != UInt8(ascii: "-"), bytes.last != UInt8(ascii: "-")
        else { return false }
        return bytes.allSatisfy { byte in
            (0x30...0x39).contains(byte) || (0x61...0x7A).contains(DNSName.lowercase(byte)) || byte == UInt8(ascii: "-")
        }
    }
}
