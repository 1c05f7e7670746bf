extension ClusterConfig {
    /// Every problem with the config's values, in document order, each with its key path.
    func problems() -> [ConfigProblem] {
        var problems: [ConfigProblem] = []
        func add(_ path: String, _ message: String) { problems.append(ConfigProblem(keyPath: path, message: message)) }

        if dataDir.isEmpty { add("dataDir", "must not be empty; use a folder such as ./keelson-data") }
        for (index, folder) in pluginDirs.enumerated() where folder.isEmpty {
            add(KeyPath.appending("pluginDirs", index: index), "must not be empty; give a folder path")
        }
        storeProblems(add)
        let apiHost = addressProblems(add)
        networkProblems(apiHost: apiHost, add)
        pluginProblems(add)
        nodePoolProblems(add)
        heartbeatProblems(add)
        return problems
    }

    /// The node monitor must allow for at least two kubelet heartbeats, or every node turns
    /// NotReady between them.
    private func heartbeatProblems(_ add: (String, String) -> Void) {
        let frequency = kubelet.nodeStatusUpdateFrequency
        let periods = [("nodeMonitorGracePeriod", controllerManager.nodeMonitorGracePeriod, "50s"),
                       ("nodeStartupGracePeriod", controllerManager.nodeStartupGracePeriod, "1m")]
        for (key, grace, example) in periods where grace < frequency * 2 {
            add("controllerManager.\(key)",
                "\(GoDuration.format(grace)) is shorter than two kubelet heartbeats (kubelet.nodeStatusUpdateFrequency \(GoDuration.format(frequency))), so every node would turn NotReady between them; use at least \(GoDuration.format(frequency * 2)), e.g. \(example)")
        }
    }

    private func storeProblems(_ add: (String, String) -> Void) {
        switch store.backend {
        case .etcd:
            if store.endpoints.isEmpty {
                add("store.endpoints", "the etcd backend needs at least one endpoint, e.g. [http://127.0.0.1:2379]")
            }
            for (index, endpoint) in store.endpoints.enumerated() {
                if let problem = ClusterConfig.etcdEndpointProblem(endpoint) {
                    add(KeyPath.appending("store.endpoints", index: index), problem)
                }
            }
        case .sqlite, .memory:
            if !store.endpoints.isEmpty {
                add("store.endpoints", "only the etcd backend uses endpoints; remove them or set backend: etcd")
            }
        }
    }

    static func etcdEndpointProblem(_ endpoint: String) -> String? {
        let expected = "expected an etcd URL on loopback such as http://127.0.0.1:2379, got \(KeyPath.quoted(endpoint))"
        var rest = Substring(endpoint)
        if rest.hasPrefix("http://") { rest = rest.dropFirst(7) } else if rest.hasPrefix("https://") { rest = rest.dropFirst(8) } else {
            return expected
        }
        if rest.hasSuffix("/") { rest = rest.dropLast() }
        guard let hostPort = HostPort(String(rest)), hostPort.port > 0 else { return expected }
        guard hostPort.host == "localhost" || IPv4Address(hostPort.host)?.isLoopback == true else {
            return "\(hostPort.host) is not a loopback address; Keelson only talks to 127.0.0.0/8, e.g. http://127.0.0.1:\(hostPort.port)"
        }
        return nil
    }

    /// Checks `apiServer.address` and returns its host when valid.
    private func addressProblems(_ add: (String, String) -> Void) -> IPv4Address? {
        let path = "apiServer.address"
        guard let hostPort = HostPort(apiServer.address) else {
            add(path, "expected host:port such as 127.0.0.1:6443, got \(KeyPath.quoted(apiServer.address))")
            return nil
        }
        guard let host = IPv4Address(hostPort.host) else {
            add(path, "expected an IPv4 loopback host such as 127.0.0.1, got \(KeyPath.quoted(hostPort.host))")
            return nil
        }
        if apiServer.plainHTTP && !host.isLoopback {
            add("apiServer.plainHTTP", "plain HTTP is served on loopback only and \(host) is not; remove plainHTTP: true (HTTPS is the default) or use 127.0.0.1:\(hostPort.port)")
            return nil
        }
        guard host.isLoopback else {
            add(path, "\(host) is not a loopback address; Keelson listens only on 127.0.0.0/8, e.g. 127.0.0.1:\(hostPort.port)")
            return nil
        }
        return host
    }

    private func networkProblems(apiHost: IPv4Address?, _ add: (String, String) -> Void) {
        let pod = loopbackCIDR(network.podCIDR, path: "network.podCIDR", example: "127.244.0.0/16", add)
        let service = loopbackCIDR(network.serviceCIDR, path: "network.serviceCIDR", example: "127.96.0.0/16", add)
        if let pod {
            do {
                let allocator = try PodCIDRAllocator(podCIDR: pod)
                try allocator.ensureRoom(forNodes: nodeCount)
            } catch {
                add("network.podCIDR", "\(error)")
            }
        }
        if let service {
            if service.prefixLength < 12 {
                add("network.serviceCIDR", "\(service) has more than 2^20 addresses; use a prefix of /12 or longer, like 127.96.0.0/16")
            } else if service.prefixLength > 29 {
                add("network.serviceCIDR", "\(service) has only \(service.size) addresses; use a larger range such as 127.96.0.0/16")
            }
        }
        if let pod, let service, pod.overlaps(service) {
            add("network.serviceCIDR", "\(service) overlaps podCIDR \(pod); pick ranges that do not overlap, like 127.96.0.0/16 and 127.244.0.0/16")
        }
        if let apiHost {
            for (name, range) in [("podCIDR", pod), ("serviceCIDR", service)] {
                if let range, range.contains(apiHost) {
                    add("apiServer.address", "\(apiHost) lies inside network.\(name) \(range); use an address outside both ranges, like 127.0.0.1")
                }
            }
        }
        if network.cni.isEmpty {
            add("network.cni", "needs at least one CNI plugin to give pods addresses, e.g. [{plugin: host-local}]")
        }
    }

    private func loopbackCIDR(_ text: String, path: String, example: String, _ add: (String, String) -> Void) -> IPv4CIDR? {
        let cidr: IPv4CIDR
        do {
            cidr = try IPv4CIDR(parsing: text)
        } catch {
            add(path, "\(error)")
            return nil
        }
        guard cidr.isLoopback else {
            add(path, "\(cidr) is outside 127.0.0.0/8; Keelson keeps pod and service addresses on loopback, use a range such as \(example)")
            return nil
        }
        return cidr
    }

    private func pluginProblems(_ add: (String, String) -> Void) {
        if schedulers.isEmpty {
            add("schedulers", "needs at least one scheduler, e.g. [{plugin: default-scheduler}]")
        }
        var seen: [String: Int] = [:]
        for (index, scheduler) in schedulers.enumerated() where !scheduler.plugin.isEmpty {
            if let first = seen[scheduler.plugin] {
                add(KeyPath.appending("schedulers", index: index) + ".plugin",
                    "\(KeyPath.quoted(scheduler.plugin)) is already listed at schedulers[\(first)]; list each scheduler once")
            } else {
                seen[scheduler.plugin] = index
            }
        }
        for slot in pluginSlots where slot.ref.plugin.isEmpty {
            add(slot.keyPath + ".plugin", "must name a plugin (see keelson plugins list)")
        }
    }

    private func nodePoolProblems(_ add: (String, String) -> Void) {
        var seen: [String: Int] = [:]
        for (index, pool) in nodePools.enumerated() {
            let path = KeyPath.appending("nodePools", index: index)
            if let problem = KubernetesNames.dnsLabelProblem(pool.name) {
                add(path + ".name", "\(KeyPath.quoted(pool.name)) is not a valid pool name: it \(problem) (e.g. pool-a)")
            } else if let first = seen[pool.name] {
                add(path + ".name", "\(KeyPath.quoted(pool.name)) is already used by nodePools[\(first)]; give each pool its own name")
            } else {
                seen[pool.name] = index
            }
            if pool.count < 0 { add(path + ".count", "expected an integer >= 0, got \(pool.count)") }
            for resource in pool.capacity.keys.sorted() {
                let resourcePath = KeyPath.appending(path + ".capacity", key: resource)
                if let problem = KubernetesNames.qualifiedNameProblem(resource) {
                    add(resourcePath, "\(KeyPath.quoted(resource)) is not a resource name: \(problem)")
                } else if let value = pool.capacity[resource], !KubernetesNames.isNonNegativeQuantity(value) {
                    add(resourcePath, "expected a non-negative quantity such as 4, 500m or 8Gi, got \(KeyPath.quoted(value))")
                }
            }
            for key in pool.labels.keys.sorted() {
                let labelPath = KeyPath.appending(path + ".labels", key: key)
                if let problem = KubernetesNames.qualifiedNameProblem(key) {
                    add(labelPath, "\(KeyPath.quoted(key)) is not a valid label key: \(problem)")
                } else if let value = pool.labels[key], let problem = KubernetesNames.labelValueProblem(value) {
                    add(labelPath, "\(KeyPath.quoted(value)) is not a valid label value: it \(problem)")
                }
            }
            for (taintIndex, taint) in pool.taints.enumerated() {
                for problem in Taints.problems(taint) {
                    add(KeyPath.appending(path + ".taints", index: taintIndex) + problem.suffix, problem.message)
                }
            }
        }
    }
}

