/// The pieces of a DNS message (RFC 1035 §4) that the add-on reads and writes.

/// Resource record types (RFC 1035 §3.2.2 and later RFCs) the add-on knows by name.
enum RRType {
    static let a: UInt16 = 1
    static let ns: UInt16 = 2
    static let cname: UInt16 = 5
    static let soa: UInt16 = 6
    static let ptr: UInt16 = 12
    static let txt: UInt16 = 16
    static let aaaa: UInt16 = 28
    static let srv: UInt16 = 33
    static let opt: UInt16 = 41
    static let ixfr: UInt16 = 251
    static let axfr: UInt16 = 252
    static let mailb: UInt16 = 253
    static let maila: UInt16 = 254
    static let any: UInt16 = 255
}

/// Record classes.
enum RRClass {
    static let internet: UInt16 = 1
    static let any: UInt16 = 255
}

/// Response codes (RFC 1035 §4.1.1; BADVERS from RFC 6891 needs the OPT record's upper bits).
enum RCode {
    static let noError: UInt16 = 0
    static let formatError: UInt16 = 1
    static let serverFailure: UInt16 = 2
    static let nameError: UInt16 = 3
    static let notImplemented: UInt16 = 4
    static let refused: UInt16 = 5
    static let badVersion: UInt16 = 16
}

/// Operation codes.
enum OpCode {
    static let query: UInt8 = 0
}

/// The fixed 12-byte header's fields other than the section counts.
struct DNSHeader: Sendable, Equatable {
    var id: UInt16 = 0
    var isResponse = false
    var opcode: UInt8 = 0
    var authoritative = false
    var truncated = false
    var recursionDesired = false
    var recursionAvailable = false
    var authenticData = false
    var checkingDisabled = false
    /// The low four bits of the response code (the rest travel in the OPT record).
    var rcode: UInt8 = 0

    /// The 16-bit flags word.
    var flags: UInt16 {
        var value = UInt16(opcode & 0x0F) << 11 | UInt16(rcode & 0x0F)
        if isResponse { value |= 0x8000 }
        if authoritative { value |= 0x0400 }
        if truncated { value |= 0x0200 }
        if recursionDesired { value |= 0x0100 }
        if recursionAvailable { value |= 0x0080 }
        if authenticData { value |= 0x0020 }
        if checkingDisabled { value |= 0x0010 }
        return value
    }

    init() {}

    /// Splits an ID and a flags word read from the wire.
    init(id: UInt16, flags: UInt16) {
        self.id = id
        isResponse = flags & 0x8000 != 0
        opcode = UInt8((flags >> 11) & 0x0F)
        authoritative = flags & 0x0400 != 0
        truncated = flags & 0x0200 != 0
        recursionDesired = flags & 0x0100 != 0
        recursionAvailable = flags & 0x0080 != 0
        authenticData = flags & 0x0020 != 0
        checkingDisabled = flags & 0x0010 != 0
        rcode = UInt8(flags & 0x000F)
    }
}

/// One entry of the question section.
struct DNSQuestion: Sendable, Equatable {
    var name: DNSName
    var type: UInt16
    var qclass: UInt16
}

/// Record data of the types the add-on serves.
enum RData: Sendable, Hashable {
    /// IPv4 address, 4 bytes.
    case a([UInt8])
    /// IPv6 address, 16 bytes.
    case aaaa([UInt8])
    case ns(DNSName)
    case cname(DNSName)
    case ptr(DNSName)
    /// Character strings, each at most 255 bytes.
    case txt([[UInt8]])
    case srv(priority: UInt16, weight: UInt16, port: UInt16, target: DNSName)
    case soa(mname: DNSName, rname: DNSName, serial: UInt32, refresh: UInt32, retry: UInt32, expire: UInt32, minimum: UInt32)

    /// The record type this data belongs to.
    var type: UInt16 {
        switch self {
        case .a: RRType.a
        case .aaaa: RRType.aaaa
        case .ns: RRType.ns
        case .cname: RRType.cname
        case .ptr: RRType.ptr
        case .txt: RRType.txt
        case .srv: RRType.srv
        case .soa: RRType.soa
        }
    }
}

/// A resource record of class IN.
struct ResourceRecord: Sendable, Hashable {
    var name: DNSName
    var ttl: UInt32
    var data: RData

    /// The record's type, from its data.
    var type: UInt16 { data.type }
}

/// What an OPT pseudo-record (EDNS0, RFC 6891) says.
struct EDNSInfo: Sendable, Equatable {
    /// The largest UDP payload the sender can take.
    var udpPayloadSize: UInt16
    /// The EDNS version (0 is the only one defined).
    var version: UInt8
    /// The DNSSEC OK bit.
    var dnssecOK: Bool
    /// The upper eight bits of a 12-bit response code (responses only).
    var extendedRCode: UInt8 = 0
}

/// A query as the server understood it.
struct DNSQuery: Sendable, Equatable {
    var header: DNSHeader
    var question: DNSQuestion
    /// The query's OPT record, nil without EDNS.
    var edns: EDNSInfo?
}

/// A response to encode.
struct DNSResponse: Sendable {
    var header: DNSHeader
    /// Echoed question, nil when it could not be read (FORMERR).
    var question: DNSQuestion?
    var answers: [ResourceRecord] = []
    var authority: [ResourceRecord] = []
    var additional: [ResourceRecord] = []
    /// The OPT record to send back, nil when the query had none.
    var edns: EDNSInfo?

    /// Sets the full response code, splitting values over 15 into the OPT record.
    mutating func setRCode(_ code: UInt16) {
        header.rcode = UInt8(code & 0x0F)
        if edns != nil { edns?.extendedRCode = UInt8((code >> 4) & 0xFF) }
    }
}
