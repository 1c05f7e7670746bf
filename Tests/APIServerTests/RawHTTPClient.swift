import Foundation
import Kernel
#if canImport(Glibc)
import Glibc
#endif

/// One HTTP/1.1 response read off a socket.
struct HTTPReply: Sendable {
    let status: Int
    /// Header names lower-cased.
    let headers: [String: String]
    let body: Data

    /// The body as JSON (nil when it is not JSON).
    var json: JSONValue? { try? JSONValue(parsing: body) }
    var text: String { String(decoding: body, as: UTF8.self) }
}

struct RawHTTPError: Error, CustomStringConvertible {
    let description: String
}

/// A minimal blocking HTTP/1.1 client over a real loopback TCP socket, so tests can send what
/// well-behaved clients never would (wrong lengths, junk bodies) and read streamed watches.
/// Blocking calls run on their own threads, never on Swift's cooperative pool.
enum RawHTTP {
    /// Sends one request with `Connection: close` and reads the whole response.
    static func send(port: Int, _ method: String, _ path: String, body: Data? = nil,
                     headers: [String: String] = [:]) async throws -> HTTPReply {
        try await Blocking.run {
            let socket = try TestSocket(port: port)
            defer { socket.close() }
            try socket.write(requestBytes(method, path, body: body, headers: headers))
            var received = Data()
            while let chunk = try socket.read() { received.append(chunk) }
            guard let reply = try parse(received, complete: true) else { throw RawHTTPError(description: "incomplete response") }
            return reply.reply
        }
    }

    /// JSON convenience: sends `json` with Content-Type application/json.
    static func send(port: Int, _ method: String, _ path: String, json: JSONValue) async throws -> HTTPReply {
        try await send(port: port, method, path, body: json.serialized(), headers: ["Content-Type": "application/json"])
    }

    /// Opens a watch and collects its events until `count` arrived, the server ended the
    /// stream, or `timeout` passed.
    static func watch(port: Int, _ path: String, count: Int, timeout: TimeInterval = 10) async throws -> (status: Int, events: [JSONValue], ended: Bool) {
        try await Blocking.run {
            let socket = try TestSocket(port: port, receiveTimeout: 0.2)
            defer { socket.close() }
            try socket.write(requestBytes("GET", path, body: nil, headers: [:]))
            let deadline = Date().addingTimeInterval(timeout)
            var received = Data()
            var ended = false
            while Date() < deadline {
                if let parsed = try parse(received, complete: false) {
                    let events = parsed.reply.body.split(separator: UInt8(ascii: "\n")).compactMap { try? JSONValue(parsing: Data($0)) }
                    if events.count >= count || parsed.finished || ended {
                        return (parsed.reply.status, events, parsed.finished || ended)
                    }
                }
                if ended { break }
                do {
                    if let chunk = try socket.read() { received.append(chunk) } else { ended = true }
                } catch TestSocket.Timeout.timedOut {
                    continue
                }
            }
            let parsed = try parse(received, complete: false)
            let events = parsed?.reply.body.split(separator: UInt8(ascii: "\n")).compactMap { try? JSONValue(parsing: Data($0)) } ?? []
            return (parsed?.reply.status ?? 0, events, ended)
        }
    }

    /// Opens a watch, reads its response head and returns the open socket (close it to
    /// simulate a client going away).
    static func openWatch(port: Int, _ path: String) async throws -> TestSocket {
        try await Blocking.run {
            let socket = try TestSocket(port: port)
            try socket.write(requestBytes("GET", path, body: nil, headers: [:]))
            var received = Data()
            while try parse(received, complete: false) == nil {
                guard let chunk = try socket.read() else { throw RawHTTPError(description: "closed before the head") }
                received.append(chunk)
            }
            return socket
        }
    }

    static func requestBytes(_ method: String, _ path: String, body: Data?, headers: [String: String]) -> Data {
        var head = "\(method) \(path) HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n"
        for (name, value) in headers { head += "\(name): \(value)\r\n" }
        if let body, headers["Content-Length"] == nil, headers["Transfer-Encoding"] == nil {
            head += "Content-Length: \(body.count)\r\n"
        }
        head += "\r\n"
        var data = Data(head.utf8)
        if let body { data.append(body) }
        return data
    }

