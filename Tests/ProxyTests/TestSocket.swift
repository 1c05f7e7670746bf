import Glibc
import Kernel

/// A plain blocking client socket for tests (with 10 s receive and send timeouts, so a broken
/// data path fails a test instead of hanging it). Use it through `Blocking.run`.
final class TestSocket: @unchecked Sendable {
    /// A socket call failed.
    struct Failure: Error, CustomStringConvertible {
        /// What failed.
        let description: String
    }

    /// The file descriptor.
    let fd: Int32

    /// Wraps a descriptor (closed on deinit).
    private init(fd: Int32) { self.fd = fd }

    /// Closes the socket.
    deinit { close(fd) }

    /// An IPv4 address.
    static func address(_ ip: String, _ port: Int) -> sockaddr_in {
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(port).bigEndian)
        inet_pton(AF_INET, ip, &address.sin_addr)
        return address
    }

    /// Opens a socket of `type` with timeouts.
    private static func open(_ type: Int32) throws -> TestSocket {
        let fd = socket(AF_INET, type, 0)
        guard fd >= 0 else { throw Failure(description: "socket: errno \(errno)") }
        var timeout = timeval(tv_sec: 10, tv_usec: 0)
        setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
        setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
        return TestSocket(fd: fd)
    }

    /// Connects a TCP socket to `ip:port`.
    static func connect(_ ip: String, _ port: Int) throws -> TestSocket {
        let socket = try open(Int32(SOCK_STREAM.rawValue))
        var address = address(ip, port)
        let result = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { Glibc.connect(socket.fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard result == 0 else { throw Failure(description: "connect \(ip):\(port): errno \(errno)") }
        return socket
    }

    /// A UDP socket bound to `ip` (any free port).
    static func udp(bind ip: String = "127.0.0.1") throws -> TestSocket {
        let socket = try open(Int32(SOCK_DGRAM.rawValue))
        var address = address(ip, 0)
        let result = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(socket.fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard result == 0 else { throw Failure(description: "bind: errno \(errno)") }
        return socket
    }

    /// Writes every byte.
    func send(_ bytes: [UInt8]) throws {
        var offset = 0
        while offset < bytes.count {
            let written = bytes[offset...].withUnsafeBytes { Glibc.send(fd, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
            guard written > 0 else { throw Failure(description: "send: errno \(errno)") }
            offset += written
        }
    }

    /// Reads up to `max` bytes; empty at the end of the stream. Throws on errors (a reset).
    func receive(max: Int = 65_536) throws -> [UInt8] {
        var buffer = [UInt8](repeating: 0, count: max)
        let count = buffer.withUnsafeMutableBytes { recv(fd, $0.baseAddress, max, 0) }
        guard count >= 0 else { throw Failure(description: "recv: errno \(errno)") }
        return Array(buffer[0 ..< count])
    }

    /// Reads one line (without the newline).
    func readLine() throws -> String {
        var line: [UInt8] = []
        while true {
            var byte: UInt8 = 0
            let count = recv(fd, &byte, 1, 0)
            guard count == 1 else { throw Failure(description: "readLine: \(count == 0 ? "end of stream" : "errno \(errno)")") }
            if byte == 10 { return String(decoding: line, as: UTF8.self) }
            line.append(byte)
        }
    }

    /// Reads exactly `count` bytes.
    func read(exactly count: Int) throws -> [UInt8] {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(count)
        while bytes.count < count {
            let chunk = try receive(max: min(65_536, count - bytes.count))
            guard !chunk.isEmpty else { throw Failure(description: "end of stream after \(bytes.count) of \(count) bytes") }
            bytes += chunk
        }
        return bytes
    }

    /// Ends the sending side (FIN).
    func shutdownWrite() { shutdown(fd, Int32(SHUT_WR)) }

    /// Sends one datagram to `ip:port`.
    func send(_ bytes: [UInt8], to ip: String, _ port: Int) throws {
        var address = Self.address(ip, port)
        let sent = withUnsafePointer(to: &address) { pointer in
            pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) { target in
                bytes.withUnsafeBytes { sendto(fd, $0.baseAddress, $0.count, 0, target, socklen_t(MemoryLayout<sockaddr_in>.size)) }
            }
        }
        guard sent == bytes.count else { throw Failure(description: "sendto: errno \(errno)") }
    }

    /// Receives one datagram and the `ip:port` it came from.
    func receiveDatagram() throws -> (bytes: [UInt8], from: String) {
        var buffer = [UInt8](repeating: 0, count: 65_536)
        var address = sockaddr_in()
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let count = withUnsafeMutablePointer(to: &address) { pointer in
            pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) { source in
                buffer.withUnsafeMutableBytes { recvfrom(fd, $0.baseAddress, $0.count, 0, source, &length) }
            }
        }
        guard count >= 0 else { throw Failure(description: "recvfrom: errno \(errno)") }
        var text = [CChar](repeating: 0, count: Int(INET_ADDRSTRLEN))
        inet_ntop(AF_INET, &address.sin_addr, &text, socklen_t(INET_ADDRSTRLEN))
        let ip = String(decoding: text.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
        return (Array(buffer[0 ..< count]), "\(ip):\(UInt16(bigEndian: address.sin_port))")
    }
}

/// Connects to `ip:port` and returns the greeting line (which server answered).
func greeting(_ ip: String, _ port: Int) async throws -> String {
    try await Blocking.run {
        let socket = try TestSocket.connect(ip, port)
        return try socket.readLine()
    }
}

/// Polls `probe` every 20 ms until it returns true; fails the test after `timeout`.
func eventually(_ what: String, timeout: Duration = .seconds(20), _ probe: () async throws -> Bool) async throws {
    let deadline = ContinuousClock.now + timeout
    while true {
        if (try? await probe()) == true { return }
        if ContinuousClock.now >= deadline { throw TestSocket.Failure(description: "timed out waiting for \(what)") }
        try await Task.sleep(for: .milliseconds(20))
    }
}
