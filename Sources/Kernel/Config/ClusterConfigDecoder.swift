/// Turns the YAML tree of a config file into a `ClusterConfig`: checks keys (unknown ones get a
/// "did you mean"), types and required fields, and fills what the file leaves out with the defaults.
/// Values are checked afterwards by `ClusterConfig.problems()`.
enum ClusterConfigDecoder {
    static let topLevelKeys = ["apiVersion", "kind", "dataDir", "pluginDirs", "store", "apiServer", "network",
                               "schedulers", "dns", "cloudProvider", "nodePools", "kubelet", "proxy", "controllerManager"]

    static func decode(_ root: ConfigCursor) throws -> ClusterConfig {
        let top = try root.mapping(allowed: topLevelKeys,
                                   expected: "a mapping that starts with apiVersion: \(ClusterConfig.apiVersion) and kind: \(ClusterConfig.kind)")
        try expectConstant(top, "apiVersion", ClusterConfig.apiVersion)
        try expectConstant(top, "kind", ClusterConfig.kind)

        var config = ClusterConfig()
        if let cursor = top["dataDir"] { config.dataDir = try nonEmptyString(cursor, expected: "a folder path") }
        if let cursor = top["pluginDirs"] {
            config.pluginDirs = try cursor.list(expected: "a list of folder paths").map { try nonEmptyString($0, expected: "a folder path") }
        }
        if let cursor = top["store"] { config.store = try store(cursor) }
        if let cursor = top["apiServer"] {
            let map = try cursor.mapping(allowed: ["address", "plainHTTP", "maxRequestsInFlight", "maxMutatingRequestsInFlight",
                                                   "defaultNotReadyTolerationSeconds", "defaultUnreachableTolerationSeconds"])
            if let address = map["address"] { config.apiServer.address = try address.string(expected: "a loopback host:port such as 127.0.0.1:6443") }
            if let plain = map["plainHTTP"] { config.apiServer.plainHTTP = try plain.boolean(expected: "true or false (false, the default, serves HTTPS)") }
            if let limit = map["maxRequestsInFlight"] {
                config.apiServer.maxRequestsInFlight = try limit.integer(in: 1...100_000, expected: "an integer >= 1 such as 400")
            }
            if let limit = map["maxMutatingRequestsInFlight"] {
                config.apiServer.maxMutatingRequestsInFlight = try limit.integer(in: 1...100_000, expected: "an integer >= 1 such as 200")
            }
            if let seconds = map["defaultNotReadyTolerationSeconds"] {
                config.apiServer.defaultNotReadyTolerationSeconds = Int64(try seconds.integer(in: 0...31_536_000, expected: "a number of seconds >= 0 such as 300"))
            }
            if let seconds = map["defaultUnreachableTolerationSeconds"] {
                config.apiServer.defaultUnreachableTolerationSeconds = Int64(try seconds.integer(in: 0...31_536_000, expected: "a number of seconds >= 0 such as 300"))
            }
        }
        if let cursor = top["network"] { config.network = try network(cursor) }
        if let cursor = top["schedulers"] {
            config.schedulers = try cursor.list(expected: "a list of scheduler plugins such as [{plugin: default-scheduler}]").map(pluginRef)
        }
        if let cursor = top["dns"] { config.dns = cursor.isNull ? nil : try pluginRef(cursor) }
        if let cursor = top["cloudProvider"] { config.cloudProvider = cursor.isNull ? nil : try pluginRef(cursor) }
        if let cursor = top["nodePools"] {
            config.nodePools = try cursor.list(expected: "a list of node pools").map(nodePool)
        }
        if let cursor = top["kubelet"] { config.kubelet = try KubeletConfig.decode(cursor) }
        if let cursor = top["proxy"] { config.proxy = try ProxyConfig.decode(cursor) }
        if let cursor = top["controllerManager"] { config.controllerManager = try ControllerManagerConfig.decode(cursor) }
        return config
    }

    private static func expectConstant(_ map: ConfigMapping, _ key: String, _ value: String) throws {
        let cursor = try map.required(key, hint: "add \(key): \(value)")
        guard case .scalar(_, let found) = cursor.node.content, found == .string(value) else {
            throw cursor.mismatch(expected: KeyPath.quoted(value), hint: "this file format is \(key): \(value)")
        }
    }

    private static func nonEmptyString(_ cursor: ConfigCursor, expected: String) throws -> String {
        let text = try cursor.string(expected: expected)
        guard !text.isEmpty else { throw cursor.mismatch(expected: expected) }
        return text
    }

