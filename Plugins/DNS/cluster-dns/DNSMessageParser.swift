/// Reads DNS queries from the wire (RFC 1035 §4, EDNS0 from RFC 6891), checking every length
/// against the packet so that no input, however broken, reads out of bounds.
enum DNSMessageParser {
    /// Why a packet is not a query the server can answer normally.
    enum Failure: Error, Equatable {
        /// Not worth an answer: shorter than a header, or a response (answering those invites loops).
        case drop
        /// Malformed after a readable header: answer FORMERR with this header echoed.
        case formatError(DNSHeader)
        /// A well-formed message of an opcode other than QUERY: answer NOTIMP.
        case notImplemented(DNSHeader)
    }

    /// The most compression pointers followed while reading one name.
    static let maxPointerHops = 32

    /// Parses a query with exactly one question; OPT records in the additional section are read
    /// into `edns`, other records of the answer, authority and additional sections are skipped.
    static func parseQuery(_ packet: [UInt8]) throws(Failure) -> DNSQuery {
        var reader = WireReader(packet)
        guard let id = reader.u16(), let flags = reader.u16(),
              let qdcount = reader.u16(), let ancount = reader.u16(),
              let nscount = reader.u16(), let arcount = reader.u16()
        else { throw .drop }
        let header = DNSHeader(id: id, flags: flags)
        guard !header.isResponse else { throw .drop }
        guard header.opcode == OpCode.query else { throw .notImplemented(header) }
        guard qdcount == 1 else { throw .formatError(header) }
        guard let name = reader.name(), let type = reader.u16(), let qclass = reader.u16() else {
            throw .formatError(header)
        }
        var edns: EDNSInfo?
        let records = Int(ancount) + Int(nscount) + Int(arcount)
        for index in 0..<records {
            guard let owner = reader.name(), let rrType = reader.u16(), let rrClass = reader.u16(),
                  let ttl = reader.u32(), let rdlength = reader.u16(), reader.skip(Int(rdlength))
            else { throw .formatError(header) }
            if rrType == RRType.opt {
                // One OPT only, in the additional section, owned by the root (RFC 6891 §6.1.1).
                let inAdditional = index >= Int(ancount) + Int(nscount)
                guard inAdditional, edns == nil, owner == .root else { throw .formatError(header) }
                edns = EDNSInfo(
                    udpPayloadSize: rrClass,
                    version: UInt8((ttl >> 16) & 0xFF),
                    dnssecOK: ttl & 0x8000 != 0
                )
            }
        }
        return DNSQuery(header: header, question: DNSQuestion(name: name, type: type, qclass: qclass), edns: edns)
    }
}

/// A bounds-checked cursor over a packet; every read returns nil instead of overrunning.
struct WireReader {
    let bytes: [UInt8]
    private(set) var offset = 0

    init(_ bytes: [UInt8]) {
        self.bytes = bytes
    }

    mutating func u8() -> UInt8? {
        guard offset < bytes.count else { return nil }
        defer { offset += 1 }
        return bytes[offset]
    }

    mutating func u16() -> UInt16? {
        guard offset + 2 <= bytes.count else { return nil }
        defer { offset += 2 }
        return UInt16(bytes[offset]) << 8 | UInt16(bytes[offset + 1])
    }

    mutating func u32() -> UInt32? {
        guard let high = u16(), let low = u16() else { return nil }
        return UInt32(high) << 16 | UInt32(low)
    }

    /// Moves past `count` bytes; false when fewer remain.
    mutating func skip(_ count: Int) -> Bool {
        guard count >= 0, offset + count <= bytes.count else { return false }
        offset += count
        return true
    }

    /// Reads a possibly compressed name. Nil for a truncated name, a reserved label type, a
    /// pointer that does not point strictly backwards, too many hops, or a name over 255 bytes.
    mutating func name() -> DNSName? {
        var labels: [[UInt8]] = []
        var wireLength = 1
        var position = offset
        var resumeAt: Int?
        var hops = 0
        // Every pointer must point before the label that holds it, so the walk cannot loop.
        var limit = offset
        while true {
            guard position < bytes.count else { return nil }
            let length = bytes[position]
            switch length & 0xC0 {
            case 0x00:
                if length == 0 {
                    offset = resumeAt ?? position + 1
                    return DNSName(uncheckedLabels: labels)
                }
                let start = position + 1
                let end = start + Int(length)
                guard end <= bytes.count else { return nil }
                wireLength += Int(length) + 1
                guard wireLength <= DNSName.maxWireLength else { return nil }
                labels.append(Array(bytes[start..<end]))
                position = end
            case 0xC0:
                guard position + 1 < bytes.count else { return nil }
                let target = Int(length & 0x3F) << 8 | Int(bytes[position + 1])
                hops += 1
                guard target < limit, hops <= DNSMessageParser.maxPointerHops else { return nil }
                if resumeAt == nil { resumeAt = position + 2 }
                limit = target
                position = target
            default:
                // 0x40 and 0x80: extended and reserved label types (RFC 6891 §5) are not supported.
                return nil
            }
        }
    }
}
