import Foundation
import Kernel
import PluginABI
import Testing

#if canImport(Glibc)
import Glibc
#endif

/// DNS over TCP (RFC 1035 §4.2.2, RFC 7766): the same answers as over UDP on the same address,
/// several queries per connection, the full answer where UDP was truncated, and a server that
/// survives any bytes a client sends.
@Suite("cluster-dns over TCP")
struct DNSTCPTests {
    /// The default cluster plus a headless service with 60 ready endpoints: too many for 512 bytes.
    static func clusterWithManyEndpoints() -> DNSTestCluster {
        let cluster = DNSPluginTests.cluster()
        cluster.put(.services, DNSFixtures.headless("many"))
        cluster.put(.endpointSlices, DNSFixtures.endpoints("many", ready: (1...60).map { (ip: "127.244.7.\($0)", hostname: String?.none) }))
        return cluster
    }

    /// The TCP listener's port from `start`'s info.
    static func tcpPort(_ info: JSONValue) throws -> UInt16 {
        let tcp = try #require(info["listen"]?.arrayValue?.first { $0["protocol"] == "tcp" })
        let address = try #require(tcp["address"]?.stringValue)
        return try #require(UInt16(address.split(separator: ":").last ?? ""))
    }

    @Test func startListsATCPListenerOnTheUDPAddress() async throws {
        let running = try await DNSPluginTests.start()
        defer { running.instance.destroy() }
        let listeners = try #require(running.info["listen"]?.arrayValue)
        #expect(listeners.compactMap { $0["protocol"]?.stringValue }.sorted() == ["tcp", "udp"])
        #expect(try Self.tcpPort(running.info) == running.port)
    }

    @Test func tcpAnswersLikeUDP() async throws {
        let running = try await DNSPluginTests.start()
        defer { running.instance.destroy() }
        let connection = try DNSTestTCPConnection(port: running.port)
        let web = try await connection.ask("web.default.svc.cluster.local", DNSTestWire.a, id: 0xABCD)
        #expect(web.id == 0xABCD && web.isResponse && web.authoritative && web.rcode == 0)
        #expect(web.answers == [DNSTestWire.Record(name: "web.default.svc.cluster.local.", type: DNSTestWire.a, ttl: 7, data: "127.96.0.10")])
        let srv = try await connection.ask("_pg._tcp.db.default.svc.cluster.local", DNSTestWire.srv)
        let udpSRV = try await running.socket.ask("_pg._tcp.db.default.svc.cluster.local", DNSTestWire.srv)
        #expect(srv.short == udpSRV.short && srv.additional.map(\.data).sorted() == udpSRV.additional.map(\.data).sorted())
        #expect(try await connection.ask("nope.default.svc.cluster.local", DNSTestWire.a).rcode == 3)
        #expect(try await connection.ask("example.org", DNSTestWire.a).rcode == 5, "no upstream configured: REFUSED")
    }