    private static func store(_ cursor: ConfigCursor) throws -> StoreConfig {
        let map = try cursor.mapping(allowed: ["backend", "endpoints"], expected: "a mapping like {backend: sqlite}")
        let names = StoreConfig.Backend.allCases.map(\.rawValue)
        let expected = "one of \(names.joined(separator: ", "))"
        let backendCursor = try map.required("backend", hint: "add backend: sqlite (or \(names.dropFirst().joined(separator: ", ")))")
        let name = try backendCursor.string(expected: expected)
        guard let backend = StoreConfig.Backend(rawValue: name) else {
            throw backendCursor.mismatch(expected: expected, hint: NameSuggestion.hint(for: name, among: names))
        }
        var config = StoreConfig(backend: backend)
        if let endpoints = map["endpoints"] {
            guard backend == .etcd else {
                throw endpoints.error("only the etcd backend uses endpoints; remove this key or set backend: etcd")
            }
            config.endpoints = try endpoints.list(expected: "a list of etcd URLs such as [http://127.0.0.1:2379]")
                .map { try nonEmptyString($0, expected: "an etcd URL such as http://127.0.0.1:2379") }
        } else if backend == .etcd {
            _ = try map.required("endpoints", hint: "list the etcd URLs, e.g. endpoints: [http://127.0.0.1:2379]")
        }
        return config
    }

    private static func network(_ cursor: ConfigCursor) throws -> NetworkConfig {
        let map = try cursor.mapping(allowed: ["podCIDR", "serviceCIDR", "cni"])
        var network = NetworkConfig()
        if let value = map["podCIDR"] { network.podCIDR = try value.string(expected: "a loopback CIDR such as 127.244.0.0/16") }
        if let value = map["serviceCIDR"] { network.serviceCIDR = try value.string(expected: "a loopback CIDR such as 127.96.0.0/16") }
        if let value = map["cni"] {
            network.cni = try value.list(expected: "a list of CNI plugins such as [{plugin: host-local}]").map(pluginRef)
        }
        return network
    }

    /// `{plugin: NAME, config: {...}}`, or just `NAME`.
    static func pluginRef(_ cursor: ConfigCursor) throws -> PluginRef {
        let expected = "a plugin reference like {plugin: NAME, config: {...}}"
        if case .scalar(_, .string(let name)) = cursor.node.content {
            guard !name.isEmpty else { throw cursor.mismatch(expected: expected) }
            return PluginRef(plugin: name)
        }
        let map = try cursor.mapping(allowed: ["plugin", "config"], expected: expected)
        let name = try nonEmptyString(try map.required("plugin", hint: "name the plugin, e.g. plugin: NAME (see keelson plugins list)"),
                                      expected: "a plugin name")
        var reference = PluginRef(plugin: name)
        if let config = map["config"], !config.isNull {
            reference.config = config.json
        }
        return reference
    }

    private static func nodePool(_ cursor: ConfigCursor) throws -> NodePool {
        let map = try cursor.mapping(allowed: ["name", "count", "runtime", "capacity", "labels", "taints"],
                                     expected: "a node pool like {name: pool-a, count: 3}")
        let name = try nonEmptyString(try map.required("name", hint: "give the pool a name such as pool-a"), expected: "a pool name such as pool-a")
        var pool = NodePool(name: name, count: 1)
        if let count = map["count"] { pool.count = try count.integer(in: 0...Int(Int32.max), expected: "an integer >= 0") }
        if let runtime = map["runtime"] { pool.runtime = try pluginRef(runtime) }
        if let capacity = map["capacity"] {
            for (resource, value) in try capacity.anyMapping(expected: "a mapping of resource names to quantities, like {cpu: \"4\", memory: 8Gi}") {
                pool.capacity[resource] = try value.scalarText(expected: "a quantity such as 4, 500m or 8Gi")
            }
        }
        if let labels = map["labels"] {
            for (key, value) in try labels.anyMapping(expected: "a mapping of label keys to values") {
                pool.labels[key] = try value.string(expected: "a label value (a string)")
            }
        }
        if let taints = map["taints"] {
            pool.taints = try taints.list(expected: "a list of taints like [{key: dedicated, value: batch, effect: NoSchedule}]").map(taint)
        }
        return pool
    }

    private static func taint(_ cursor: ConfigCursor) throws -> JSONValue {
        let map = try cursor.mapping(allowed: ["key", "value", "effect"], expected: "a taint like {key: dedicated, value: batch, effect: NoSchedule}")
        var taint: JSONValue = [:]
        taint["key"] = .string(try map.required("key", hint: "add the taint's key").string(expected: "a taint key"))
        if let value = map["value"], !value.isNull { taint["value"] = .string(try value.string(expected: "a taint value (a string)")) }
        taint["effect"] = .string(try map.required("effect", hint: "add effect: NoSchedule, PreferNoSchedule or NoExecute")
            .string(expected: "one of \(Taints.effects.joined(separator: ", "))"))
        return taint
    }
}
