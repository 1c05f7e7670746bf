import Foundation
import Glibc
import PluginSDK
import Synchronization

/// One listening TCP socket of a local load balancer. Each accepted connection goes to the
/// next target in turn (a node's address and the Service's node port), trying the following
/// targets when one refuses; bytes are then copied both ways until each side has closed its
/// half. Runs on threads of its own, never on the host's.
final class TCPForwarder: Sendable {
    /// The address listened on.
    let address: String
    /// The port listened on.
    let port: Int
    private let listener: Int32
    private let targets = Mutex<[Target]>([])
    private let turn = Atomic<Int>(0)

    /// Where connections are forwarded to.
    struct Target: Sendable, Equatable {
        var address: String
        var port: Int
    }

    /// Binds and listens on `address:port`; UNAVAILABLE when the port cannot be taken.
    init(address: String, port: Int) throws {
        guard let socketAddress = Self.socketAddress(address, port) else {
            throw PluginError.invalidArgument("load balancer address \(address) is not an IPv4 address")
        }
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
        guard fd >= 0 else { throw PluginError.unavailable("socket: \(String(cString: strerror(errno)))") }
        var one: Int32 = 1
        setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, socklen_t(MemoryLayout<Int32>.size))
        let bound = Self.withSockaddr(socketAddress) { bind(fd, $0, $1) }
        guard bound == 0, listen(fd, 128) == 0 else {
            let reason = String(cString: strerror(errno))
            close(fd)
            throw PluginError.unavailable("cannot listen on \(address):\(port): \(reason)")
        }
        self.address = address
        self.port = port
        listener = fd
        let forwarder = self
        Thread.detachNewThread { forwarder.acceptLoop() }
    }

    /// Replaces the targets new connections go to.
    func setTargets(_ targets: [Target]) {
        self.targets.withLock { $0 = targets }
    }

    /// Stops accepting; connections already forwarded run to their end. The accepting thread
    /// closes the socket once it has left `accept`.
    func stop() {
        shutdown(listener, Int32(SHUT_RDWR))
    }

    private func acceptLoop() {
        while true {
            let client = accept(listener, nil, nil)
            if client < 0 {
                if errno == EINTR || errno == ECONNABORTED { continue }
                break
            }
            _ = fcntl(client, F_SETFD, FD_CLOEXEC)
            let forwarder = self
            Thread.detachNewThread { forwarder.forward(client) }
        }
        close(listener)
    }

    /// Connects `client` to the first target that accepts, starting at the next in turn.
    private func forward(_ client: Int32) {
        let all = targets.withLock { $0 }
        let start = turn.add(1, ordering: .relaxed).oldValue
        for step in 0..<all.count {
            let target = all[(start + step) % all.count]
            if let upstream = Self.connect(target) {
                Self.splice(client, upstream)
                return
            }
        }
        close(client)
    }

    private static func connect(_ target: Target) -> Int32? {
        guard let socketAddress = socketAddress(target.address, target.port) else { return nil }
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
        guard fd >= 0 else { return nil }
        if withSockaddr(socketAddress, { Glibc.connect(fd, $0, $1) }) == 0 { return fd }
        close(fd)
        return nil
    }

    /// Copies both ways, one thread per direction; the second to finish closes both sockets.
    private static func splice(_ a: Int32, _ b: Int32) {
        let finished = Atomic<Int>(0)
        let done: @Sendable () -> Void = {
            if finished.add(1, ordering: .acquiringAndReleasing).newValue == 2 {
                close(a)
                close(b)
            }
        }
        Thread.detachNewThread {
            copy(from: a, to: b)
            done()
        }
        copy(from: b, to: a)
        done()
    }

    /// Copies until end of stream, then half-closes `to`; on an error both sockets are shut.
    private static func copy(from: Int32, to: Int32) {
        var buffer = [UInt8](repeating: 0, count: 64 * 1024)
        while true {
            let count = buffer.withUnsafeMutableBytes { recv(from, $0.baseAddress, $0.count, 0) }
            if count < 0 && errno == EINTR { continue }
            guard count > 0 else { break }
            var sent = 0
            while sent < count {
                let n = buffer.withUnsafeBytes { send(to, $0.baseAddress! + sent, count - sent, Int32(MSG_NOSIGNAL)) }
                if n < 0 && errno == EINTR { continue }
                guard n > 0 else {
                    shutdown(from, Int32(SHUT_RDWR))
                    shutdown(to, Int32(SHUT_RDWR))
                    return
                }
                sent += n
            }
        }
        shutdown(to, Int32(SHUT_WR))
    }

    private static func socketAddress(_ address: String, _ port: Int) -> sockaddr_in? {
        var socketAddress = sockaddr_in()
        socketAddress.sin_family = sa_family_t(AF_INET)
        socketAddress.sin_port = in_port_t(UInt16(truncatingIfNeeded: port).bigEndian)
        guard inet_pton(AF_INET, address, &socketAddress.sin_addr) == 1 else { return nil }
        return socketAddress
    }

    private static func withSockaddr(_ address: sockaddr_in, _ body: (UnsafePointer<sockaddr>, socklen_t) -> Int32) -> Int32 {
        var copy = address
        return withUnsafePointer(to: &copy) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { body($0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
    }
}
