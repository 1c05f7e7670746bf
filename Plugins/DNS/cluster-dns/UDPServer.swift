import Foundation
import PluginSDK
import Synchronization

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A UDP socket bound to a loopback address and served by one dedicated thread: it reads each
/// datagram, asks `handler` for the reply and sends it back to the sender. `stop()` wakes the
/// thread through a pipe, waits until it has returned (and until every answer still being
/// worked out elsewhere, such as a forwarded query, has been sent) and closes both descriptors.
/// Replies the handler defers run on the global dispatch queues, at most
/// `maxDeferredReplies` at a time; beyond that they run on the serving thread (back-pressure).
final class UDPServer: Sendable {
    /// The bound address as "127.0.0.1:PORT" (with the real port when 0 was asked).
    let address: String
    /// The bound port.
    let port: UInt16

    /// The largest datagram read; anything longer is cut there (and fails to parse).
    static let receiveBufferSize = 65_535

    private let descriptor: Int32
    /// Writing a byte to `wake[1]` makes the serving thread return.
    private let wake: (read: Int32, write: Int32)
    private let lifecycle = Mutex<Lifecycle>(.bound)
    /// Signalled by the serving thread as its last action.
    private let finished = DispatchSemaphore(value: 0)
    /// Deferred replies still running.
    private let deferred = DispatchGroup()
    private let deferredCount = Atomic<Int>(0)
    /// How many deferred replies may run at once off the serving thread.
    static let maxDeferredReplies = 256

    private enum Lifecycle {
        case bound, serving, stopped
    }

    /// Opens a non-blocking UDP socket bound to `host:port` (an IPv4 literal).
    init(host: String, port: UInt16) throws {
        let socket = try ListeningSocket(type: Int32(SOCK_DGRAM.rawValue), host: host, port: port, name: "udp")
        descriptor = socket.descriptor
        wake = socket.wake
        self.port = socket.port
        address = "\(host):\(socket.port)"
    }

    /// Starts the serving thread; does nothing when it already runs or was stopped.
    func start(_ handler: @escaping @Sendable ([UInt8]) -> DNSResponder.Reply) {
        let begin = lifecycle.withLock { state -> Bool in
            guard case .bound = state else { return false }
            state = .serving
            return true
        }
        guard begin else { return }
        let thread = Thread { [self] in
            serve(handler)
            finished.signal()
        }
        thread.name = "keelson-cluster-dns-udp"
        thread.start()
    }

    /// Stops serving: wakes the thread, waits for it to return, closes the sockets. Idempotent.
    func stop() {
        let previous = lifecycle.withLock { state -> Lifecycle in
            defer { state = .stopped }
            return state
        }
        switch previous {
        case .stopped:
            return
        case .serving:
            var byte: UInt8 = 1
            _ = write(wake.write, &byte, 1)
            finished.wait()
            deferred.wait()
        case .bound:
            break
        }
        close(descriptor)
        close(wake.read)
        close(wake.write)
    }

    deinit {
        stop()
    }

    /// The serving loop: waits for a datagram or the wake-up, answers every queued datagram.
    private func serve(_ handler: @escaping @Sendable ([UInt8]) -> DNSResponder.Reply) {
        var buffer = [UInt8](repeating: 0, count: Self.receiveBufferSize)
        var pollSet = [
            pollfd(fd: descriptor, events: Int16(POLLIN), revents: 0),
            pollfd(fd: wake.read, events: Int16(POLLIN), revents: 0),
        ]
        while true {
            pollSet[0].revents = 0
            pollSet[1].revents = 0
            let ready = poll(&pollSet, nfds_t(pollSet.count), -1)
            if ready < 0 {
                if errno == EINTR { continue }
                return
            }
            if pollSet[1].revents != 0 { return }
            if pollSet[0].revents & Int16(POLLIN) != 0 {
                drain(into: &buffer, handler)
            } else if pollSet[0].revents != 0 {
                // POLLERR/POLLNVAL on the socket: nothing more can be served.
                return
            }
        }
    }

    /// Answers every datagram waiting on the socket.
    private func drain(into buffer: inout [UInt8], _ handler: @escaping @Sendable ([UInt8]) -> DNSResponder.Reply) {
        while true {
            var peer = sockaddr_storage()
            var peerLength = socklen_t(MemoryLayout<sockaddr_storage>.size)
            let count = buffer.withUnsafeMutableBytes { raw in
                withUnsafeMutablePointer(to: &peer) {
                    $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                        recvfrom(descriptor, raw.baseAddress, raw.count, 0, $0, &peerLength)
                    }
                }
            }
            if count < 0 {
                if errno == EINTR { continue }
                return  // EAGAIN: drained; anything else (ICMP errors surfacing): wait for more.
            }
            switch handler(Array(buffer[0..<count])) {
            case .now(let reply):
                if let reply { send(reply, to: peer, length: peerLength) }
            case .later(let work):
                if deferredCount.add(1, ordering: .relaxed).newValue > Self.maxDeferredReplies {
                    deferredCount.subtract(1, ordering: .relaxed)
                    send(work(), to: peer, length: peerLength)
                    continue
                }
                let target = peer
                let targetLength = peerLength
                deferred.enter()
                DispatchQueue.global().async { [self] in
                    send(work(), to: target, length: targetLength)
                    deferredCount.subtract(1, ordering: .relaxed)
                    deferred.leave()
                }
            }
        }
    }

    /// Sends one datagram to `peer` (the socket stays open until every deferred reply is sent).
    private func send(_ reply: [UInt8], to peer: sockaddr_storage, length: socklen_t) {
        var peer = peer
        _ = reply.withUnsafeBytes { raw in
            withUnsafePointer(to: &peer) {
                $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                    sendto(descriptor, raw.baseAddress, raw.count, 0, $0, length)
                }
            }
        }
    }
}
