import Foundation
import Kernel

#if canImport(Glibc)
import Glibc
#endif

/// A DNS-over-TCP client connection on loopback (RFC 1035 §4.2.2 framing) for the tests. Waits
/// run through `Blocking.run`, off Swift's cooperative pool; one task uses a connection at a time.
final class DNSTestTCPConnection: @unchecked Sendable {
    /// The connected socket.
    let descriptor: Int32

    /// Connects to 127.0.0.1:`port`; throws when nothing listens.
    init(port: UInt16) throws {
        descriptor = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard descriptor >= 0 else { throw DNSTestWire.Malformed(description: "socket: \(errno)") }
        var server = sockaddr_in()
        server.sin_family = sa_family_t(AF_INET)
        server.sin_port = port.bigEndian
        server.sin_addr.s_addr = inet_addr("127.0.0.1")
        let connected = withUnsafePointer(to: &server) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(descriptor, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard connected == 0 else {
            let code = errno
            close(descriptor)
            throw DNSTestWire.Malformed(description: "connect: \(code)")
        }
    }

    deinit {
        close(descriptor)
    }

    /// Writes raw bytes (framed or not) to the stream.
    func write(_ bytes: [UInt8]) throws {
        var sent = 0
        while sent < bytes.count {
            let wrote = bytes.withUnsafeBytes { Glibc.send(descriptor, $0.baseAddress! + sent, bytes.count - sent, Int32(MSG_NOSIGNAL)) }
            guard wrote > 0 else { throw DNSTestWire.Malformed(description: "send: \(errno)") }
            sent += wrote
        }
    }

    /// Sends one message with its two-byte length prefix.
    func send(_ message: [UInt8]) throws {
        try write([UInt8(message.count >> 8), UInt8(message.count & 0xFF)] + message)
    }

    /// Reads exactly `count` bytes within `timeout` seconds; nil when the stream ends or time runs out.
    func read(_ count: Int, timeout: Double) -> [UInt8]? {
        var bytes = [UInt8](repeating: 0, count: count)
        var filled = 0
        while filled < count {
            var poller = pollfd(fd: descriptor, events: Int16(POLLIN), revents: 0)
            guard poll(&poller, 1, Int32(timeout * 1000)) == 1 else { return nil }
            let got = bytes.withUnsafeMutableBytes { recv(descriptor, $0.baseAddress! + filled, count - filled, 0) }
            guard got > 0 else { return nil }
            filled += got
        }
        return bytes
    }

    /// The next length-prefixed message, nil when the stream ends or `timeout` seconds pass.
    func receive(timeout: Double = 2.0) async -> [UInt8]? {
        await Blocking.run { self.receiveNow(timeout: timeout) }
    }

    private func receiveNow(timeout: Double) -> [UInt8]? {
        guard let prefix = read(2, timeout: timeout) else { return nil }
        return read(Int(prefix[0]) << 8 | Int(prefix[1]), timeout: timeout)
    }

    /// Whether the server has closed the stream (end of file within `timeout` seconds).
    func isClosedByServer(timeout: Double = 5.0) async -> Bool {
        await Blocking.run { self.isClosedNow(timeout: timeout) }
    }

    private func isClosedNow(timeout: Double) -> Bool {
        var poller = pollfd(fd: descriptor, events: Int16(POLLIN), revents: 0)
        guard poll(&poller, 1, Int32(timeout * 1000)) == 1 else { return false }
        var byte: UInt8 = 0
        return recv(descriptor, &byte, 1, 0) <= 0
    }

    /// Sends a query and parses the answer (throws when none comes).
    func ask(_ name: String, _ type: UInt16, id: UInt16 = 0x4321, ednsSize: UInt16? = nil) async throws -> DNSTestWire.Response {
        try send(DNSTestWire.query(name, type: type, id: id, ednsSize: ednsSize))
        guard let reply = await receive() else { throw DNSTestWire.Malformed(description: "no TCP answer to \(name)") }
        return try DNSTestWire.parse(reply)
    }
}

/// A tiny upstream resolver for the forwarding tests, on 127.0.0.1 (UDP and TCP on one free
/// port): it answers every query with one fixed A record (owner: the question, TTL 30), or
/// stays silent when `silent`. It counts what it received per protocol.
final class DNSTestUpstream: @unchecked Sendable {
    /// The port it listens on (UDP and TCP).
    let port: UInt16
    /// The address every answer carries.
    let address: [UInt8]
    private let udp: Int32
    private let tcp: Int32
    private let wake: (read: Int32, write: Int32)
    private let counts = NSLock()
    private var udpQueries = 0
    private var tcpQueries = 0
    private let done = DispatchSemaphore(value: 0)