    @Test func severalQueriesOnOneConnectionAreAnsweredInOrder() async throws {
        let running = try await DNSPluginTests.start()
        defer { running.instance.destroy() }
        let connection = try DNSTestTCPConnection(port: running.port)
        // Pipelined: three framed queries in one write.
        var burst: [UInt8] = []
        for (id, name) in [(UInt16(1), "web"), (2, "db"), (3, "alias")] {
            let query = DNSTestWire.query("\(name).default.svc.cluster.local", type: DNSTestWire.a, id: id)
            burst += [UInt8(query.count >> 8), UInt8(query.count & 0xFF)] + query
        }
        try connection.write(burst)
        var answers: [UInt16: DNSTestWire.Response] = [:]
        for _ in 0..<3 {
            let response = try DNSTestWire.parse(try #require(await connection.receive()))
            answers[response.id] = response
        }
        #expect(answers[1]?.short == ["127.96.0.10"])
        #expect(answers[2]?.short == ["127.244.1.5", "127.244.2.6"])
        #expect(answers[3]?.answers.first?.type == DNSTestWire.cname)
        // And the connection stays usable afterwards.
        #expect(try await connection.ask("web.default.svc.cluster.local", DNSTestWire.a, id: 4).id == 4)
    }

    @Test func truncatedUDPAnswersAreCompleteOverTCP() async throws {
        let running = try await DNSPluginTests.start(Self.clusterWithManyEndpoints())
        defer { running.instance.destroy() }
        let name = "many.default.svc.cluster.local"
        #expect(try await DNSPluginTests.eventually { try await running.socket.ask(name, DNSTestWire.a, ednsSize: 4096).answers.count == 60 })
        let udp = try await running.socket.ask(name, DNSTestWire.a)
        #expect(udp.truncated && udp.answers.isEmpty)
        let connection = try DNSTestTCPConnection(port: running.port)
        let tcp = try await connection.ask(name, DNSTestWire.a)
        #expect(!tcp.truncated && tcp.rcode == 0 && tcp.authoritative)
        #expect(tcp.short == (1...60).map { "127.244.7.\($0)" }.sorted())
        // An EDNS client over TCP gets the whole answer too, with an OPT record.
        let edns = try await connection.ask(name, DNSTestWire.a, ednsSize: 512)
        #expect(!edns.truncated && edns.answers.count == 60 && edns.ednsSize != nil)
    }

    @Test func malformedFramesNeverBreakTheServer() async throws {
        let running = try await DNSPluginTests.start()
        defer { running.instance.destroy() }
        var random = DNSSeededGenerator(seed: 0x7C9)
        let valid = DNSTestWire.query("web.default.svc.cluster.local", type: DNSTestWire.a)
        for round in 0..<120 {
            let connection = try DNSTestTCPConnection(port: running.port)
            var frame: [UInt8]
            switch round % 4 {
            case 0:  // random bytes of random length, framed
                frame = (0..<Int.random(in: 0...300, using: &random)).map { _ in UInt8.random(in: 0...255, using: &random) }
                frame = [UInt8(frame.count >> 8), UInt8(frame.count & 0xFF)] + frame
            case 1:  // a valid query with random bytes flipped
                var query = valid
                for _ in 0..<3 { query[Int.random(in: 0..<query.count, using: &random)] = UInt8.random(in: 0...255, using: &random) }
                frame = [UInt8(query.count >> 8), UInt8(query.count & 0xFF)] + query
            case 2:  // a length prefix promising more than is sent
                frame = [0xFF, 0xFF] + valid
            default:  // unframed garbage
                frame = (0..<Int.random(in: 1...64, using: &random)).map { _ in UInt8.random(in: 0...255, using: &random) }
            }
            try? connection.write(frame)
            if round % 4 == 1, let reply = await connection.receive(timeout: 1) {
                // Whatever it answers is a well-formed response.
                _ = try DNSTestWire.parse(reply)
            }
        }
        // Both transports still answer.
        #expect(try await running.socket.ask("web.default.svc.cluster.local", DNSTestWire.a).short == ["127.96.0.10"])
        #expect(try await DNSTestTCPConnection(port: running.port).ask("web.default.svc.cluster.local", DNSTestWire.a).short == ["127.96.0.10"])
    }

    @Test func aRuntOrAResponseOverTCPClosesTheConnection() async throws {
        let running = try await DNSPluginTests.start()
        defer { running.instance.destroy() }
        let runt = try DNSTestTCPConnection(port: running.port)
        try runt.send([0x12, 0x34, 0x01])
        #expect(await runt.isClosedByServer())
        let formErr = try DNSTestTCPConnection(port: running.port)
        // QDCOUNT 2: FORMERR, and the connection stays open for the next query.
        var twoQuestions = DNSTestWire.query("web.default.svc.cluster.local", type: DNSTestWire.a, id: 9)
        twoQuestions[5] = 2
        try formErr.send(twoQuestions)
        let reply = try DNSTestWire.parse(try #require(await formErr.receive()))
        #expect(reply.id == 9 && reply.rcode == 1)
        #expect(try await formErr.ask("web.default.svc.cluster.local", DNSTestWire.a).rcode == 0)
    }

    @Test func stopClosesTheTCPListener() async throws {
        let running = try await DNSPluginTests.start()
        defer { running.instance.destroy() }
        let open = try DNSTestTCPConnection(port: running.port)
        #expect(try await open.ask("web.default.svc.cluster.local", DNSTestWire.a).rcode == 0)
        try await running.dns.stop()
        #expect(await open.isClosedByServer(), "open connections are closed on stop")
        #expect(throws: DNSTestWire.Malformed.self) { try DNSTestTCPConnection(port: running.port) }
    }

    @Test(.enabled(if: DNSDig.available, "needs dig (dnsutils)"))
    func digGetsTheFullAnswerOverTCP() async throws {
        let running = try await DNSPluginTests.start(Self.clusterWithManyEndpoints())
        defer { running.instance.destroy() }
        let name = "many.default.svc.cluster.local"
        #expect(try await DNSPluginTests.eventually { try await running.socket.ask(name, DNSTestWire.a, ednsSize: 4096).answers.count == 60 })
        func dig(_ arguments: [String]) async throws -> String { try await DNSDig(port: running.port).run(arguments).output }
        let expected = (1...60).map { "127.244.7.\($0)" }.sorted()
        let overTCP = try await dig(["+tcp", "+short", name])
        #expect(overTCP.split(separator: "\n").map(String.init).sorted() == expected)
        // Over UDP at 512 bytes the answer is truncated (dig +ignore shows it as it came).
        let truncated = try await dig(["+ignore", "+noedns", "+bufsize=512", name])
        #expect(truncated.contains(" tc"), "TC set: \(truncated)")
        #expect(truncated.contains("ANSWER: 0"))
        // Without +ignore dig retries over TCP by itself and gets everything.
        let retried = try await dig(["+noedns", "+short", name])
        #expect(retried.split(separator: "\n").map(String.init).sorted() == expected)
        #expect(try await dig(["+tcp", "+short", "web.default.svc.cluster.local"]) == "127.96.0.10\n")
    }
}
