import Foundation
import Glibc
import Kernel

/// Plain TCP for the load balancer tests: a server that greets every connection and closes it,
/// and a client that reads what an address answers.
enum CloudTestSockets {
    /// A listener on `127.0.0.1:port` answering every connection with `greeting`; nil when the
    /// port is taken. Closed when the returned value's `close` is called.
    final class Greeter: Sendable {
        let port: Int
        private let fd: Int32

        init?(port: Int, greeting: String) {
            let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
            var one: Int32 = 1
            setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, socklen_t(MemoryLayout<Int32>.size))
            var address = CloudTestSockets.address("127.0.0.1", port)
            let bound = withUnsafePointer(to: &address) {
                $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
            }
            guard bound == 0, listen(fd, 16) == 0 else {
                Glibc.close(fd)
                return nil
            }
            self.port = port
            self.fd = fd
            let listener = fd
            Thread.detachNewThread {
                while true {
                    let client = accept(listener, nil, nil)
                    if client < 0 { break }
                    _ = greeting.withCString { send(client, $0, strlen($0), Int32(MSG_NOSIGNAL)) }
                    Glibc.close(client)
                }
                Glibc.close(listener)
            }
        }

        func close() { shutdown(fd, Int32(SHUT_RDWR)) }
    }

    /// What `ip:port` sends before closing; nil when nothing accepts the connection.
    static func read(_ ip: String, _ port: Int) async -> String? {
        await Blocking.run { () -> String? in
            let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
            defer { Glibc.close(fd) }
            var timeout = timeval(tv_sec: 5, tv_usec: 0)
            setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
            var target = address(ip, port)
            let connected = withUnsafePointer(to: &target) {
                $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
            }
            guard connected == 0 else { return nil }
            var received = [UInt8]()
            var buffer = [UInt8](repeating: 0, count: 1024)
            while true {
                let count = buffer.withUnsafeMutableBytes { recv(fd, $0.baseAddress, $0.count, 0) }
                if count <= 0 { break }
                received += buffer[0..<count]
            }
            return String(decoding: received, as: UTF8.self)
        }
    }

    private static func address(_ ip: String, _ port: Int) -> sockaddr_in {
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(port).bigEndian)
        inet_pton(AF_INET, ip, &address.sin_addr)
        return address
    }
}
