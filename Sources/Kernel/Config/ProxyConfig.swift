/// The `proxy:` section of the cluster config: the kube-proxy `keelson up` runs. All simulated
/// nodes share the host's loopback, so one proxy serves them all.
///
/// ```yaml
/// proxy:
///   enabled: true
///   scheduler: round-robin
///   udpIdleTimeout: 60s
/// ```
public struct ProxyConfig: Sendable, Hashable {
    /// How the data path picks an endpoint for a new connection.
    public enum Scheduler: String, Sendable, Hashable, CaseIterable {
        /// A uniformly random endpoint, as kube-proxy's iptables mode (statistic probabilities).
        case random
        /// The next endpoint in turn, as kube-proxy's IPVS mode with `rr`.
        case roundRobin = "round-robin"
    }

    /// `enabled`: whether `keelson up` runs the proxy. Default: true.
    public var enabled: Bool
    /// `scheduler`: `random` (the default) or `round-robin`.
    public var scheduler: Scheduler
    /// `udpIdleTimeout`: how long a UDP client's flow to its endpoint lives without traffic.
    /// Default: 60s.
    public var udpIdleTimeout: Duration

    /// The defaults: enabled, random, 60s.
    public init(enabled: Bool = true, scheduler: Scheduler = .random, udpIdleTimeout: Duration = .seconds(60)) {
        self.enabled = enabled
        self.scheduler = scheduler
        self.udpIdleTimeout = udpIdleTimeout
    }

    /// The keys allowed under `proxy:`.
    static let keys = ["enabled", "scheduler", "udpIdleTimeout"]

    /// Reads the `proxy:` mapping; a wrong key, type or value is a one-line error naming the key
    /// path and the fix.
    static func decode(_ cursor: ConfigCursor) throws -> ProxyConfig {
        var config = ProxyConfig()
        if cursor.isNull { return config }
        let map = try cursor.mapping(allowed: keys, expected: "a mapping like {scheduler: round-robin, udpIdleTimeout: 60s}")
        if let value = map["enabled"] {
            config.enabled = try value.boolean(expected: "true or false (true, the default, runs the proxy)")
        }
        if let value = map["scheduler"] {
            let choices = Scheduler.allCases.map(\.rawValue).joined(separator: " or ")
            let text = try value.string(expected: choices)
            guard let scheduler = Scheduler(rawValue: text) else {
                throw value.mismatch(expected: choices, hint: "random is kube-proxy's iptables behaviour, round-robin its IPVS rr")
            }
            config.scheduler = scheduler
        }
        if let value = map["udpIdleTimeout"] {
            let expected = "a duration between 10ms and 24h such as 60s"
            guard case .scalar(let text, let scalar) = value.node.content, case .string = scalar else {
                if case .scalar(let text, let scalar) = value.node.content, scalar.intValue != nil {
                    throw value.mismatch(expected: expected, hint: "add a unit, e.g. \(text)s")
                }
                throw value.mismatch(expected: expected)
            }
            guard let duration = GoDuration.parse(text) else {
                throw value.mismatch(expected: expected, hint: "units are ns, us, ms, s, m and h")
            }
            guard (Duration.milliseconds(10) ... Duration.seconds(86_400)).contains(duration) else {
                throw value.mismatch(expected: expected)
            }
            config.udpIdleTimeout = duration
        }
        return config
    }
}
