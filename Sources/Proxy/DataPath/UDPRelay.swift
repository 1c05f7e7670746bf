import Logging
import NIOCore
import NIOPosix

/// Serves a Service's UDP listener. Each client address gets a flow: its own upstream datagram
/// socket to the endpoint picked for it, so replies come back to the client from the Service
/// address. A flow ends after `idleTimeout` without traffic either way, or when its endpoint
/// stops being usable (kube-proxy clears UDP conntrack entries of removed endpoints). With no
/// usable endpoint datagrams are dropped.
final class UDPServiceHandler: ChannelInboundHandler {
    typealias InboundIn = AddressedEnvelope<ByteBuffer>
    typealias OutboundOut = AddressedEnvelope<ByteBuffer>

    /// One client's flow.
    final class Flow {
        /// The client's address.
        let client: SocketAddress
        /// The endpoint the flow goes to.
        let endpoint: ProxyEndpoint
        /// Where datagrams to the endpoint go.
        let endpointAddress: SocketAddress
        /// The upstream socket, once bound.
        var channel: Channel?
        /// Datagrams from the client that arrived before the upstream socket was bound.
        var pending: [ByteBuffer] = []
        /// The last datagram either way.
        var lastActivity: NIODeadline
        /// Whether the flow was ended (its socket is closed or about to be).
        var ended = false

        /// Creates a flow without its socket.
        init(client: SocketAddress, endpoint: ProxyEndpoint, endpointAddress: SocketAddress, now: NIODeadline) {
            self.client = client
            self.endpoint = endpoint
            self.endpointAddress = endpointAddress
            self.lastActivity = now
        }

        /// Sends one datagram to the endpoint (or queues it until the socket is bound).
        func send(_ data: ByteBuffer) {
            guard let channel else {
                pending.append(data)
                return
            }
            channel.writeAndFlush(AddressedEnvelope(remoteAddress: endpointAddress, data: data), promise: nil)
        }

        /// Ends the flow and closes its socket.
        func end() {
            ended = true
            pending.removeAll()
            channel?.close(promise: nil)
            channel = nil
        }
    }

    /// Picks endpoints for the Service port.
    let balancer: ServiceBalancer
    /// Whether the external traffic policy applies.
    let external: Bool
    /// How long a flow lives without traffic.
    let idleTimeout: TimeAmount
    /// Where problems are logged.
    let logger: Logger
    /// The flows by client address.
    private var flows: [SocketAddress: Flow] = [:]
    /// The periodic sweep of idle flows.
    private var sweep: RepeatedTask?
    /// The listener's context while in its pipeline.
    private var context: ChannelHandlerContext?

    /// Creates the handler.
    init(balancer: ServiceBalancer, external: Bool, idleTimeout: TimeAmount, logger: Logger) {
        self.balancer = balancer
        self.external = external
        self.idleTimeout = idleTimeout
        self.logger = logger
    }

    /// Starts sweeping idle flows.
    func handlerAdded(context: ChannelHandlerContext) {
        self.context = context
        let interval = TimeAmount.nanoseconds(min(max(idleTimeout.nanoseconds / 4, 5_000_000), 5_000_000_000))
        let bound = NIOLoopBound(self, eventLoop: context.eventLoop)
        sweep = context.eventLoop.scheduleRepeatedTask(initialDelay: interval, delay: interval) { _ in
            bound.value.endIdleFlows()
        }
    }

    /// Stops sweeping and ends every flow.
    func handlerRemoved(context: ChannelHandlerContext) {
        endAll()
        self.context = nil
    }

    /// The listener closed: end every flow.
    func channelInactive(context: ChannelHandlerContext) {
        endAll()
        context.fireChannelInactive()
    }

