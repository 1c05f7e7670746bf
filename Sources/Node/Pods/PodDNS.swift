import Kernel

/// The CRI `DNSConfig` for a pod by its dnsPolicy, formed as Kubernetes' kubelet forms a pod's
/// resolv.conf, with the warnings it records on the way.
enum PodDNS {
    /// Kubernetes' limits (derived from libc's resolver): nameservers kept.
    static let maxNameservers = 3
    /// Search domains kept.
    static let maxSearchPaths = 32
    /// Characters of the search line (domains joined by spaces).
    static let maxSearchListChars = 2048
    /// Longest search domain kept (a DNS-1123 subdomain); longer ones make some libcs abort.
    static let maxSearchDomainLength = 253
    /// The options of a ClusterFirst pod.
    static let clusterFirstOptions = ["ndots:5"]

    /// One event the kubelet records while forming the config.
    struct Warning: Sendable, Equatable {
        /// `DNSConfigForming` (limits exceeded) or `MissingClusterDNS`.
        var reason: String
        /// The event's message.
        var message: String
        /// Whether the node gets the event too (MissingClusterDNS), not only the pod.
        var aboutNode = false
    }

    /// The CRI `dnsConfig` (`servers`, `searches`, `options`) and the warnings to record.
    struct Formed: Sendable {
        /// The sandbox config's `dnsConfig`.
        var config: JSONValue
        /// Events to record about the pod (and the node).
        var warnings: [Warning]
    }

    /// How the pod's DNS is formed: the cluster's, the node's, or only its own dnsConfig.
    enum Kind: Sendable, Equatable {
        case cluster, host, none
    }

    /// ClusterFirst, ClusterFirstWithHostNet → cluster (ClusterFirst with hostNetwork → host);
    /// Default → host; None → none; an unknown policy is treated as ClusterFirst.
    static func kind(of pod: PodView) -> Kind {
        switch pod.spec["dnsPolicy"]?.stringValue ?? "ClusterFirst" {
        case "None": return .none
        case "ClusterFirstWithHostNet": return .cluster
        case "Default": return .host
        case "ClusterFirst": return pod.hostNetwork ? .host : .cluster
        default: return .cluster
        }
    }

    /// The sandbox `dnsConfig` of `pod`, the node's resolver read from `options.resolverConfig`.
    static func config(for pod: PodView, options: KubeletOptions) -> JSONValue? {
        form(for: pod, options: options).config
    }

    /// Forms the pod's DNS config with the node's resolver read from `options.resolverConfig`.
    static func form(for pod: PodView, options: KubeletOptions) -> Formed {
        let host = options.resolverConfig.isEmpty ? nil : ResolvConf.read(path: options.resolverConfig)
        return form(for: pod, options: options, host: host)
    }

    /// Forms the pod's DNS config. `host` is the node's resolver (nil when the kubelet's
    /// resolverConfig is empty: then the node's own address, 127.0.0.1, with search `.`).
    /// ClusterFirst: the cluster DNS servers only, search `<ns>.svc.<zone> svc.<zone> <zone>`
    /// then the host's, `ndots:5`; without cluster DNS it falls back to the host's config with a
    /// MissingClusterDNS warning. Default: the host's. None: empty. Then `spec.dnsConfig` is
    /// appended (duplicates dropped, options overriding by name) and the limits applied.
    static func form(for pod: PodView, options: KubeletOptions, host: ResolvConf?) -> Formed {
        var warnings: [Warning] = []
        let hostConfig = host ?? ResolvConf(nameservers: [], searches: [], options: [])
        var servers: [String] = []
        var searches: [String] = []
        var dnsOptions: [String] = []
        var dnsKind = Self.kind(of: pod)
        if dnsKind == .cluster, options.clusterDNS.isEmpty {
            let message = "kubelet does not have ClusterDNS IP configured and cannot create Pod using \"ClusterFirst\" policy. Falling back to \"Default\" policy."
            warnings.append(Warning(reason: "MissingClusterDNS", message: "pod: \"\(pod.name)_\(pod.namespace)(\(pod.uid))\". \(message)"))
            warnings.append(Warning(reason: "MissingClusterDNS", message: message, aboutNode: true))
            dnsKind = .host
        }
        switch dnsKind {
        case .none:
            break
        case .cluster:
            servers = options.clusterDNS
            let domain = options.clusterDomain
            let cluster = domain.isEmpty ? [] : ["\(pod.namespace).svc.\(domain)", "svc.\(domain)", domain]
            searches = omitDuplicates(cluster + hostConfig.searches)
            dnsOptions = clusterFirstOptions
        case .host where host == nil:
            servers = [options.nodeIP.contains(":") ? "::1" : "127.0.0.1"]
            searches = ["."]
        case .host:
            servers = hostConfig.nameservers
            searches = hostConfig.searches
            dnsOptions = hostConfig.options
        }
        if let custom = pod.spec["dnsConfig"], custom.objectValue != nil {
            servers = omitDuplicates(servers + (custom["nameservers"]?.arrayValue ?? []).compactMap(\.stringValue))
            searches = omitDuplicates(searches + (custom["searches"]?.arrayValue ?? []).compactMap(\.stringValue))
            let extra = (custom["options"]?.arrayValue ?? []).compactMap { option -> String? in
                guard let name = option["name"]?.stringValue else { return nil }
                guard let value = option["value"]?.stringValue, !value.isEmpty else { return name }
                return "\(name):\(value)"
            }
            dnsOptions = ResolvConf.merge(dnsOptions, extra)
        }
        if servers.count > maxNameservers {
            servers = Array(servers.prefix(maxNameservers))
            warnings.append(Warning(reason: "DNSConfigForming", message:
                "Nameserver limits were exceeded, some nameservers have been omitted, the applied nameserver line is: \(servers.joined(separator: " "))"))
        }
        let (fitting, cut) = fitSearches(searches)
        if cut {
            warnings.append(Warning(reason: "DNSConfigForming", message:
                "Search Line limits were exceeded, some search paths have been omitted, the applied search line is: \(fitting.joined(separator: " "))"))
        }
        let config: JSONValue = [
            "servers": .array(servers.map(JSONValue.string)),
            "searches": .array(fitting.map(JSONValue.string)),
            "options": .array(dnsOptions.map(JSONValue.string)),
        ]
        return Formed(config: config, warnings: warnings)
    }

    /// The search domains within Kubernetes' limits (at most 32, none longer than 253
    /// characters, at most 2048 characters joined, cut from the end) and whether any were cut.
    static func fitSearches(_ searches: [String]) -> ([String], Bool) {
        var kept = Array(searches.prefix(maxSearchPaths))
        var cut = kept.count < searches.count
        let short = kept.filter { $0.count <= maxSearchDomainLength }
        if short.count < kept.count { cut = true }
        kept = short
        while !kept.isEmpty, kept.joined(separator: " ").count > maxSearchListChars {
            kept.removeLast()
            cut = true
        }
        return (kept, cut)
    }

    /// `values` without repeats, first occurrences kept in order.
    static func omitDuplicates(_ values: [String]) -> [String] {
        var seen = Set<String>()
        return values.filter { seen.insert($0).inserted }
    }
}
