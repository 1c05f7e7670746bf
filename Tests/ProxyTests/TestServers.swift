import NIOCore
import NIOPosix
import Proxy

/// Real local servers the data path forwards to: a TCP server that greets each connection with
/// its name and a newline, then echoes (closing its side once the client's side ends), and a
/// UDP server that answers each datagram with `name:` and the datagram.
final class TestServers: Sendable {
    /// The event loops of every test server.
    static let group = MultiThreadedEventLoopGroup(numberOfThreads: 2)

    /// Starts a greeting echo server on `ip` (a free port) and returns its channel.
    static func tcp(name: String, ip: String = "127.0.0.1") async throws -> Channel {
        try await ServerBootstrap(group: group)
            .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
            .childChannelOption(.allowRemoteHalfClosure, value: true)
            .childChannelInitializer { channel in
                channel.eventLoop.makeCompletedFuture { try channel.pipeline.syncOperations.addHandler(GreetingEcho(name: name)) }
            }
            .bind(host: ip, port: 0).get()
    }

    /// Starts a UDP server on `ip` (a free port) answering `name:` + each datagram.
    static func udp(name: String, ip: String = "127.0.0.1") async throws -> Channel {
        try await DatagramBootstrap(group: group)
            .channelInitializer { channel in
                channel.eventLoop.makeCompletedFuture { try channel.pipeline.syncOperations.addHandler(NamedDatagramEcho(name: name)) }
            }
            .bind(host: ip, port: 0).get()
    }

    /// The endpoint a server channel listens on.
    static func endpoint(_ channel: Channel, ready: Bool = true) -> ProxyEndpoint {
        ProxyEndpoint(ip: channel.localAddress!.ipAddress!, port: channel.localAddress!.port!, nodeName: "pool-a-1", ready: ready)
    }

    /// A random loopback address in 127.150-199.x.y for a test's Service, so concurrent runs
    /// never share one.
    static func serviceIP() -> String {
        "127.\(Int.random(in: 150...199)).\(Int.random(in: 0...255)).\(Int.random(in: 2...254))"
    }
}

/// Greets with `name\n`, then echoes; ends its output when the client's ends.
final class GreetingEcho: ChannelInboundHandler {
    typealias InboundIn = ByteBuffer
    typealias OutboundOut = ByteBuffer
    /// The greeting.
    let name: String

    /// Creates the handler.
    init(name: String) { self.name = name }

    /// Greets.
    func channelActive(context: ChannelHandlerContext) {
        context.writeAndFlush(wrapOutboundOut(ByteBuffer(string: name + "\n")), promise: nil)
        context.fireChannelActive()
    }

    /// Echoes.
    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        context.write(data, promise: nil)
    }

    /// Flushes the echo.
    func channelReadComplete(context: ChannelHandlerContext) {
        context.flush()
    }

    /// Ends the output when the client's ends.
    func userInboundEventTriggered(context: ChannelHandlerContext, event: Any) {
        if let event = event as? ChannelEvent, event == .inputClosed {
            context.close(mode: .output, promise: nil)
        }
    }

    /// Closes on errors.
    func errorCaught(context: ChannelHandlerContext, error: Error) {
        context.close(promise: nil)
    }
}

/// Answers each datagram with `name:` and the datagram.
final class NamedDatagramEcho: ChannelInboundHandler {
    typealias InboundIn = AddressedEnvelope<ByteBuffer>
    typealias OutboundOut = AddressedEnvelope<ByteBuffer>
    /// The reply prefix.
    let name: String

    /// Creates the handler.
    init(name: String) { self.name = name }

    /// Answers one datagram.
    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        let envelope = unwrapInboundIn(data)
        var reply = ByteBuffer(string: name + ":")
        var payload = envelope.data
        reply.writeBuffer(&payload)
        context.writeAndFlush(wrapOutboundOut(AddressedEnvelope(remoteAddress: envelope.remoteAddress, data: reply)), promise: nil)
    }
}

extension TestServers {
    /// Where a test server listens.
    struct EndpointInfo: Sendable {
        /// Its IP.
        var ip: String
        /// Its port.
        var port: Int
    }

    /// Where `channel` listens.
    static func info(_ channel: Channel) -> EndpointInfo {
        EndpointInfo(ip: channel.localAddress!.ipAddress!, port: channel.localAddress!.port!)
    }
}
