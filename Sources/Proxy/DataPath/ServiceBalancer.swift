import Kernel
import Synchronization

/// Picks endpoints for one Service port: holds the usable endpoint sets for internal and
/// external traffic (swapped atomically on every table update), the round-robin positions and
/// the ClientIP affinity records. Shared by every listener of the port and safe from any thread.
final class ServiceBalancer: Sendable {
    /// A client IP's sticky endpoint and when traffic last used it.
    struct Affinity {
        /// The endpoint the client sticks to (`ip:port`).
        var endpoint: String
        /// The last time a connection or datagram used the record.
        var lastUsed: ContinuousClock.Instant
    }

    /// Everything that changes, behind one lock.
    struct State {
        /// Where ClusterIP traffic may go.
        var internalEndpoints: [ProxyEndpoint] = []
        /// Where node-port, external-IP and load-balancer traffic may go.
        var externalEndpoints: [ProxyEndpoint] = []
        /// The round-robin position for internal traffic.
        var nextInternal = 0
        /// The round-robin position for external traffic.
        var nextExternal = 0
        /// The ClientIP affinity timeout (nil: no affinity).
        var stickySeconds: Int?
        /// Affinity records by client IP.
        var affinity: [String: Affinity] = [:]
    }

    /// The balancing mode.
    let scheduler: ProxyConfig.Scheduler
    /// The endpoint sets, positions and affinity records.
    private let state = Mutex(State())

    /// Creates a balancer with no endpoints.
    init(scheduler: ProxyConfig.Scheduler) {
        self.scheduler = scheduler
    }

    /// Replaces the endpoint sets with the port's usable endpoints for `node` and drops affinity
    /// records whose endpoint is no longer usable. A nil `node` means the proxy serves every
    /// node of the host, so `Local` traffic policies count every endpoint as local.
    func update(_ port: ServicePort, node: String?) {
        var port = port
        if node == nil {
            port.internalTrafficPolicy = .cluster
            port.externalTrafficPolicy = .cluster
        }
        let internalEndpoints = port.usableEndpoints(node: node, external: false)
        let externalEndpoints = port.usableEndpoints(node: node, external: true)
        let usable = Set((internalEndpoints + externalEndpoints).map(\.hostPort))
        state.withLock { state in
            state.internalEndpoints = internalEndpoints
            state.externalEndpoints = externalEndpoints
            state.stickySeconds = port.stickySeconds
            if port.stickySeconds == nil {
                state.affinity.removeAll()
            } else {
                state.affinity = state.affinity.filter { usable.contains($0.value.endpoint) }
            }
        }
    }

    /// The usable endpoints for internal or external traffic.
    func endpoints(external: Bool) -> [ProxyEndpoint] {
        state.withLock { external ? $0.externalEndpoints : $0.internalEndpoints }
    }

    /// Whether `endpoint` is still usable for this kind of traffic.
    func isUsable(_ endpoint: ProxyEndpoint, external: Bool) -> Bool {
        state.withLock { state in
            (external ? state.externalEndpoints : state.internalEndpoints).contains { $0.hostPort == endpoint.hostPort }
        }
    }

    /// Picks the endpoint for a new connection or UDP flow from `client` (its IP): its sticky
    /// endpoint when affinity is on and the record has not expired, else one by the scheduler.
    /// `excluding` skips an endpoint that just refused a connection (when another exists).
    /// Nil when there is no usable endpoint.
    func pick(client: String?, external: Bool, excluding: ProxyEndpoint? = nil, now: ContinuousClock.Instant = .now) -> ProxyEndpoint? {
        state.withLock { state in
            var candidates = external ? state.externalEndpoints : state.internalEndpoints
            if let excluding, candidates.count > 1 { candidates.removeAll { $0.hostPort == excluding.hostPort } }
            guard !candidates.isEmpty else { return nil }
            if let sticky = state.stickySeconds, let client {
                if let record = state.affinity[client], now - record.lastUsed <= .seconds(sticky),
                   let endpoint = candidates.first(where: { $0.hostPort == record.endpoint }) {
                    state.affinity[client]?.lastUsed = now
                    return endpoint
                }
            }
            let chosen: ProxyEndpoint
            switch scheduler {
            case .random:
                chosen = candidates[Int.random(in: 0 ..< candidates.count)]
            case .roundRobin:
                if external {
                    chosen = candidates[state.nextExternal % candidates.count]
                    state.nextExternal = (state.nextExternal + 1) % max(candidates.count, 1)
                } else {
                    chosen = candidates[state.nextInternal % candidates.count]
                    state.nextInternal = (state.nextInternal + 1) % max(candidates.count, 1)
                }
            }
            if state.stickySeconds != nil, let client {
                state.affinity[client] = Affinity(endpoint: chosen.hostPort, lastUsed: now)
            }
            return chosen
        }
    }

    /// Refreshes `client`'s affinity record (traffic kept using it).
    func touch(client: String?, endpoint: ProxyEndpoint, now: ContinuousClock.Instant = .now) {
        guard let client else { return }
        state.withLock { state in
            if state.affinity[client]?.endpoint == endpoint.hostPort { state.affinity[client]?.lastUsed = now }
        }
    }
}
