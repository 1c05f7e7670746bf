import Kernel

/// What the kubelet fills into a CNI network configuration the cluster config left open.
enum NetworkDefaults {
    /// Adds `cniVersion` and `name` when missing, and gives a host-local IPAM section without
    /// `ranges` (or a host-local plugin configured bare) the node's pod CIDR as its one range,
    /// and `dataDir` (when given) as its state directory; a main plugin with an IPAM section
    /// gets that `dataDir` too, for its own records.
    static func complete(_ config: JSONValue, podCIDR: String, networkName: String, cniVersion: String, dataDir: String? = nil) -> JSONValue {
        var config = config.objectValue == nil ? [:] : config
        if config["cniVersion"]?.stringValue == nil { config["cniVersion"] = .string(cniVersion) }
        if config["name"]?.stringValue == nil { config["name"] = .string(networkName) }
        let range: JSONValue = [[["subnet": .string(podCIDR)]]]
        if var ipam = config["ipam"], ipam.objectValue != nil {
            if ipam["type"]?.stringValue ?? "host-local" == "host-local" {
                if !hasRanges(ipam) { ipam["ranges"] = range }
                if let dataDir, ipam["dataDir"]?.stringValue == nil { ipam["dataDir"] = .string(dataDir) }
                config["ipam"] = ipam
            }
            // A main plugin that keeps per-attachment records (bridge-like) keeps them per node too.
            if let dataDir, config["type"]?.stringValue != "host-local", config["dataDir"]?.stringValue == nil {
                config["dataDir"] = .string(dataDir)
            }
        } else if config["type"]?.stringValue == "host-local" {
            var ipam: JSONValue = ["type": "host-local", "ranges": range]
            if let dataDir { ipam["dataDir"] = .string(dataDir) }
            config["ipam"] = ipam
        }
        return config
    }

    private static func hasRanges(_ ipam: JSONValue) -> Bool {
        !(ipam["ranges"]?.arrayValue ?? []).isEmpty || ipam["subnet"]?.stringValue != nil
    }
}
