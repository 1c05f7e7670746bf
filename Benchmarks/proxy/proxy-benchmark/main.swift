// The service proxy benchmark: the loopback data path (Sources/Proxy/DataPath) against a
// direct connection to the same local server, in the same run.
//
//   ProxyBenchmark measure [MEGABYTES] [ROUND_TRIPS] [CONNECTIONS]
//       one long TCP stream (MB/s), request/response round trips on one connection and on a
//       new connection each (p50/p99 µs); prints a Markdown report.
//   ProxyBenchmark serve HOST:PORT
//       forwards a fresh loopback Service address to HOST:PORT (e.g. an HTTP server for wrk),
//       prints `service IP:PORT` and runs until standard input closes.
import Foundation
import Glibc
import Kernel
import Proxy

/// Fails the benchmark with a message.
func fail(_ message: String) -> Never {
    FileHandle.standardError.write(Data("ProxyBenchmark: \(message)\n".utf8))
    exit(1)
}

/// A blocking IPv4 TCP socket.
final class Socket: @unchecked Sendable {
    /// The file descriptor.
    let fd: Int32

    /// Wraps a descriptor (closed on deinit).
    init(fd: Int32) { self.fd = fd }

    /// Closes the socket.
    deinit { close(fd) }

    /// An IPv4 socket address.
    static func address(_ ip: String, _ port: Int) -> sockaddr_in {
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(port).bigEndian)
        inet_pton(AF_INET, ip, &address.sin_addr)
        return address
    }

    /// A listening socket on `ip` (free port) and its port.
    static func listen(_ ip: String) -> (Socket, Int) {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        var one: Int32 = 1
        setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, socklen_t(MemoryLayout<Int32>.size))
        var address = address(ip, 0)
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafeMutablePointer(to: &address) { pointer in
            pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) { address -> Int32 in
                guard bind(fd, address, length) == 0, Glibc.listen(fd, 1024) == 0 else { return -1 }
                return getsockname(fd, address, &length)
            }
        }
        guard bound == 0 else { fail("cannot listen on \(ip): errno \(errno)") }
        return (Socket(fd: fd), Int(UInt16(bigEndian: address.sin_port)))
    }

    /// A connected socket with TCP_NODELAY.
    static func connect(_ ip: String, _ port: Int) -> Socket {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        var one: Int32 = 1
        setsockopt(fd, Int32(IPPROTO_TCP), TCP_NODELAY, &one, socklen_t(MemoryLayout<Int32>.size))
        var address = address(ip, port)
        let result = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { Glibc.connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard result == 0 else { fail("connect \(ip):\(port): errno \(errno)") }
        return Socket(fd: fd)
    }

    /// The next accepted connection (TCP_NODELAY), nil when the listener fails.
    func accept() -> Socket? {
        let client = Glibc.accept(fd, nil, nil)
        guard client >= 0 else { return nil }
        var one: Int32 = 1
        setsockopt(client, Int32(IPPROTO_TCP), TCP_NODELAY, &one, socklen_t(MemoryLayout<Int32>.size))
        return Socket(fd: client)
    }

    /// Writes every byte; false on an error.
    func sendAll(_ pointer: UnsafeRawBufferPointer) -> Bool {
        var offset = 0
        while offset < pointer.count {
            let written = send(fd, pointer.baseAddress! + offset, pointer.count - offset, Int32(MSG_NOSIGNAL))
            guard written > 0 else { return false }
            offset += written
        }
        return true
    }

    /// Fills the buffer; false at the end of the stream or on an error.
    func receiveExactly(_ buffer: UnsafeMutableRawBufferPointer) -> Bool {
        var offset = 0
        while offset < buffer.count {
            let count = recv(fd, buffer.baseAddress! + offset, buffer.count - offset, 0)
            guard count > 0 else { return false }
            offset += count
        }
        return true
    }
}

