import Foundation
import Kernel

#if canImport(Glibc)
import Glibc
#endif

/// The tests' own small DNS codec (independent of the plugin's): builds queries and reads
/// responses, so the tests check the add-on's bytes against RFC 1035 rather than against itself.
enum DNSTestWire {
    static let a: UInt16 = 1
    static let ns: UInt16 = 2
    static let cname: UInt16 = 5
    static let soa: UInt16 = 6
    static let ptr: UInt16 = 12
    static let txt: UInt16 = 16
    static let aaaa: UInt16 = 28
    static let srv: UInt16 = 33
    static let opt: UInt16 = 41

    /// A query for `name` (dotted, spelled as given) with one question and, when `ednsSize` is
    /// set, an OPT record offering that UDP payload size.
    static func query(
        _ name: String, type: UInt16, id: UInt16 = 0x1234, recursionDesired: Bool = true,
        qclass: UInt16 = 1, ednsSize: UInt16? = nil
    ) -> [UInt8] {
        var bytes: [UInt8] = []
        func u16(_ value: UInt16) { bytes += [UInt8(value >> 8), UInt8(value & 0xFF)] }
        u16(id)
        u16(recursionDesired ? 0x0100 : 0)
        u16(1)
        u16(0)
        u16(0)
        u16(ednsSize == nil ? 0 : 1)
        for label in name.split(separator: ".") {
            bytes.append(UInt8(label.utf8.count))
            bytes += Array(label.utf8)
        }
        bytes.append(0)
        u16(type)
        u16(qclass)
        if let ednsSize {
            bytes.append(0)
            u16(opt)
            u16(ednsSize)
            bytes += [0, 0, 0, 0]
            u16(0)
        }
        return bytes
    }

    /// One resource record of a response, with its data rendered as `dig +short` shows it.
    struct Record: Equatable, CustomStringConvertible {
        var name: String
        var type: UInt16
        var ttl: UInt32
        var data: String
        var description: String { "\(name) \(ttl) \(type) \(data)" }
    }

    /// A parsed response.
    struct Response {
        var id: UInt16
        var flags: UInt16
        var questionName: String?
        var questionType: UInt16?
        var answers: [Record] = []
        var authority: [Record] = []
        var additional: [Record] = []
        /// The payload size of the response's OPT record, nil when it has none.
        var ednsSize: UInt16?
        /// The OPT record's TTL field: extended RCODE, version, DO bit.
        var ednsTTL: UInt32?

        var isResponse: Bool { flags & 0x8000 != 0 }
        var authoritative: Bool { flags & 0x0400 != 0 }
        var truncated: Bool { flags & 0x0200 != 0 }
        var recursionDesired: Bool { flags & 0x0100 != 0 }
        var rcode: Int { Int(flags & 0x000F) }
        var opcode: Int { Int((flags >> 11) & 0x0F) }

        /// The answers' data, sorted: what `dig +short` would print, in a stable order.
        var short: [String] { answers.map(\.data).sorted() }
    }

    struct Malformed: Error, CustomStringConvertible {
        var description: String
    }

