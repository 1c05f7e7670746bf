import Kernel
import Logging
import NIOCore
import NIOPosix

/// kube-proxy's data path in user space: for every Service port of the latest `ProxyTable` it
/// listens on each loopback ClusterIP, external and load-balancer IP at the Service port and on
/// the node IP at the node port (TCP and UDP per the port's protocol) and forwards to a usable
/// endpoint (`ServicePort.usableEndpoints`).
///
/// `apply(_:)` makes the listeners match a new table: it opens new ones, closes those whose
/// Service port vanished and swaps each port's endpoint set atomically. Established TCP
/// connections keep running across updates, even when their endpoint left (as conntrack keeps
/// them under kube-proxy). A listener that cannot bind is logged once and retried on the next
/// apply; it is never fatal. Updates run one at a time.
public actor ServiceDataPath {
    /// A bound listener and what it serves.
    struct Listener {
        /// The Service port and traffic kind.
        var route: ListenerRoute
        /// The server (TCP) or datagram (UDP) channel.
        var channel: Channel
    }

    /// The options.
    public let options: DataPathOptions
    /// The event loops every listener and connection runs on.
    let group: MultiThreadedEventLoopGroup
    /// Where bind failures and skipped addresses are logged.
    private let logger: Logger
    /// One balancer per Service port (`key(id:proto:)`).
    private var balancers: [String: ServiceBalancer] = [:]
    /// The bound listeners.
    private var listeners: [ListenerAddress: Listener] = [:]
    /// Listeners that failed to bind, with the error (logged when it first appears).
    private var failures: [ListenerAddress: String] = [:]
    /// Informational lines already logged.
    private var notices: Set<String> = []
    /// Whether `shutdown` ran.
    private var stopped = false
    /// Whether an `apply` or `shutdown` is running.
    private var busy = false
    /// Callers waiting for their turn.
    private var waiters: [CheckedContinuation<Void, Never>] = []

    /// Creates a data path with its own event loop group (one thread per core).
    public init(options: DataPathOptions = DataPathOptions(), logger: Logger = Logger(label: "keelson.proxy")) {
        self.options = options
        self.logger = logger
        self.group = MultiThreadedEventLoopGroup(numberOfThreads: System.coreCount)
    }

    /// The addresses being listened on.
    public var activeListeners: [ListenerAddress] { listeners.keys.sorted() }

    /// The addresses that should be listened on but could not be bound, with the error.
    public var failedListeners: [ListenerAddress: String] { failures }

    /// The usable endpoints (`ip:port`) a Service port (`ServicePort.id`) currently forwards
    /// internal or external traffic to.
    public func endpoints(of id: String, proto: ServiceProtocol = .tcp, external: Bool = false) -> [String] {
        balancers[Self.key(id: id, proto: proto)]?.endpoints(external: external).map(\.hostPort) ?? []
    }

    /// Makes the listeners and endpoint sets match `table`. Calls run one at a time (and never
    /// alongside `shutdown`), in the order they arrive.
    public func apply(_ table: ProxyTable) async {
        await acquire()
        defer { release() }
        guard !stopped else { return }
        let desired = desiredListeners(table)
        var live: Set<String> = []
        for port in table.ports where port.proto != .sctp {
            let key = Self.key(id: port.id, proto: port.proto)
            live.insert(key)
            let balancer = balancers[key] ?? ServiceBalancer(scheduler: options.scheduler)
            balancers[key] = balancer
            balancer.update(port, node: options.nodeName)
        }
        for (address, listener) in listeners where desired[address] != listener.route {
            listeners[address] = nil
            try? await listener.channel.close()
        }
        failures = failures.filter { desired[$0.key] != nil }
        for key in balancers.keys where !live.contains(key) { balancers[key] = nil }

        await withTaskGroup(of: (ListenerAddress, ListenerRoute, Result<Channel, Error>).self) { group in
            for (address, route) in desired where listeners[address] == nil {
                guard let balancer = balancers[route.serviceKey] else { continue }
                group.addTask { [self] in
                    do {
                        return (address, route, .success(try await bind(address, balancer: balancer, external: route.external)))
                    } catch {
                        return (address, route, .failure(error))
                    }
                }
            }
            for await (address, route, result) in group {
                switch result {
                case .success(let channel):
                    if stopped {
                        channel.close(promise: nil)
                        continue
                    }
                    listeners[address] = Listener(route: route, channel: channel)
                    if failures.removeValue(forKey: address) != nil {
                        logger.info("proxy listener bound after earlier failures", metadata: ["address": "\(address)"])
                    }
                case .failure(let error):
                    let message = "\(error)"
                    if failures[address] != message {
                        logger.warning("proxy listener could not bind; retrying on the next sync",
                                       metadata: ["address": "\(address)", "service": "\(route.serviceKey)", "error": "\(message)"])
                    }
                    failures[address] = message
                }
            }
        }
    }

    /// Closes every listener and stops the event loops. Established connections end too.
    public func shutdown() async {
        await acquire()
        defer { release() }
        guard !stopped else { return }
        stopped = true
        for listener in listeners.values { try? await listener.channel.close() }
        listeners.removeAll()
        balancers.removeAll()
        try? await group.shutdownGracefully()
    }

    // MARK: One change at a time

    /// Waits until no other `apply` or `shutdown` runs, then marks one as running.
    private func acquire() async {
        if !busy {
            busy = true
            return
        }
        await withCheckedContinuation { waiters.append($0) }
    }

    /// Hands the turn to the next waiter, or marks none as running.
    private func release() {
        if waiters.isEmpty {
            busy = false
        } else {
            waiters.removeFirst().resume()
        }
    }

    // MARK: Listener plan

    /// `ServicePort.id` plus protocol: one balancer per Service port.
    static func key(id: String, proto: ServiceProtocol) -> String { "\(id)/\(proto.rawValue)" }

    /// Every address the table asks to listen on, with what it serves. Non-loopback addresses
    /// and SCTP ports are skipped with a log line (once each); when two ports claim the same
    /// address, the first in table order keeps it.
    func desiredListeners(_ table: ProxyTable) -> [ListenerAddress: ListenerRoute] {
        var desired: [ListenerAddress: ListenerRoute] = [:]
        let nodeIPs = [options.nodeIP] + table.nodeIPs.filter { $0 != options.nodeIP }
        for port in table.ports {
            guard port.proto != .sctp else {
                notice("sctp:\(port.id)", "SCTP is not supported by the loopback data path; skipping \(port.id)")
                continue
            }
            let key = Self.key(id: port.id, proto: port.proto)
            func claim(_ ip: String, _ number: Int, external: Bool, kind: String) {
                guard ListenerAddress.isLoopback(ip) else {
                    notice("addr:\(ip)", "\(kind) \(ip) of \(port.id) is not a loopback address; not listening on it")
                    return
                }
                let address = ListenerAddress(ip: ip, port: number, proto: port.proto)
                if let owner = desired[address] {
                    notice("dup:\(address)", "\(address) is claimed by \(owner.serviceKey) and \(key); \(owner.serviceKey) keeps it")
                    return
                }
                desired[address] = ListenerRoute(serviceKey: key, external: external)
            }
            for ip in port.clusterIPs { claim(ip, port.port, external: false, kind: "ClusterIP") }
            for ip in port.externalIPs { claim(ip, port.port, external: true, kind: "external IP") }
            for ip in port.loadBalancerIPs { claim(ip, port.port, external: true, kind: "load-balancer IP") }
            if let nodePort = port.nodePort {
                for ip in nodeIPs { claim(ip, nodePort, external: true, kind: "node IP") }
            }
        }
        return desired
    }

    /// Logs an informational line once per `id`.
    private func notice(_ id: String, _ message: String) {
        if notices.insert(id).inserted { logger.info("\(message)") }
    }

    // MARK: Binding

    /// Binds one listener.
    private func bind(_ address: ListenerAddress, balancer: ServiceBalancer, external: Bool) async throws -> Channel {
        let logger = self.logger
        switch address.proto {
        case .tcp:
            return try await ServerBootstrap(group: group)
                .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
                .serverChannelOption(.backlog, value: 1024)
                .childChannelOption(.autoRead, value: false)
                .childChannelOption(.allowRemoteHalfClosure, value: true)
                .childChannelOption(.socketOption(.tcp_nodelay), value: 1)
                .childChannelInitializer { channel in
                    channel.eventLoop.makeCompletedFuture {
                        try channel.pipeline.syncOperations.addHandler(ForwardWhenActive(balancer: balancer, external: external, logger: logger))
                    }
                }
                .bind(host: address.ip, port: address.port)
                .get()
        case .udp:
            let idle = TimeAmount.nanoseconds(Int64(Self.nanoseconds(options.udpIdleTimeout)))
            return try await DatagramBootstrap(group: group)
                .channelInitializer { channel in
                    channel.eventLoop.makeCompletedFuture {
                        try channel.pipeline.syncOperations.addHandler(
                            UDPServiceHandler(balancer: balancer, external: external, idleTimeout: idle, logger: logger))
                    }
                }
                .bind(host: address.ip, port: address.port)
                .get()
        case .sctp:
            throw ChannelError.operationUnsupported
        }
    }

    /// A duration in nanoseconds (saturating).
    static func nanoseconds(_ duration: Duration) -> Int64 {
        let (seconds, attoseconds) = duration.components
        let (product, overflow) = seconds.multipliedReportingOverflow(by: 1_000_000_000)
        return overflow ? .max : product + attoseconds / 1_000_000_000
    }
}
