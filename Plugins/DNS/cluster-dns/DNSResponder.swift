/// Turns one query packet into its response packet: parsing, the checks of RFC 1035 and
/// RFC 6891, the lookup in the cluster's records, and the encoding. It never throws and never
/// traps on any input; a packet that deserves no answer gives nil.
struct DNSResponder: Sendable {
    /// The records answered from.
    let records: ClusterRecords
    /// The largest UDP response sent to an EDNS client, whatever size it offers
    /// (the 1232 bytes of DNS Flag Day 2020 avoid IP fragmentation).
    static let maxUDPPayload: UInt16 = 1232

    /// The response to `packet` received over UDP, or nil to stay silent (runts and responses).
    func respond(to packet: [UInt8]) -> [UInt8]? {
        let query: DNSQuery
        do {
            query = try DNSMessageParser.parseQuery(packet)
        } catch {
            switch error {
            case .drop:
                return nil
            case .formatError(let header):
                return DNSMessageEncoder.write(bare(header, rcode: RCode.formatError))
            case .notImplemented(let header):
                return DNSMessageEncoder.write(bare(header, rcode: RCode.notImplemented))
            }
        }
        let response = answer(query)
        let limit = query.edns.map { Int(min(max($0.udpPayloadSize, 512), Self.maxUDPPayload)) }
            ?? DNSMessageEncoder.classicUDPSize
        return DNSMessageEncoder.encode(response, maxSize: limit)
    }

    /// The response to a well-formed query, before size limits.
    func answer(_ query: DNSQuery) -> DNSResponse {
        var header = DNSHeader()
        header.id = query.header.id
        header.isResponse = true
        header.opcode = query.header.opcode
        header.recursionDesired = query.header.recursionDesired
        header.checkingDisabled = query.header.checkingDisabled
        var response = DNSResponse(header: header, question: query.question)
        if let edns = query.edns {
            response.edns = EDNSInfo(udpPayloadSize: Self.maxUDPPayload, version: 0, dnssecOK: edns.dnssecOK)
            // Only EDNS version 0 exists; anything newer gets BADVERS (RFC 6891 §6.1.3).
            if edns.version > 0 {
                response.setRCode(RCode.badVersion)
                return response
            }
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
            // Forwarding names outside the cluster to an upstream comes later; until then they are
            // not ours to answer.
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
