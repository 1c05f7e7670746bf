import Kernel

/// What the kubelet fills into a CNI network configuration the cluster config left open.
enum NetworkDefaults {
    /// Adds `cniVersion` and `name` when missing, and gives a host-local IPAM section without
    /// `ranges` (or a host-local plugin configured bare) the node's pod CIDR as its one range,
    /// and `dataDir` (when given) as its state directory.
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