/// Runs `body` on a new thread.
func spawn(_ body: @escaping @Sendable () -> Void) {
    let thread = Thread(block: body)
    thread.stackSize = 1 << 20
    thread.start()
}

/// A server that sends `bytes` to each connection and closes it.
func startSource(bytes: Int) -> Int {
    let (listener, port) = Socket.listen("127.0.0.1")
    spawn {
        while let client = listener.accept() {
            spawn {
                let chunk = [UInt8](repeating: 0x5A, count: 256 << 10)
                var left = bytes
                chunk.withUnsafeBytes { pointer in
                    while left > 0 {
                        let size = min(left, pointer.count)
                        guard client.sendAll(UnsafeRawBufferPointer(rebasing: pointer[0 ..< size])) else { return }
                        left -= size
                    }
                }
            }
        }
    }
    return port
}

/// A server that echoes fixed-size messages of `size` bytes.
func startEcho(size: Int) -> Int {
    let (listener, port) = Socket.listen("127.0.0.1")
    spawn {
        while let client = listener.accept() {
            spawn {
                var message = [UInt8](repeating: 0, count: size)
                message.withUnsafeMutableBytes { buffer in
                    while client.receiveExactly(buffer), client.sendAll(UnsafeRawBufferPointer(buffer)) {}
                }
            }
        }
    }
    return port
}

/// Reads one stream to its end; MB/s (10^6 bytes).
func streamThroughput(_ ip: String, _ port: Int, bytes: Int) -> Double {
    let start = ContinuousClock.now
    let socket = Socket.connect(ip, port)
    var buffer = [UInt8](repeating: 0, count: 256 << 10)
    var total = 0
    while true {
        let count = buffer.withUnsafeMutableBytes { recv(socket.fd, $0.baseAddress, $0.count, 0) }
        if count <= 0 { break }
        total += count
    }
    guard total == bytes else { fail("stream through \(ip):\(port) ended after \(total) of \(bytes) bytes") }
    return Double(total) / 1e6 / seconds(ContinuousClock.now - start)
}

/// Round trips of 64-byte messages on one connection; microseconds each.
func roundTrips(_ ip: String, _ port: Int, count: Int) -> [Double] {
    let socket = Socket.connect(ip, port)
    var message = [UInt8](repeating: 7, count: 64)
    var samples: [Double] = []
    samples.reserveCapacity(count)
    for index in 0 ..< count + count / 10 {
        let start = ContinuousClock.now
        let ok = message.withUnsafeMutableBytes { socket.sendAll(UnsafeRawBufferPointer($0)) && socket.receiveExactly($0) }
        guard ok else { fail("round trip through \(ip):\(port) failed") }
        if index >= count / 10 { samples.append(seconds(ContinuousClock.now - start) * 1e6) }
    }
    return samples
}

/// Connect, one 64-byte round trip, close; microseconds each.
func connectionRoundTrips(_ ip: String, _ port: Int, count: Int) -> [Double] {
    var message = [UInt8](repeating: 7, count: 64)
    return (0 ..< count).map { _ in
        let start = ContinuousClock.now
        let socket = Socket.connect(ip, port)
        let ok = message.withUnsafeMutableBytes { socket.sendAll(UnsafeRawBufferPointer($0)) && socket.receiveExactly($0) }
        guard ok else { fail("connection round trip through \(ip):\(port) failed") }
        return seconds(ContinuousClock.now - start) * 1e6
    }
}

/// A duration in seconds.
func seconds(_ duration: Duration) -> Double {
    Double(duration.components.seconds) + Double(duration.components.attoseconds) / 1e18
}

/// The sample at quantile `p` (0...1).
func percentile(_ samples: [Double], _ p: Double) -> Double {
    let sorted = samples.sorted()
    return sorted[min(sorted.count - 1, Int(Double(sorted.count) * p))]
}

/// The median.
func median(_ values: [Double]) -> Double { percentile(values, 0.5) }

