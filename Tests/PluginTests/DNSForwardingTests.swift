import Foundation
import Kernel
import PluginABI
import Testing

/// Forwarding names outside the cluster zone to the configured `upstream`: a stub resolver on
/// loopback (never the internet) answers them; its answer is relayed with the client's ID, over
/// TCP when the client asked over TCP; no answer in time gives SERVFAIL.
@Suite("cluster-dns forwarding")
struct DNSForwardingTests {
    /// Starts the add-on with `upstream` configured and a short upstream timeout.
    static func start(upstream port: UInt16, timeoutMillis: Int64 = 500) async throws -> DNSPluginTests.Running {
        try await DNSPluginTests.start(config: [
            "listen": "127.0.0.1:0", "ttl": 7,
            "upstream": .string("127.0.0.1:\(port)"), "upstreamTimeoutMillis": .int(timeoutMillis),
        ])
    }

    @Test func outOfZoneNamesAreAnsweredByTheUpstreamOverUDP() async throws {
        let upstream = try DNSTestUpstream()
        defer { upstream.stop() }
        let running = try await Self.start(upstream: upstream.port)
        defer { running.instance.destroy() }
        let response = try await running.socket.ask("www.Example.org", DNSTestWire.a, id: 0x5A5A)
        #expect(response.id == 0x5A5A, "the client's ID comes back")
        #expect(response.isResponse && response.rcode == 0 && !response.authoritative)
        #expect(response.questionName == "www.Example.org.")
        #expect(response.answers == [DNSTestWire.Record(name: "www.Example.org.", type: DNSTestWire.a, ttl: 30, data: "127.0.0.99")])
        #expect(upstream.received.udp == 1 && upstream.received.tcp == 0)
    }

    @Test func namesInTheZoneAreNeverForwarded() async throws {
        let upstream = try DNSTestUpstream()
        defer { upstream.stop() }
        let running = try await Self.start(upstream: upstream.port)
        defer { running.instance.destroy() }
        #expect(try await running.socket.ask("web.default.svc.cluster.local", DNSTestWire.a).short == ["127.96.0.10"])
        #expect(try await running.socket.ask("nope.default.svc.cluster.local", DNSTestWire.a).rcode == 3)
        #expect(try await running.socket.ask("10.0.96.127.in-addr.arpa", DNSTestWire.ptr).short == ["web.default.svc.cluster.local."])
        #expect(try await running.socket.ask("alias.default.svc.cluster.local", DNSTestWire.a).rcode == 0)
        #expect(upstream.received.udp == 0 && upstream.received.tcp == 0)
    }

    @Test func queriesOverTCPAreForwardedOverTCP() async throws {
        let upstream = try DNSTestUpstream(address: [127, 0, 0, 77])
        defer { upstream.stop() }
        let running = try await Self.start(upstream: upstream.port)
        defer { running.instance.destroy() }
        let connection = try DNSTestTCPConnection(port: running.port)
        let first = try await connection.ask("one.example.org", DNSTestWire.a, id: 11)
        let second = try await connection.ask("two.example.org", DNSTestWire.a, id: 12)
        #expect(first.id == 11 && first.short == ["127.0.0.77"])
        #expect(second.id == 12 && second.answers.first?.name == "two.example.org.")
        #expect(upstream.received.tcp == 2 && upstream.received.udp == 0)
    }

    @Test func anUpstreamThatDoesNotAnswerGivesSERVFAIL() async throws {
        let silent = try DNSTestUpstream(silent: true)
        defer { silent.stop() }
        let running = try await Self.start(upstream: silent.port, timeoutMillis: 200)
        defer { running.instance.destroy() }
        let query = DNSTestWire.query("slow.example.org", type: DNSTestWire.a, id: 0x0102)
        let reply = try #require(try await running.socket.exchange(query, timeout: 5))
        let response = try DNSTestWire.parse(reply)
        #expect(response.id == 0x0102 && response.rcode == 2 && response.answers.isEmpty)
        #expect(response.questionName == "slow.example.org.")
        #expect(silent.received.udp == 1)
        let overTCP = try await DNSTestTCPConnection(port: running.port).ask("slow.example.org", DNSTestWire.a)
        #expect(overTCP.rcode == 2)
        // The cluster's own names are still served.
        #expect(try await running.socket.ask("web.default.svc.cluster.local", DNSTestWire.a).short == ["127.96.0.10"])
    }

    @Test func aSlowUpstreamDoesNotHoldUpClusterNames() async throws {
        let silent = try DNSTestUpstream(silent: true)
        defer { silent.stop() }
        let running = try await Self.start(upstream: silent.port, timeoutMillis: 3000)
        defer { running.instance.destroy() }
        // The forwarded query waits for the upstream; the next one is answered meanwhile.
        try running.socket.send(DNSTestWire.query("waiting.example.org", type: DNSTestWire.a, id: 1))
        let cluster = try DNSTestWire.parse(try #require(try await running.socket.exchange(DNSTestWire.query("web.default.svc.cluster.local", type: DNSTestWire.a, id: 2))))
        #expect(cluster.id == 2 && cluster.short == ["127.96.0.10"])
        let failed = try DNSTestWire.parse(try #require(await running.socket.receive(timeout: 10)))
        #expect(failed.id == 1 && failed.rcode == 2)
    }

    @Test func anUpstreamThatIsNotThereGivesSERVFAIL() async throws {
        // Take a free port, then let it go: nobody listens there.
        let gone = try DNSTestUpstream()
        let port = gone.port
        gone.stop()
        let running = try await Self.start(upstream: port)
        defer { running.instance.destroy() }
        #expect(try await running.socket.ask("example.org", DNSTestWire.a).rcode == 2)
        #expect(try await DNSTestTCPConnection(port: running.port).ask("example.org", DNSTestWire.a).rcode == 2)
    }

    @Test(arguments: [
        ["upstream": "8.8.8.8:53"] as JSONValue,
        ["upstream": "127.0.0.1"],
        ["upstream": "127.0.0.1:0"],
        ["upstreamTimeoutMillis": 0],
        ["upstreamTimeoutMillis": 60001],
    ])
    func badUpstreamConfigsAreRefusedAtCreate(config: JSONValue) async throws {
        try await DNSPluginTests.expectRefused(config)
    }

    @Test(.enabled(if: DNSDig.available, "needs dig (dnsutils)"))
    func digResolvesAnOutsideNameThroughTheUpstream() async throws {
        let upstream = try DNSTestUpstream()
        defer { upstream.stop() }
        let running = try await Self.start(upstream: upstream.port)
        defer { running.instance.destroy() }
        for transport in ["+notcp", "+tcp"] {
            #expect(try await DNSDig(port: running.port).short([transport, "outside.example.org"]) == ["127.0.0.99"], "dig \(transport)")
        }
        #expect(upstream.received.udp >= 1 && upstream.received.tcp >= 1)
    }
}
