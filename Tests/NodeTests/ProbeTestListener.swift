import Foundation
import Synchronization
#if canImport(Glibc)
import Glibc
#endif

/// A tiny HTTP/1.1 server on a free loopback port, on a thread of its own, for probe tests: it
/// answers every request with `status` and remembers the last request's head.
final class ProbeTestListener: Sendable {
    /// The port it listens on.
    let port: Int
    private let fd: Int32
    private let state = Mutex<(status: Int, lastRequest: String, closed: Bool)>((200, "", false))

    /// Listens on `host` (an IPv4 loopback address).
    init(host: String = "127.0.0.1") throws {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { throw ListenerError(description: "socket failed") }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = 0
        address.sin_addr.s_addr = inet_addr(host)
        let bound = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard bound == 0, listen(fd, 16) == 0 else { Glibc.close(fd); throw ListenerError(description: "bind/listen failed") }
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        _ = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &length) }
        }
        self.fd = fd
        self.port = Int(UInt16(bigEndian: address.sin_port))
        let thread = Thread { [self] in serve() }
        thread.start()
    }

    /// The status code answered from now on.
    func answer(_ status: Int) { state.withLock { $0.status = status } }

    /// The head of the last request received.
    var lastRequest: String { state.withLock { $0.lastRequest } }

    /// Stops listening.
    func close() {
        state.withLock { $0.closed = true }
        shutdown(fd, Int32(SHUT_RDWR))
        Glibc.close(fd)
    }

    /// A loopback port nothing listens on (bound, then released).
    static func closedPort() throws -> Int {
        let listener = try ProbeTestListener()
        listener.close()
        return listener.port
    }

    private func serve() {
        while !state.withLock({ $0.closed }) {
            let client = accept(fd, nil, nil)
            if client < 0 { return }
            var received: [UInt8] = []
            var buffer = [UInt8](repeating: 0, count: 2048)
            while !String(decoding: received, as: UTF8.self).contains("\r\n\r\n") {
                let count = buffer.withUnsafeMutableBytes { recv(client, $0.baseAddress, $0.count, 0) }
                if count <= 0 { break }
                received += buffer[0..<count]
            }
            let status = state.withLock { state in
                if !received.isEmpty { state.lastRequest = String(decoding: received, as: UTF8.self) }
                return state.status
            }
            if !received.isEmpty {
                let reply = Array("HTTP/1.1 \(status) Probe\r\nContent-Length: 2\r\nConnection: close\r\n\r\nok".utf8)
                _ = reply.withUnsafeBytes { send(client, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
            }
            Glibc.close(client)
        }
    }

    struct ListenerError: Error, CustomStringConvertible {
        let description: String
    }
}
