import Foundation

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Sends queries for names outside the cluster zone to the configured upstream resolver and
/// returns its answer: over UDP (or TCP when the client asked over TCP), with a fresh random
/// message ID that is checked on the reply and rewritten back to the client's ID. Any failure —
/// no answer within `timeout`, a refused connection, a reply that is not a response to this
/// query — gives nil, which the responder turns into SERVFAIL.
struct DNSForwarder: Sendable {
    /// The upstream's IPv4 address (loopback).
    let host: String
    /// The upstream's port.
    let port: UInt16
    /// How long one forwarded query may take.
    let timeout: Duration

    /// The upstream's answer to `query` (a whole DNS message), with the client's ID, or nil.
    func forward(_ query: [UInt8], overTCP: Bool) -> [UInt8]? {
        guard query.count >= 12, var upstream = SocketIO.address(host, port) else { return nil }
        let clientID = Array(query[0..<2])
        let ourID = UInt16.random(in: 0...UInt16.max)
        var message = query
        message[0] = UInt8(ourID >> 8)
        message[1] = UInt8(ourID & 0xFF)
        let kind = overTCP ? Int32(SOCK_STREAM.rawValue) : Int32(SOCK_DGRAM.rawValue)
        let fd = socket(AF_INET, kind | Int32(SOCK_CLOEXEC.rawValue) | Int32(SOCK_NONBLOCK.rawValue), 0)
        guard fd >= 0 else { return nil }
        defer { close(fd) }
        let deadline = SocketIO.deadline(after: timeout)
        // Connecting a UDP socket makes the kernel drop datagrams from anyone but the upstream.
        let connected = withUnsafePointer(to: &upstream) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard connected == 0 || errno == EINPROGRESS else { return nil }
        let reply: [UInt8]?
        if overTCP {
            reply = exchangeTCP(fd, message, until: deadline)
        } else {
            reply = exchangeUDP(fd, message, expecting: ourID, until: deadline)
        }
        guard var answer = reply, answer.count >= 12,
              UInt16(answer[0]) << 8 | UInt16(answer[1]) == ourID,
              answer[2] & 0x80 != 0,
              Array(answer[12...]).starts(with: questionBytes(of: message))
        else { return nil }
        answer[0] = clientID[0]
        answer[1] = clientID[1]
        return answer
    }

    /// One length-prefixed exchange on a connecting TCP socket.
    private func exchangeTCP(_ fd: Int32, _ message: [UInt8], until deadline: DispatchTime) -> [UInt8]? {
        do {
            try SocketIO.wait(fd, for: Int16(POLLOUT), until: deadline, wake: nil)
            var failure: Int32 = 0
            var length = socklen_t(MemoryLayout<Int32>.size)
            guard getsockopt(fd, SOL_SOCKET, SO_ERROR, &failure, &length) == 0, failure == 0 else { return nil }
            try SocketIO.writeAll(fd, SocketIO.framed(message), until: deadline, wake: nil)
            return try SocketIO.readFrame(fd, until: deadline, wake: nil)
        } catch {
            return nil
        }
    }

    /// Sends one datagram and waits for the reply carrying `id` (others are ignored).
    private func exchangeUDP(_ fd: Int32, _ message: [UInt8], expecting id: UInt16, until deadline: DispatchTime) -> [UInt8]? {
        let sent = message.withUnsafeBytes { send(fd, $0.baseAddress, $0.count, 0) }
        guard sent == message.count else { return nil }
        var buffer = [UInt8](repeating: 0, count: 65_535)
        while true {
            do {
                try SocketIO.wait(fd, for: Int16(POLLIN), until: deadline, wake: nil)
            } catch {
                return nil
            }
            let count = buffer.withUnsafeMutableBytes { recv(fd, $0.baseAddress, $0.count, 0) }
            if count < 0 {
                if errno == EINTR || errno == EAGAIN || errno == EWOULDBLOCK { continue }
                return nil  // ECONNREFUSED: nobody listens upstream.
            }
            if count >= 2, UInt16(buffer[0]) << 8 | UInt16(buffer[1]) == id {
                return Array(buffer[0..<count])
            }
        }
    }

    /// The question section of `message` (its first question's name, type and class), for
    /// matching the reply against the query; empty when there is none to match.
    private func questionBytes(of message: [UInt8]) -> [UInt8] {
        guard message.count > 12, message[4] == 0, message[5] == 1 else { return [] }
        var offset = 12
        while offset < message.count, message[offset] != 0 {
            // Queries are parsed by then: their question name has no compression pointers.
            guard message[offset] & 0xC0 == 0 else { return [] }
            offset += Int(message[offset]) + 1
        }
        let end = offset + 5
        return end <= message.count ? Array(message[12..<end]) : []
    }
}