    /// A datagram from a client: into its flow, starting one when needed.
    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        let envelope = unwrapInboundIn(data)
        let client = envelope.remoteAddress
        let now = NIODeadline.now()
        if let flow = flows[client] {
            if balancer.isUsable(flow.endpoint, external: external) {
                flow.lastActivity = now
                balancer.touch(client: client.ipAddress, endpoint: flow.endpoint)
                flow.send(envelope.data)
                return
            }
            flow.end()
            flows[client] = nil
        }
        guard let endpoint = balancer.pick(client: client.ipAddress, external: external),
              let endpointAddress = try? SocketAddress(ipAddress: endpoint.ip, port: endpoint.port) else {
            return
        }
        let flow = Flow(client: client, endpoint: endpoint, endpointAddress: endpointAddress, now: now)
        flows[client] = flow
        flow.send(envelope.data)
        open(flow, on: context.eventLoop)
    }

    /// Any error on the listener (such as an ICMP-reported failure) is logged and ignored.
    func errorCaught(context: ChannelHandlerContext, error: Error) {
        logger.debug("UDP listener error", metadata: ["error": "\(error)"])
    }

    /// Binds the flow's upstream socket on the listener's event loop and sends what queued up.
    private func open(_ flow: Flow, on loop: EventLoop) {
        let local = flow.endpoint.isIPv6 ? "::1" : "127.0.0.1"
        let bound = NIOLoopBound(self, eventLoop: loop)
        let flowBox = NIOLoopBound(flow, eventLoop: loop)
        DatagramBootstrap(group: loop)
            .channelInitializer { channel in
                channel.eventLoop.makeCompletedFuture { try channel.pipeline.syncOperations.addHandler(UDPReplyHandler()) }
            }
            .bind(host: local, port: 0)
            .whenComplete { result in
                let handler = bound.value
                let flow = flowBox.value
                switch result {
                case .success(let channel):
                    guard !flow.ended, let reply = try? channel.pipeline.syncOperations.handler(type: UDPReplyHandler.self) else {
                        channel.close(promise: nil)
                        return
                    }
                    reply.deliver = { [weak handler, weak flow] envelope in
                        guard let handler, let flow, envelope.remoteAddress == flow.endpointAddress else { return }
                        handler.reply(envelope.data, on: flow)
                    }
                    flow.channel = channel
                    let queued = flow.pending
                    flow.pending.removeAll()
                    for data in queued { flow.send(data) }
                case .failure(let error):
                    handler.logger.warning("UDP flow could not open its socket", metadata: ["error": "\(error)"])
                    if handler.flows[flow.client] === flow { handler.flows[flow.client] = nil }
                    flow.end()
                }
            }
    }

    /// Sends an endpoint's reply to the flow's client from the Service address.
    private func reply(_ data: ByteBuffer, on flow: Flow) {
        guard let context, !flow.ended else { return }
        flow.lastActivity = .now()
        context.writeAndFlush(wrapOutboundOut(AddressedEnvelope(remoteAddress: flow.client, data: data)), promise: nil)
    }

    /// Ends flows idle for longer than the timeout.
    private func endIdleFlows() {
        let cutoff = NIODeadline.now() - idleTimeout
        for (client, flow) in flows where flow.lastActivity < cutoff {
            flow.end()
            flows[client] = nil
        }
    }

    /// Ends every flow and the sweep.
    private func endAll() {
        sweep?.cancel()
        sweep = nil
        for flow in flows.values { flow.end() }
        flows.removeAll()
    }

}

/// The handler of a flow's upstream socket: hands each reply to its flow.
final class UDPReplyHandler: ChannelInboundHandler {
    typealias InboundIn = AddressedEnvelope<ByteBuffer>

    /// Where replies go (set once the flow owns the socket).
    var deliver: ((AddressedEnvelope<ByteBuffer>) -> Void)?

    /// Creates the handler.
    init() {}

    /// A reply from the endpoint.
    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        deliver?(unwrapInboundIn(data))
    }

    /// Errors (such as ICMP port unreachable) are ignored; the flow idles out.
    func errorCaught(context: ChannelHandlerContext, error: Error) {}
}
