import Logging
import NIOCore
import NIOPosix

/// Serves one accepted TCP connection of a Service listener: picks an endpoint, connects to it
/// (a refused or failed connect tries one other endpoint, else the client is closed) and
/// splices the two connections. With no usable endpoint the client is reset at once, as
/// kube-proxy's REJECT rule refuses it.
enum TCPForwarder {
    /// How long a connect to an endpoint may take.
    static let connectTimeout = TimeAmount.seconds(10)

    /// Starts forwarding `client` (an accepted, active channel with auto-read off, on its event
    /// loop).
    static func start(client: Channel, balancer: ServiceBalancer, external: Bool, logger: Logger) {
        let clientIP = client.remoteAddress?.ipAddress
        guard let first = balancer.pick(client: clientIP, external: external) else {
            reset(client)
            return
        }
        connect(client: client, to: first).whenComplete { result in
            guard case .failure(let error) = result else { return }
            logger.debug("endpoint refused, trying another", metadata: ["endpoint": "\(first.hostPort)", "error": "\(error)"])
            guard client.isActive, let second = balancer.pick(client: clientIP, external: external, excluding: first),
                  second.hostPort != first.hostPort else {
                client.close(promise: nil)
                return
            }
            connect(client: client, to: second).whenFailure { error in
                logger.debug("endpoint refused, closing the client", metadata: ["endpoint": "\(second.hostPort)", "error": "\(error)"])
                client.close(promise: nil)
            }
        }
    }

    /// Connects to `endpoint` on the client's event loop and, once connected, splices the two
    /// channels and turns reading on for both.
    static func connect(client: Channel, to endpoint: ProxyEndpoint) -> EventLoopFuture<Void> {
        let loop = client.eventLoop
        // Endpoints are IP literals: connecting to the address skips name resolution.
        let address: SocketAddress
        do {
            address = try SocketAddress(ipAddress: endpoint.ip, port: endpoint.port)
        } catch {
            return loop.makeFailedFuture(error)
        }
        let upstream = ClientBootstrap(group: loop)
            .channelOption(.allowRemoteHalfClosure, value: true)
            .channelOption(.autoRead, value: false)
            .channelOption(.socketOption(.tcp_nodelay), value: 1)
            .connectTimeout(connectTimeout)
            .channelInitializer { channel in
                channel.eventLoop.makeCompletedFuture { try channel.pipeline.syncOperations.addHandler(SpliceHandler()) }
            }
            .connect(to: address)
        return upstream.flatMapThrowing { upstream in
            do {
                let near = SpliceHandler()
                try client.pipeline.syncOperations.addHandler(near)
                let far = try upstream.pipeline.syncOperations.handler(type: SpliceHandler.self)
                SpliceHandler.pair(near, far)
                guard client.isActive, upstream.isActive else {
                    upstream.close(promise: nil)
                    client.close(promise: nil)
                    return
                }
                client.setOption(.autoRead, value: true).whenFailure { _ in client.close(promise: nil) }
                upstream.setOption(.autoRead, value: true).whenFailure { _ in upstream.close(promise: nil) }
            } catch {
                upstream.close(promise: nil)
                client.close(promise: nil)
            }
        }
    }

    /// Closes the client with a reset (SO_LINGER 0), the nearest a userspace proxy gets to
    /// refusing a connection it has already accepted.
    static func reset(_ client: Channel) {
        guard let socket = client as? SocketOptionProvider else {
            client.close(promise: nil)
            return
        }
        socket.setSoLinger(linger(l_onoff: 1, l_linger: 0)).whenComplete { _ in client.close(promise: nil) }
    }
}

/// Waits for an accepted connection to become active, then hands it to `TCPForwarder` and
/// leaves the pipeline (pairing before the client is active could find it not yet open).
final class ForwardWhenActive: ChannelInboundHandler, RemovableChannelHandler {
    typealias InboundIn = ByteBuffer

    /// Picks the endpoint.
    let balancer: ServiceBalancer
    /// Whether the external traffic policy applies.
    let external: Bool
    /// Where the forwarder logs.
    let logger: Logger

    /// Creates the handler.
    init(balancer: ServiceBalancer, external: Bool, logger: Logger) {
        self.balancer = balancer
        self.external = external
        self.logger = logger
    }

    /// Starts forwarding and removes itself.
    func channelActive(context: ChannelHandlerContext) {
        TCPForwarder.start(client: context.channel, balancer: balancer, external: external, logger: logger)
        context.fireChannelActive()
        context.pipeline.syncOperations.removeHandler(context: context, promise: nil)
    }
}
