import Kernel

/// The CRI `DNSConfig` for a pod by its dnsPolicy, as the kubelet builds resolv.conf.
enum PodDNS {
    /// ClusterFirst (the default) uses the cluster DNS with the namespace's search path and
    /// ndots:5, falling back to the node's resolver when no cluster DNS is known; Default uses the
    /// node's resolver (nil: the runtime's default); None uses only `spec.dnsConfig`. The pod's
    /// `spec.dnsConfig` is merged in every case.
    static func config(for pod: PodView, options: KubeletOptions) -> JSONValue? {
        var servers: [String] = []
        var searches: [String] = []
        var dnsOptions: [String] = []
        var policy = pod.spec["dnsPolicy"]?.stringValue ?? "ClusterFirst"
        if policy == "ClusterFirst", pod.hostNetwork { policy = "Default" }
        if policy == "ClusterFirstWithHostNet" { policy = "ClusterFirst" }
        if policy == "ClusterFirst", !options.clusterDNS.isEmpty {
            let domain = options.clusterDomain
            servers = options.clusterDNS
            searches = ["\(pod.namespace).svc.\(domain)", "svc.\(domain)", domain]
            dnsOptions = ["ndots:5"]
        }
        if let custom = pod.spec["dnsConfig"] {
            servers += (custom["nameservers"]?.arrayValue ?? []).compactMap(\.stringValue)
            searches += (custom["searches"]?.arrayValue ?? []).compactMap(\.stringValue)
            for option in custom["options"]?.arrayValue ?? [] {
                guard let name = option["name"]?.stringValue else { continue }
                let text = option["value"]?.stringValue.map { "\(name):\($0)" } ?? name
                dnsOptions.removeAll { $0 == name || $0.hasPrefix("\(name):") }
                dnsOptions.append(text)
            }
        }
        if servers.isEmpty, searches.isEmpty, dnsOptions.isEmpty { return nil }
        var unique = Set<String>()
        return [
            "servers": .array(servers.filter { unique.insert("s" + $0).inserted }.map(JSONValue.string)),
            "searches": .array(searches.filter { unique.insert("d" + $0).inserted }.map(JSONValue.string)),
            "options": .array(dnsOptions.map(JSONValue.string)),
        ]
    }
}
