import Dispatch
import Foundation
import Glibc
import Kernel

/// TCP and HTTP/1.1 probes over blocking POSIX sockets, run through `Blocking.run` so that they
/// never hold a thread of Swift's cooperative pool. IPv4 addresses and `localhost` only (Linux).
enum SocketProbes {
    /// `tcpSocket`: success when a connection opens within `timeout` seconds.
    static func tcp(host: String, port: Int, timeout: Int64) async -> ProbeResult {
        await Blocking.run {
            switch connect(host: host, port: port, timeout: timeout) {
            case .success(let fd):
                close(fd)
                return .success
            case .failure(let message):
                return .failure(message)
            }
        }
    }

    /// `httpGet`: a GET with `Host`, `User-Agent` and the probe's headers; 200–399 is success.
    static func httpGet(host: String, port: Int, path: String, headers: [(String, String)], timeout: Int64) async -> ProbeResult {
        await Blocking.run {
            let target = path.hasPrefix("/") ? path : "/" + path
            let url = "http://\(host):\(port)\(target)"
            let fd: Int32
            switch connect(host: host, port: port, timeout: timeout) {
            case .success(let opened): fd = opened
            case .failure(let message): return .failure("Get \"\(url)\": \(message)")
            }
            defer { close(fd) }
            var lines = ["GET \(target) HTTP/1.1"]
            let names = Set(headers.map { $0.0.lowercased() })
            if !names.contains("host") { lines.append("Host: \(host):\(port)") }
            if !names.contains("user-agent") { lines.append("User-Agent: kube-probe/1.32") }
            if !names.contains("accept") { lines.append("Accept: */*") }
            lines += headers.map { "\($0.0): \($0.1)" }
            lines.append("Connection: close")
            let request = Array((lines.joined(separator: "\r\n") + "\r\n\r\n").utf8)
            var sent = 0
            while sent < request.count {
                let wrote = request[sent...].withUnsafeBytes { send(fd, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
                if wrote <= 0 { return .failure("Get \"\(url)\": write: \(String(cString: strerror(errno)))") }
                sent += wrote
            }
            var received: [UInt8] = []
            var buffer = [UInt8](repeating: 0, count: 1024)
            while !received.contains(10), received.count < 8192 {
                let count = buffer.withUnsafeMutableBytes { recv(fd, $0.baseAddress, $0.count, 0) }
                if count < 0 { return .failure("Get \"\(url)\": context deadline exceeded (Client.Timeout exceeded while awaiting headers)") }
                if count == 0 { break }
                received += buffer[0..<count]
            }
            let statusLine = String(decoding: received.prefix { $0 != 10 && $0 != 13 }, as: UTF8.self)
            let parts = statusLine.split(separator: " ")
            guard parts.count >= 2, parts[0].hasPrefix("HTTP/"), let code = Int(parts[1]) else {
                return .failure("Get \"\(url)\": malformed HTTP response \"\(statusLine)\"")
            }
            return (200..<400).contains(code) ? .success : .failure("HTTP probe failed with statuscode: \(code)")
        }
    }

    private enum Connection {
        case success(Int32)
        case failure(String)
    }

    /// A connected socket, or Go's words for why not ("dial tcp 10.0.0.1:80: connect: connection refused").
    private static func connect(host: String, port: Int, timeout: Int64) -> Connection {
        let dial = "dial tcp \(host):\(port)"
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(port).bigEndian)
        let numeric = host == "localhost" ? "127.0.0.1" : host
        guard inet_pton(AF_INET, numeric, &address.sin_addr) == 1 else {
            return .failure("\(dial): lookup \(host): no such host")
        }
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { return .failure("\(dial): socket: \(String(cString: strerror(errno)))") }
        var limit = timeval(tv_sec: Int(max(1, timeout)), tv_usec: 0)
        setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &limit, socklen_t(MemoryLayout<timeval>.size))
        setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &limit, socklen_t(MemoryLayout<timeval>.size))
        let result = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                Glibc.connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
            }
        }
        if result != 0 {
            let reason = errno == EINPROGRESS || errno == EAGAIN ? "i/o timeout" : "connect: \(String(cString: strerror(errno)).lowercased())"
            close(fd)
            return .failure("\(dial): \(reason)")
        }
        return .success(fd)
    }
}