extension Taints {
    /// What is wrong with a core/v1 Taint object, as (key path suffix, message) pairs.
    static func problems(_ taint: JSONValue) -> [(suffix: String, message: String)] {
        guard let members = taint.objectValue else {
            return [("", "expected a taint like {key: dedicated, value: batch, effect: NoSchedule}, got \(ValueDescription.of(taint))")]
        }
        var problems: [(String, String)] = []
        for key in members.keys.sorted() where !["key", "value", "effect", "timeAdded"].contains(key) {
            problems.append((KeyPath.appending("", key: key).prefixedForMember, "unknown key; \(NameSuggestion.hint(for: key, among: ["key", "value", "effect"]) ?? "a taint has key, value and effect")"))
        }
        if let key = members["key"]?.stringValue {
            if let problem = KubernetesNames.qualifiedNameProblem(key) {
                problems.append((".key", "\(KeyPath.quoted(key)) is not a valid taint key: \(problem)"))
            }
        } else {
            problems.append((".key", "missing; every taint needs a key"))
        }
        if let value = members["value"], !value.isNull {
            if let text = value.stringValue {
                if let problem = KubernetesNames.labelValueProblem(text) {
                    problems.append((".value", "\(KeyPath.quoted(text)) is not a valid taint value: it \(problem)"))
                }
            } else {
                problems.append((".value", "expected a string, got \(ValueDescription.of(value))"))
            }
        }
        let effect = members["effect"]?.stringValue ?? ""
        if !effects.contains(effect) {
            let suggestion = NameSuggestion.hint(for: effect, among: effects).map { "; \($0)" } ?? ""
            problems.append((".effect", "expected one of \(effects.joined(separator: ", ")), got \(ValueDescription.of(members["effect"] ?? .null))\(suggestion)"))
        }
        return problems
    }
}

extension String {
    /// A member path built from "" (`name` or `["a.b"]`) made to follow another path: `.name` or `["a.b"]`.
    fileprivate var prefixedForMember: String { hasPrefix("[") ? self : "." + self }
}
