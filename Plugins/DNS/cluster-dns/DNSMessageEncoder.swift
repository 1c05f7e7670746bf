/// Writes DNS responses (RFC 1035 §4) with name compression (§4.1.4), fitting them into the
/// client's size limit by truncation (RFC 2181 §9).
enum DNSMessageEncoder {
    /// The size every client takes over UDP without EDNS (RFC 1035 §4.2.1).
    static let classicUDPSize = 512
    /// The smallest record on the wire: a compression pointer, type, class, TTL, RDLENGTH.
    static let minimumRecordSize = 11

    /// Encodes `response` in at most `maxSize` bytes. When the whole message does not fit, the
    /// additional section is left out; when it still does not fit, the answer and authority
    /// sections are too and TC is set, so the client retries over TCP.
    static func encode(_ response: DNSResponse, maxSize: Int) -> [UInt8] {
        var trimmed = response
        // Every record takes at least 11 bytes: far too many cannot fit, so skip writing them.
        let required = response.answers.count + response.authority.count
        if required * minimumRecordSize <= maxSize {
            if response.additional.count * minimumRecordSize <= maxSize {
                let full = write(response)
                if full.count <= maxSize { return full }
            }
            trimmed.additional = []
            let withoutAdditional = write(trimmed)
            if withoutAdditional.count <= maxSize { return withoutAdditional }
        }
        trimmed.additional = []
        trimmed.answers = []
        trimmed.authority = []
        trimmed.header.truncated = true
        return write(trimmed)
    }

    /// Encodes a whole message with no size limit (sections beyond 65535 records are cut there).
    static func write(_ response: DNSResponse) -> [UInt8] {
        var response = response
        let limit = Int(UInt16.max) - 1
        // Cut only when needed: copying the sections on every answer costs allocations.
        if response.answers.count > limit { response.answers = Array(response.answers.prefix(limit)) }
        if response.authority.count > limit { response.authority = Array(response.authority.prefix(limit)) }
        if response.additional.count > limit { response.additional = Array(response.additional.prefix(limit)) }
        var writer = WireWriter()
        writer.u16(response.header.id)
        writer.u16(response.header.flags)
        writer.u16(response.question == nil ? 0 : 1)
        writer.u16(UInt16(response.answers.count))
        writer.u16(UInt16(response.authority.count))
        writer.u16(UInt16(response.additional.count + (response.edns == nil ? 0 : 1)))
        if let question = response.question {
            writer.name(question.name, compress: true)
            writer.u16(question.type)
            writer.u16(question.qclass)
        }
        for record in response.answers { writer.record(record) }
        for record in response.authority { writer.record(record) }
        for record in response.additional { writer.record(record) }
        if let edns = response.edns {
            writer.opt(edns)
        }
        return writer.bytes
    }
}

/// An append-only packet buffer that remembers where each name suffix was written, so later
/// names can point at it.
struct WireWriter {
    private(set) var bytes: [UInt8] = []
    /// Offsets of names already written; only offsets a 14-bit pointer can reach.
    private var suffixes: [DNSName: Int] = [:]

    init() {
        bytes.reserveCapacity(512)
    }

    mutating func u8(_ value: UInt8) {
        bytes.append(value)
    }

    mutating func u16(_ value: UInt16) {
        bytes.append(UInt8(value >> 8))
        bytes.append(UInt8(value & 0xFF))
    }

    mutating func u32(_ value: UInt32) {
        u16(UInt16(value >> 16))
        u16(UInt16(value & 0xFFFF))
    }

    /// Writes a name, pointing at an earlier copy of its longest known suffix when `compress`
    /// is true. Either way, the suffixes written here become targets for later names.
    mutating func name(_ name: DNSName, compress: Bool) {
        for index in name.labels.indices {
            let suffix = name.dropping(index)
            if compress, let target = suffixes[suffix] {
                u16(0xC000 | UInt16(target))
                return
            }
            if bytes.count < 0x4000, suffixes[suffix] == nil {
                suffixes[suffix] = bytes.count
            }
            let label = name.labels[index]
            u8(UInt8(label.count))
            bytes.append(contentsOf: label)
        }
        u8(0)
    }

    /// Writes one IN record. Names inside RDATA are compressed only for the types of RFC 1035
    /// (NS, CNAME, PTR, SOA); SRV targets are written in full (RFC 2782, RFC 3597 §4).
    mutating func record(_ record: ResourceRecord) {
        name(record.name, compress: true)
        u16(record.type)
        u16(RRClass.internet)
        u32(record.ttl)
        let lengthAt = bytes.count
        u16(0)
        switch record.data {
        case .a(let address), .aaaa(let address):
            bytes.append(contentsOf: address)
        case .ns(let target), .cname(let target), .ptr(let target):
            name(target, compress: true)
        case .txt(let strings):
            for string in strings {
                let text = string.prefix(255)
                u8(UInt8(text.count))
                bytes.append(contentsOf: text)
            }
        case .srv(let priority, let weight, let port, let target):
            u16(priority)
            u16(weight)
            u16(port)
            name(target, compress: false)
        case .soa(let mname, let rname, let serial, let refresh, let retry, let expire, let minimum):
            name(mname, compress: true)
            name(rname, compress: true)
            u32(serial)
            u32(refresh)
            u32(retry)
            u32(expire)
            u32(minimum)
        }
        let length = bytes.count - lengthAt - 2
        bytes[lengthAt] = UInt8(length >> 8)
        bytes[lengthAt + 1] = UInt8(length & 0xFF)
    }

    /// Writes the OPT pseudo-record (RFC 6891 §6.1.2): root owner, payload size in the class,
    /// extended RCODE, version and DO bit in the TTL, no options.
    mutating func opt(_ edns: EDNSInfo) {
        u8(0)
        u16(RRType.opt)
        u16(edns.udpPayloadSize)
        u8(edns.extendedRCode)
        u8(edns.version)
        u16(edns.dnssecOK ? 0x8000 : 0)
        u16(0)
    }
}