    /// Parses a response: nil until the head is complete. The body is de-chunked as far as
    /// received; `finished` tells whether the body is complete.
    static func parse(_ data: Data, complete: Bool) throws -> (reply: HTTPReply, finished: Bool)? {
        let separator = Data("\r\n\r\n".utf8)
        guard let headEnd = data.range(of: separator) else {
            if complete { throw RawHTTPError(description: "no response head in \(data.count) bytes") }
            return nil
        }
        let headText = String(decoding: data[..<headEnd.lowerBound], as: UTF8.self)
        var lines = headText.components(separatedBy: "\r\n")
        let statusLine = lines.removeFirst().split(separator: " ")
        guard statusLine.count >= 2, let status = Int(statusLine[1]) else { throw RawHTTPError(description: "bad status line") }
        var headers: [String: String] = [:]
        for line in lines {
            guard let colon = line.firstIndex(of: ":") else { continue }
            headers[line[..<colon].lowercased()] = line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)
        }
        let rest = Data(data[headEnd.upperBound...])
        if headers["transfer-encoding"]?.lowercased() == "chunked" {
            let (body, finished) = dechunk(rest)
            return (HTTPReply(status: status, headers: headers, body: body), finished)
        }
        if let length = headers["content-length"].flatMap({ Int($0) }) {
            return (HTTPReply(status: status, headers: headers, body: rest.prefix(length)), rest.count >= length)
        }
        return (HTTPReply(status: status, headers: headers, body: rest), complete)
    }

    private static func dechunk(_ data: Data) -> (Data, Bool) {
        var body = Data()
        var index = data.startIndex
        let crlf = Data("\r\n".utf8)
        while let lineEnd = data.range(of: crlf, in: index..<data.endIndex) {
            let sizeText = String(decoding: data[index..<lineEnd.lowerBound], as: UTF8.self).split(separator: ";").first ?? ""
            guard let size = Int(sizeText.trimmingCharacters(in: .whitespaces), radix: 16) else { return (body, false) }
            if size == 0 { return (body, true) }
            let start = lineEnd.upperBound
            guard data.distance(from: start, to: data.endIndex) >= size + 2 else { return (body, false) }
            let end = data.index(start, offsetBy: size)
            body.append(data[start..<end])
            index = data.index(end, offsetBy: 2)
        }
        return (body, false)
    }
}

/// A connected TCP socket to 127.0.0.1. Each instance is used by one thread at a time: the
/// tests hand it from one `Blocking.run` call to the next, never concurrently.
final class TestSocket: @unchecked Sendable {
    enum Timeout: Error { case timedOut }
    private let fd: Int32

    init(port: Int, receiveTimeout: TimeInterval = 10) throws {
        fd = Glibc.socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { throw RawHTTPError(description: "socket() failed") }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(port).bigEndian)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        let connected = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { Glibc.connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard connected == 0 else {
            Glibc.close(fd)
            throw RawHTTPError(description: "connect() to port \(port) failed: errno \(errno)")
        }
        var timeout = timeval(tv_sec: Int(receiveTimeout), tv_usec: suseconds_t((receiveTimeout - Double(Int(receiveTimeout))) * 1_000_000))
        setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
    }

    /// Writes everything; a peer that closed early is not an error (MSG_NOSIGNAL: no SIGPIPE).
    func write(_ data: Data) throws {
        var offset = 0
        while offset < data.count {
            let sent = data.withUnsafeBytes { raw in
                Glibc.send(fd, raw.baseAddress! + offset, data.count - offset, Int32(MSG_NOSIGNAL))
            }
            if sent <= 0 { return }
            offset += sent
        }
    }

    /// Reads what is available: nil at end of stream; throws `Timeout.timedOut` when the
    /// receive timeout passes with nothing.
    func read() throws -> Data? {
        var buffer = [UInt8](repeating: 0, count: 65536)
        let count = buffer.withUnsafeMutableBytes { Glibc.recv(fd, $0.baseAddress, $0.count, 0) }
        if count > 0 { return Data(buffer[0..<count]) }
        if count == 0 { return nil }
        if errno == EAGAIN || errno == EWOULDBLOCK { throw Timeout.timedOut }
        if errno == ECONNRESET { return nil }
        throw RawHTTPError(description: "recv failed: errno \(errno)")
    }

    func close() { Glibc.close(fd) }
}