/// A data path forwarding a fresh Service address to `backend`.
func forward(to backends: [(String, Int)], name: String = "bench") async -> (ServiceDataPath, String, Int) {
    let ip = "127.\(Int.random(in: 200...250)).\(Int.random(in: 0...255)).\(Int.random(in: 2...254))"
    let dataPath = ServiceDataPath()
    var ports: [ServicePort] = []
    for (index, backend) in backends.enumerated() {
        ports.append(ServicePort(namespace: "bench", serviceName: "\(name)-\(index)", port: 8000 + index, clusterIPs: [ip],
                                 endpoints: [ProxyEndpoint(ip: backend.0, port: backend.1)]))
    }
    await dataPath.apply(ProxyTable(ports: ports))
    let failed = await dataPath.failedListeners
    if !failed.isEmpty { fail("listeners did not bind: \(failed)") }
    return (dataPath, ip, 8000)
}

/// A figure with one decimal below 100, none above.
func format(_ value: Double) -> String { String(format: value >= 100 ? "%.0f" : "%.1f", value) }

let arguments = CommandLine.arguments.dropFirst()
switch arguments.first {
case "measure":
    let megabytes = Int(arguments.dropFirst().first ?? "") ?? 512
    let count = Int(arguments.dropFirst(2).first ?? "") ?? 20_000
    let connections = Int(arguments.dropFirst(3).first ?? "") ?? 2_000
    let bytes = megabytes * 1_000_000
    let source = startSource(bytes: bytes)
    let echo = startEcho(size: 64)
    let (dataPath, ip, base) = await forward(to: [("127.0.0.1", source), ("127.0.0.1", echo)])
    var direct: [Double] = []
    var proxied: [Double] = []
    for _ in 0 ..< 3 {
        direct.append(streamThroughput("127.0.0.1", source, bytes: bytes))
        proxied.append(streamThroughput(ip, base, bytes: bytes))
    }
    let directTrips = roundTrips("127.0.0.1", echo, count: count)
    let proxiedTrips = roundTrips(ip, base + 1, count: count)
    let directConnections = connectionRoundTrips("127.0.0.1", echo, count: connections)
    let proxiedConnections = connectionRoundTrips(ip, base + 1, count: connections)
    print("| Measure | Direct | Through the proxy | Proxy / direct |")
    print("|---|---:|---:|---:|")
    let throughput = (median(direct), median(proxied))
    print("| One TCP stream of \(megabytes) MB, median of 3 (MB/s) | \(format(throughput.0)) | \(format(throughput.1)) | \(String(format: "%.2f", throughput.1 / throughput.0)) |")
    for (label, d, p) in [("64 B round trip, one connection", directTrips, proxiedTrips),
                          ("connect + 64 B round trip + close", directConnections, proxiedConnections)] {
        let samples = label.hasPrefix("64") ? count : connections
        for (name, q) in [("p50", 0.5), ("p99", 0.99)] {
            let (a, b) = (percentile(d, q), percentile(p, q))
            print("| \(label), \(samples) samples, \(name) (µs) | \(format(a)) | \(format(b)) | \(b - a >= 0 ? "+" : "−")\(format(abs(b - a))) µs |")
        }
    }
    await dataPath.shutdown()
case "serve":
    guard let target = arguments.dropFirst().first, let colon = target.lastIndex(of: ":"), let port = Int(target[target.index(after: colon)...]) else {
        fail("usage: ProxyBenchmark serve HOST:PORT")
    }
    let (dataPath, ip, servicePort) = await forward(to: [(String(target[..<colon]), port)])
    print("service \(ip):\(servicePort)")
    fflush(nil)
    while readLine() != nil {}
    await dataPath.shutdown()
default:
    fail("usage: ProxyBenchmark measure [MEGABYTES] [ROUND_TRIPS] [CONNECTIONS] | serve HOST:PORT")
}
