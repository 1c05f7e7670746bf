/// Turns one query packet into its response packet: parsing, the checks of RFC 1035 and
/// RFC 6891, the lookup in the cluster's records, and the encoding. It never throws and never
/// traps on any input; a packet that deserves no answer gives nil.
struct DNSResponder: Sendable {
    /// The records answered from.
    let records: ClusterRecords
    /// Where names outside the zone go; nil answers them REFUSED.
    var forwarder: DNSForwarder? = nil
    /// The largest UDP response sent to an EDNS client, whatever size it offers
    /// (the 1232 bytes of DNS Flag Day 2020 avoid IP fragmentation).
    static let maxUDPPayload: UInt16 = 1232

    /// How a query arrived, which bounds the size of its answer.
    enum Transport: Sendable {
        /// A datagram: 512 bytes, or the client's EDNS size up to `maxUDPPayload`; TC beyond.
        case udp
        /// A TCP stream: up to 65535 bytes.
        case tcp
    }

    /// What to do with one packet: answer at once, or run a forwarding exchange that may take up
    /// to the upstream timeout (the UDP server runs it off its serving thread).
    enum Reply: Sendable {
        /// The response, or nil to stay silent.
        case now([UInt8]?)
        /// Work that produces the response (never nil: SERVFAIL when the upstream fails).
        case later(@Sendable () -> [UInt8])
    }

    /// The response to `packet` received over `transport`, or nil to stay silent (runts and
    /// responses); blocks while a query is forwarded.
    func respond(to packet: [UInt8], over transport: Transport = .udp) -> [UInt8]? {
        switch reply(to: packet, over: transport) {
        case .now(let response): return response
        case .later(let work): return work()
        }
    }

    /// How to answer `packet` received over `transport`.
    func reply(to packet: [UInt8], over transport: Transport) -> Reply {
        let query: DNSQuery
        do {
            query = try DNSMessageParser.parseQuery(packet)
        } catch {
            switch error {
            case .drop:
                return .now(nil)
            case .formatError(let header):
                return .now(DNSMessageEncoder.write(bare(header, rcode: RCode.formatError)))
            case .notImplemented(let header):
                return .now(DNSMessageEncoder.write(bare(header, rcode: RCode.notImplemented)))
            }
        }
        let limit: Int
        switch transport {
        case .tcp:
            limit = Int(UInt16.max)
        case .udp:
            limit = query.edns.map { Int(min(max($0.udpPayloadSize, 512), Self.maxUDPPayload)) }
                ?? DNSMessageEncoder.classicUDPSize
        }
        if let forwarder, isForwarded(query) {
            let failure = serverFailure(query)
            return .later {
                forwarder.forward(packet, overTCP: transport == .tcp) ?? DNSMessageEncoder.encode(failure, maxSize: limit)
            }
        }
        return .now(DNSMessageEncoder.encode(answer(query), maxSize: limit))
    }

    /// An empty response to `query`: its ID, opcode, RD, CD and question echoed, and an OPT
    /// record (version 0, our payload size, its DO bit) when it had one.
    private func echo(_ query: DNSQuery) -> DNSResponse {
        var header = DNSHeader()
        header.id = query.header.id
        header.isResponse = true
        header.opcode = query.header.opcode
        header.recursionDesired = query.header.recursionDesired
        header.checkingDisabled = query.header.checkingDisabled
        var response = DNSResponse(header: header, question: query.question)
        if let edns = query.edns {
            response.edns = EDNSInfo(udpPayloadSize: Self.maxUDPPayload, version: 0, dnssecOK: edns.dnssecOK)
        }
        return response
    }

    /// SERVFAIL for `query`: its ID, question, RD and EDNS echoed, no records, not authoritative.
    private func serverFailure(_ query: DNSQuery) -> DNSResponse {
        var response = echo(query)
        response.setRCode(RCode.serverFailure)
        return response
    }

    /// Whether `query` asks about a name outside the zone (and outside the reverse records the
    /// zone serves), so that it goes to the upstream.
    private func isForwarded(_ query: DNSQuery) -> Bool {
        guard query.header.opcode == OpCode.query, query.edns.map({ $0.version == 0 }) ?? true,
              query.question.qclass == RRClass.internet || query.question.qclass == RRClass.any
        else { return false }
        return records.lookup(query.question.name, type: query.question.type).outcome == .notInZone
    }

    /// The response to a well-formed query, before size limits.
    func answer(_ query: DNSQuery) -> DNSResponse {
        var response = echo(query)
        // Only EDNS version 0 exists; anything newer gets BADVERS (RFC 6891 §6.1.3).
        if let edns = query.edns, edns.version > 0 {
            response.setRCode(RCode.badVersion)
            return response
        }
        let question = query.question
        switch question.type {
        case RRType.opt:
            // OPT is a pseudo-type, never asked about.
            response.setRCode(RCode.formatError)
            return response
        case RRType.axfr, RRType.ixfr, RRType.mailb, RRType.maila:
            // Zone transfers are not offered (and never over UDP); the obsolete mail types neither.
            response.setRCode(RCode.notImplemented)
            return response
        default:
            break
        }
        guard question.qclass == RRClass.internet || question.qclass == RRClass.any else {
            response.setRCode(RCode.refused)
            return response
        }
        let found = records.lookup(question.name, type: question.type)
        switch found.outcome {
        case .notInZone:
            // Without an upstream, names outside the cluster are not ours to answer.
            response.setRCode(RCode.refused)
            return response
        case .found, .noData:
            response.setRCode(RCode.noError)
        case .nameError:
            response.setRCode(RCode.nameError)
        }
        response.header.authoritative = true
        response.answers = found.answers
        response.authority = found.authority
        response.additional = found.additional
        return response
    }

    /// A response that echoes the header's ID, opcode and RD with no sections (FORMERR, NOTIMP).
    private func bare(_ query: DNSHeader, rcode: UInt16) -> DNSResponse {
        var header = DNSHeader()
        header.id = query.id
        header.isResponse = true
        header.opcode = query.opcode
        header.recursionDesired = query.recursionDesired
        header.rcode = UInt8(rcode)
        return DNSResponse(header: header, question: nil)
    }
}