    /// Parses a response; throws on anything RFC 1035 does not allow.
    static func parse(_ bytes: [UInt8]) throws -> Response {
        var offset = 0
        func u8() throws -> UInt8 {
            guard offset < bytes.count else { throw Malformed(description: "truncated at \(offset)") }
            defer { offset += 1 }
            return bytes[offset]
        }
        func u16() throws -> UInt16 { UInt16(try u8()) << 8 | UInt16(try u8()) }
        func u32() throws -> UInt32 { UInt32(try u16()) << 16 | UInt32(try u16()) }
        func name() throws -> String {
            var labels: [String] = []
            var position = offset
            var jumped = false
            var hops = 0
            while true {
                guard position < bytes.count else { throw Malformed(description: "name runs off the end") }
                let length = Int(bytes[position])
                if length == 0 {
                    if !jumped { offset = position + 1 }
                    return labels.isEmpty ? "." : labels.joined(separator: ".") + "."
                }
                if length & 0xC0 == 0xC0 {
                    guard position + 1 < bytes.count, hops < 20 else { throw Malformed(description: "bad pointer") }
                    if !jumped { offset = position + 2 }
                    jumped = true
                    hops += 1
                    position = (length & 0x3F) << 8 | Int(bytes[position + 1])
                    continue
                }
                guard length < 64, position + 1 + length <= bytes.count else { throw Malformed(description: "bad label") }
                labels.append(String(decoding: bytes[(position + 1)...(position + length)], as: UTF8.self))
                position += 1 + length
            }
        }
        func record() throws -> Record? {
            let owner = try name()
            let type = try u16()
            let rrClass = try u16()
            let ttl = try u32()
            let length = Int(try u16())
            let end = offset + length
            guard end <= bytes.count else { throw Malformed(description: "rdata runs off the end") }
            defer { offset = end }
            if type == opt {
                return Record(name: owner, type: type, ttl: ttl, data: String(rrClass))
            }
            let data: String
            switch type {
            case a:
                guard length == 4 else { throw Malformed(description: "A of \(length) bytes") }
                data = bytes[offset..<end].map(String.init).joined(separator: ".")
            case aaaa:
                guard length == 16 else { throw Malformed(description: "AAAA of \(length) bytes") }
                var address = in6_addr()
                withUnsafeMutableBytes(of: &address) { $0.copyBytes(from: bytes[offset..<end]) }
                var text = [CChar](repeating: 0, count: 64)
                _ = inet_ntop(AF_INET6, &address, &text, 64)
                data = String(decoding: text.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
            case ns, cname, ptr:
                data = try name()
            case txt:
                var strings: [String] = []
                while offset < end {
                    let count = Int(try u8())
                    strings.append("\"" + String(decoding: bytes[offset..<(offset + count)], as: UTF8.self) + "\"")
                    offset += count
                }
                data = strings.joined(separator: " ")
            case srv:
                let priority = try u16(), weight = try u16(), port = try u16()
                data = "\(priority) \(weight) \(port) \(try name())"
            case soa:
                let mname = try name(), rname = try name()
                let numbers = try (0..<5).map { _ in String(try u32()) }
                data = ([mname, rname] + numbers).joined(separator: " ")
            default:
                data = bytes[offset..<end].map { String(format: "%02x", $0) }.joined()
            }
            if [ns, cname, ptr, txt, srv, soa].contains(type), offset != end {
                throw Malformed(description: "rdata length \(length) does not match its content")
            }
            return Record(name: owner, type: type, ttl: ttl, data: data)
        }

        let id = try u16()
        let flags = try u16()
        let questions = try u16(), answers = try u16(), authorities = try u16(), additionals = try u16()
        var response = Response(id: id, flags: flags)
        for _ in 0..<questions {
            response.questionName = try name()
            response.questionType = try u16()
            _ = try u16()
        }
        for _ in 0..<answers { if let record = try record() { response.answers.append(record) } }
        for _ in 0..<authorities { if let record = try record() { response.authority.append(record) } }
        for _ in 0..<additionals {
            guard let record = try record() else { continue }
            if record.type == opt {
                guard response.ednsSize == nil, record.name == "." else { throw Malformed(description: "bad OPT record") }
                response.ednsSize = UInt16(record.data) ?? 0
                response.ednsTTL = record.ttl
            } else {
                response.additional.append(record)
            }
        }
        guard offset == bytes.count else { throw Malformed(description: "\(bytes.count - offset) trailing bytes") }
        return response
    }
}

/// A UDP socket on loopback that sends one datagram and waits for the reply. Waits run through
/// `Blocking.run`, off Swift's cooperative pool; one task uses a socket at a time.
final class DNSTestSocket: @unchecked Sendable {
    private let descriptor: Int32
    private var server = sockaddr_in()

    init(port: UInt16) throws {
        descriptor = socket(AF_INET, Int32(SOCK_DGRAM.rawValue), 0)
        guard descriptor >= 0 else { throw DNSTestWire.Malformed(description: "socket: \(errno)") }
        server.sin_family = sa_family_t(AF_INET)
        server.sin_port = port.bigEndian
        server.sin_addr.s_addr = inet_addr("127.0.0.1")
    }

    deinit {
        close(descriptor)
    }

    /// Sends `packet` and returns the next datagram received within `timeout` seconds (generous:
    /// the suite runs beside many others on two cores), nil when
    /// none arrives.
    func exchange(_ packet: [UInt8], timeout: Double = 3.0) async throws -> [UInt8]? {
        try send(packet)
        return await receive(timeout: timeout)
    }

    /// Sends one datagram to the server.
    func send(_ packet: [UInt8]) throws {
        let sent = packet.withUnsafeBytes { raw in
            withUnsafePointer(to: &server) {
                $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                    sendto(descriptor, raw.baseAddress, raw.count, 0, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
                }
            }
        }
        guard sent == packet.count else { throw DNSTestWire.Malformed(description: "sendto: \(errno)") }
    }

    /// The next datagram within `timeout` seconds.
    func receive(timeout: Double) async -> [UInt8]? {
        await Blocking.run { self.receiveNow(timeout: timeout) }
    }

    private func receiveNow(timeout: Double) -> [UInt8]? {
        var poller = pollfd(fd: descriptor, events: Int16(POLLIN), revents: 0)
        guard poll(&poller, 1, Int32(timeout * 1000)) == 1 else { return nil }
        var buffer = [UInt8](repeating: 0, count: 65_535)
        let count = recv(descriptor, &buffer, buffer.count, 0)
        return count < 0 ? nil : Array(buffer[0..<count])
    }

    /// Sends a query and parses the answer (throws when no answer comes).
    func ask(_ name: String, _ type: UInt16, id: UInt16 = 0x1234, ednsSize: UInt16? = nil) async throws -> DNSTestWire.Response {
        guard let reply = try await exchange(DNSTestWire.query(name, type: type, id: id, ednsSize: ednsSize)) else {
            throw DNSTestWire.Malformed(description: "no answer to \(name) type \(type)")
        }
        return try DNSTestWire.parse(reply)
    }
}