    /// Binds both sockets on a free port and starts answering on a thread.
    init(address: [UInt8] = [127, 0, 0, 99], silent: Bool = false) throws {
        self.address = address
        var chosen: (UInt16, Int32, Int32)?
        for _ in 0..<8 where chosen == nil {
            let u = socket(AF_INET, Int32(SOCK_DGRAM.rawValue), 0)
            var sin = sockaddr_in()
            sin.sin_family = sa_family_t(AF_INET)
            sin.sin_addr.s_addr = inet_addr("127.0.0.1")
            var length = socklen_t(MemoryLayout<sockaddr_in>.size)
            _ = withUnsafeMutablePointer(to: &sin) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(u, $0, length) } }
            _ = withUnsafeMutablePointer(to: &sin) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(u, $0, &length) } }
            let t = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
            let bound = withUnsafeMutablePointer(to: &sin) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(t, $0, length) } }
            if bound == 0, listen(t, 16) == 0 {
                chosen = (UInt16(bigEndian: sin.sin_port), u, t)
            } else {
                close(u)
                close(t)
            }
        }
        guard let chosen else { throw DNSTestWire.Malformed(description: "no free port for the upstream stub") }
        (port, udp, tcp) = chosen
        var fds: [Int32] = [-1, -1]
        guard pipe(&fds) == 0 else { throw DNSTestWire.Malformed(description: "pipe: \(errno)") }
        wake = (fds[0], fds[1])
        let thread = Thread { [self] in
            serve(silent: silent)
            done.signal()
        }
        thread.start()
    }

    /// Stops the thread and closes the sockets.
    func stop() {
        var byte: UInt8 = 1
        _ = Glibc.write(wake.write, &byte, 1)
        done.wait()
        close(udp)
        close(tcp)
        close(wake.read)
        close(wake.write)
    }

    /// How many queries arrived over UDP and over TCP.
    var received: (udp: Int, tcp: Int) {
        counts.lock()
        defer { counts.unlock() }
        return (udpQueries, tcpQueries)
    }

    /// The fixed answer to `query`: same ID and question, QR and RA set, one A record.
    func answer(_ query: [UInt8]) -> [UInt8]? {
        guard query.count >= 12 else { return nil }
        var offset = 12
        while offset < query.count, query[offset] != 0 { offset += Int(query[offset]) + 1 }
        guard offset + 5 <= query.count else { return nil }
        let question = Array(query[12..<(offset + 5)])
        var reply = Array(query[0..<2]) + [0x81 | (query[2] & 0x01), 0x80, 0, 1, 0, 1, 0, 0, 0, 0]
        reply += question
        reply += [0xC0, 0x0C, 0, 1, 0, 1, 0, 0, 0, 30, 0, 4] + address
        return reply
    }

    private func count(tcp isTCP: Bool) {
        counts.lock()
        if isTCP { tcpQueries += 1 } else { udpQueries += 1 }
        counts.unlock()
    }

    private func serve(silent: Bool) {
        var buffer = [UInt8](repeating: 0, count: 65_535)
        while true {
            var set = [
                pollfd(fd: udp, events: Int16(POLLIN), revents: 0),
                pollfd(fd: tcp, events: Int16(POLLIN), revents: 0),
                pollfd(fd: wake.read, events: Int16(POLLIN), revents: 0),
            ]
            guard poll(&set, 3, -1) > 0, set[2].revents == 0 else { return }
            if set[0].revents != 0 {
                var peer = sockaddr_storage()
                var length = socklen_t(MemoryLayout<sockaddr_storage>.size)
                let got = withUnsafeMutablePointer(to: &peer) {
                    $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { recvfrom(udp, &buffer, buffer.count, 0, $0, &length) }
                }
                if got > 0 {
                    count(tcp: false)
                    if !silent, let reply = answer(Array(buffer[0..<got])) {
                        _ = withUnsafePointer(to: &peer) {
                            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { sendto(udp, reply, reply.count, 0, $0, length) }
                        }
                    }
                }
            }
            if set[1].revents != 0 {
                let connection = accept(tcp, nil, nil)
                guard connection >= 0 else { continue }
                // One query per connection is all the forwarder sends.
                var prefix: [UInt8] = [0, 0]
                if recv(connection, &prefix, 2, Int32(MSG_WAITALL)) == 2 {
                    let length = Int(prefix[0]) << 8 | Int(prefix[1])
                    var query = [UInt8](repeating: 0, count: length)
                    if recv(connection, &query, length, Int32(MSG_WAITALL)) == length {
                        count(tcp: true)
                        if !silent, let reply = answer(query) {
                            let framed = [UInt8(reply.count >> 8), UInt8(reply.count & 0xFF)] + reply
                            _ = send(connection, framed, framed.count, Int32(MSG_NOSIGNAL))
                        }
                    }
                }
                close(connection)
            }
        }
    }
}
