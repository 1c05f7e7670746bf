import NIOCore

/// One side of a spliced TCP connection (client ↔ proxy, or proxy ↔ endpoint). Two of these,
/// one in each channel's pipeline and both on the same event loop, point at each other: bytes
/// read on one side are written to the other.
///
/// Back-pressure: a side holds back its `read()` while its partner's channel is not writable
/// and issues it when the partner drains. Half-close: end of input on one side shuts the
/// partner's output once its pending writes are out; a side whose input and output are both
/// done closes. When either channel closes completely, the other is closed too.
final class SpliceHandler: ChannelDuplexHandler {
    typealias InboundIn = ByteBuffer
    typealias OutboundIn = ByteBuffer
    typealias OutboundOut = ByteBuffer

    /// The handler of the other channel (nil until paired and after either side closed).
    var partner: SpliceHandler?
    /// This handler's context while it is in a pipeline.
    private var context: ChannelHandlerContext?
    /// A `read()` held back because the partner could not take more bytes.
    private var readHeldBack = false
    /// The peer sent its end of stream.
    private var inputEnded = false
    /// This side's output has been shut down (after its pending writes).
    private var outputEnded = false

    /// Creates an unpaired handler.
    init() {}

    /// Pairs two handlers so each forwards to the other.
    static func pair(_ first: SpliceHandler, _ second: SpliceHandler) {
        first.partner = second
        second.partner = first
    }

    /// Remembers the context.
    func handlerAdded(context: ChannelHandlerContext) {
        self.context = context
    }

    /// Forgets the context and the partner.
    func handlerRemoved(context: ChannelHandlerContext) {
        self.context = nil
        self.partner = nil
    }

    // MARK: Inbound

    /// Passes the bytes to the partner's channel (flushed at the end of the read burst).
    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        partner?.write(unwrapInboundIn(data))
    }

    /// Flushes what this read burst handed to the partner.
    func channelReadComplete(context: ChannelHandlerContext) {
        partner?.flush()
    }

    /// When this channel can take bytes again, lets the partner read.
    func channelWritabilityChanged(context: ChannelHandlerContext) {
        if context.channel.isWritable { partner?.resumeReading() }
        context.fireChannelWritabilityChanged()
    }

    /// The peer's end of stream: shut the partner's output, and close when ours is done too.
    func userInboundEventTriggered(context: ChannelHandlerContext, event: Any) {
        if let event = event as? ChannelEvent, event == .inputClosed {
            inputEnded = true
            partner?.flush()
            partner?.shutdownOutput()
            if outputEnded { context.close(promise: nil) }
            return
        }
        context.fireUserInboundEventTriggered(event)
    }

    /// The channel closed: close the partner's too.
    func channelInactive(context: ChannelHandlerContext) {
        let partner = self.partner
        self.partner = nil
        partner?.partner = nil
        partner?.close()
        context.fireChannelInactive()
    }

    /// Any error ends the connection.
    func errorCaught(context: ChannelHandlerContext, error: Error) {
        context.close(promise: nil)
    }

    // MARK: Outbound

    /// Reads only while the partner can take what is read.
    func read(context: ChannelHandlerContext) {
        if partner?.isWritable ?? false {
            context.read()
        } else {
            readHeldBack = true
        }
    }

    // MARK: Calls from the partner

    /// Whether this side's channel accepts more bytes without buffering past its high mark.
    private var isWritable: Bool { context?.channel.isWritable ?? false }

    /// Queues bytes on this side's channel.
    private func write(_ buffer: ByteBuffer) {
        context?.write(wrapOutboundOut(buffer), promise: nil)
    }

    /// Flushes this side's channel.
    private func flush() {
        context?.flush()
    }

    /// Issues a read that was held back.
    private func resumeReading() {
        guard readHeldBack, let context else { return }
        readHeldBack = false
        context.read()
    }

    /// Shuts this side's output once its pending writes are out; closes when input ended too.
    private func shutdownOutput() {
        guard let context, !outputEnded else { return }
        outputEnded = true
        let promise = context.eventLoop.makePromise(of: Void.self)
        context.close(mode: .output, promise: promise)
        promise.futureResult.assumeIsolated().whenComplete { [self] result in
            guard let context = self.context else { return }
            if case .failure = result { context.close(promise: nil) } else if self.inputEnded { context.close(promise: nil) }
        }
    }

    /// Closes this side's channel.
    private func close() {
        context?.close(promise: nil)
    }
}
