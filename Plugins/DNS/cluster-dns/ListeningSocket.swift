import Foundation
import PluginSDK

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// What both DNS servers start from: a non-blocking, close-on-exec IPv4 socket bound to a
/// loopback address (listening, for TCP), the port it really got, and the pipe whose write end
/// wakes the server's threads on stop.
struct ListeningSocket {
    /// The bound socket.
    let descriptor: Int32
    /// The bound port (the real one when 0 was asked).
    let port: UInt16
    /// Writing a byte to `wake.write` makes the server's threads return.
    let wake: (read: Int32, write: Int32)

    /// Opens and binds a socket of `type` (`SOCK_DGRAM` or `SOCK_STREAM`) on `host:port` (an IPv4
    /// literal); a stream socket also listens. `name` ("udp", "tcp") appears in errors.
    init(type: Int32, host: String, port: UInt16, name: String) throws {
        guard var sin = SocketIO.address(host, port) else {
            throw PluginError.invalidArgument("listen address \(host) is not an IPv4 address")
        }
        let fd = socket(AF_INET, type | Int32(SOCK_CLOEXEC.rawValue) | Int32(SOCK_NONBLOCK.rawValue), 0)
        guard fd >= 0 else { throw PluginError.unavailable("cannot open a \(name.uppercased()) socket: \(SocketIO.errnoText())") }
        let stream = type == Int32(SOCK_STREAM.rawValue)
        if stream {
            var one: Int32 = 1
            _ = setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, socklen_t(MemoryLayout<Int32>.size))
        }
        let bound = withUnsafePointer(to: &sin) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard bound == 0, !stream || listen(fd, 128) == 0 else {
            let reason = SocketIO.errnoText()
            close(fd)
            throw PluginError.unavailable("cannot listen on \(name) \(host):\(port): \(reason)")
        }
        var actual = sockaddr_in()
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let named = withUnsafeMutablePointer(to: &actual) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &length) }
        }
        var fds: [Int32] = [-1, -1]
        guard named == 0, pipe(&fds) == 0 else {
            let reason = SocketIO.errnoText()
            close(fd)
            throw PluginError.internalError("cannot set up the \(name.uppercased()) server: \(reason)")
        }
        fds.forEach(SocketIO.setNonBlocking)
        descriptor = fd
        self.port = UInt16(bigEndian: actual.sin_port)
        wake = (fds[0], fds[1])
    }
}
