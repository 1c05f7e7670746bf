import Foundation
import Kernel
import PluginABI
import Testing

/// The cluster-dns add-on as the kernel runs it: the real libcluster-dns.so through the
/// kernel's loader, an instance whose host table is backed by a fake API serving Services and
/// EndpointSlices watches, and real UDP queries on loopback.
@Suite("cluster-dns add-on")
struct DNSPluginTests {
    /// The real libcluster-dns.so, through the kernel's loader.
    static func load() throws -> LoadedPlugin {
        try PluginLibraries.load("cluster-dns")
    }

    /// The cluster every test starts from: a ClusterIP service with two named ports, a headless
    /// service with two ready endpoints and one not ready, an ExternalName alias to it.
    static func cluster() -> DNSTestCluster {
        DNSTestCluster([
            (.services, DNSFixtures.service("web", clusterIP: "127.96.0.10", ports: [("http", 80, "TCP"), ("dns", 53, "UDP"), (nil, 8080, "TCP")])),
            (.services, DNSFixtures.headless("db")),
            (.endpointSlices, DNSFixtures.endpoints("db", ready: [("127.244.1.5", "db-0"), ("127.244.2.6", nil)], notReady: ["127.244.3.7"])),
            (.services, DNSFixtures.externalName("alias", target: "db.default.svc.cluster.local")),
            (.endpointSlices, DNSFixtures.endpoints("web", ready: [("127.244.1.9", nil)], port: "http", number: 8080)),
        ])
    }

    /// A started add-on.
    struct Running {
        let instance: PluginInstance
        let dns: DNSPluginClient
        let cluster: DNSTestCluster
        let info: JSONValue
        let port: UInt16
        let socket: DNSTestSocket
    }

    /// Loads, creates and starts the add-on on port 0 (unless `config` says otherwise) and waits
    /// until it has taken in every object of `cluster`.
    static func start(_ cluster: DNSTestCluster = cluster(), config: JSONValue = ["listen": "127.0.0.1:0", "ttl": 7]) async throws -> Running {
        let instance = try await PluginInstance.create(plugin: try load(), config: config, label: "cluster-dns@test", client: cluster)
        let dns = DNSPluginClient(instance)
        let info = try await dns.start()
        let address = try #require(DNSPluginClient.udpAddress(in: info))
        let port = try #require(UInt16(address.split(separator: ":").last ?? ""))
        let socket = try DNSTestSocket(port: port)
        let running = Running(instance: instance, dns: dns, cluster: cluster, info: info, port: port, socket: socket)
        // Ready once every object the cluster held has been delivered (one call each) and served.
        let objects = cluster.objectCount
        let delivered = try await eventually { (instance.statistics.operations["on_watch_event"]?.calls ?? 0) >= objects }
        #expect(delivered, "the add-on did not receive the \(objects) objects of the cluster")
        #expect((instance.statistics.operations["on_watch_event"]?.failures ?? 0) == 0, "an event was refused")
        let name = "web.default.svc.\(info["zone"]?.stringValue ?? "cluster.local")"
        #expect(try await socket.ask(name, DNSTestWire.a).answers.count == 1)
        return running
    }

    /// Polls `check` every 20 ms until it holds or `seconds` pass.
    static func eventually(seconds: Double = 60, _ check: () async throws -> Bool) async throws -> Bool {
        let deadline = Date().addingTimeInterval(seconds)
        while Date() < deadline {
            if try await check() { return true }
            try await Task.sleep(for: .milliseconds(20))
        }
        return try await check()
    }

    @Test func theLoaderAcceptsTheLibraryAsADNSPlugin() throws {
        let plugin = try Self.load()
        #expect(plugin.info.name == "cluster-dns")
        #expect(plugin.info.kind == .dns)
        #expect(plugin.info.interfaceMajor == UInt16(KEELSON_DNS_INTERFACE_MAJOR))
        let schema = try JSONValue(parsing: try #require(plugin.info.configSchema))
        #expect(schema[path: "properties", "listen", "default"] == "127.0.0.1:10053")
        #expect(schema[path: "properties", "zone", "default"] == "cluster.local")
        #expect(schema[path: "properties", "ttl", "default"] == 5)
    }

    @Test func startReportsTheChosenPortAndZone() async throws {
        let running = try await Self.start()
        defer { running.instance.destroy() }
        #expect(running.port != 0)
        #expect(running.info == [
            "listen": [
                ["protocol": "udp", "address": .string("127.0.0.1:\(running.port)")],
                ["protocol": "tcp", "address": .string("127.0.0.1:\(running.port)")],
            ],
            "zone": "cluster.local",
        ])
        #expect(running.cluster.watchCount(.services) == 1)
        #expect(running.cluster.watchCount(.endpointSlices) == 1)
    }

    @Test func aClusterIPServiceAnswersItsAddressAuthoritatively() async throws {
        let running = try await Self.start()
        defer { running.instance.destroy() }
        let query = DNSTestWire.query("web.default.svc.cluster.local", type: DNSTestWire.a, id: 0xBEEF)
        let reply = try #require(try await running.socket.exchange(query))
        let response = try DNSTestWire.parse(reply)
        #expect(response.id == 0xBEEF)
        #expect(response.isResponse && response.authoritative && response.recursionDesired)
        #expect(response.rcode == 0)
        #expect(response.questionName == "web.default.svc.cluster.local.")
        #expect(response.questionType == DNSTestWire.a)
        #expect(response.answers == [DNSTestWire.Record(name: "web.default.svc.cluster.local.", type: DNSTestWire.a, ttl: 7, data: "127.96.0.10")])
        // Name compression: the answer's owner is a pointer to the question's name at offset 12.
        let answerStart = query.count
        #expect(Array(reply[answerStart..<(answerStart + 2)]) == [0xC0, 0x0C])

        let noRecursion = DNSTestWire.query("web.default.svc.cluster.local", type: DNSTestWire.a, recursionDesired: false)
        #expect(try DNSTestWire.parse(try #require(try await running.socket.exchange(noRecursion))).recursionDesired == false)
    }

    @Test func aHeadlessServiceAnswersItsReadyEndpoints() async throws {
        let running = try await Self.start()
        defer { running.instance.destroy() }
        let all = try await running.socket.ask("db.default.svc.cluster.local", DNSTestWire.a)
        #expect(all.rcode == 0 && all.authoritative)
        #expect(all.short == ["127.244.1.5", "127.244.2.6"])
        let named = try await running.socket.ask("db-0.db.default.svc.cluster.local", DNSTestWire.a)
        #expect(named.short == ["127.244.1.5"])
        let generated = try await running.socket.ask("127-244-2-6.db.default.svc.cluster.local", DNSTestWire.a)
        #expect(generated.short == ["127.244.2.6"])
        let notReady = try await running.socket.ask("127-244-3-7.db.default.svc.cluster.local", DNSTestWire.a)
        #expect(notReady.rcode == 3)

        let srv = try await running.socket.ask("_pg._tcp.db.default.svc.cluster.local", DNSTestWire.srv)
        #expect(srv.short == [
            "0 100 5432 127-244-2-6.db.default.svc.cluster.local.",
            "0 100 5432 db-0.db.default.svc.cluster.local.",
        ])
        #expect(srv.additional.map(\.data).sorted() == ["127.244.1.5", "127.244.2.6"])

        let reverse = try await running.socket.ask("5.1.244.127.in-addr.arpa", DNSTestWire.ptr)
        #expect(reverse.short == ["db-0.db.default.svc.cluster.local."])
    }

    @Test func aHeadlessServiceWithoutReadyEndpointsDoesNotExist() async throws {
        let cluster = Self.cluster()
        cluster.put(.services, DNSFixtures.headless("empty"))
        cluster.put(.endpointSlices, DNSFixtures.endpoints("empty", ready: [], notReady: ["127.244.9.9"]))
        let running = try await Self.start(cluster)
        defer { running.instance.destroy() }
        #expect(try await running.socket.ask("empty.default.svc.cluster.local", DNSTestWire.a).rcode == 3)
    }

    @Test func unknownNamesAreNXDOMAINAndKnownNamesWithoutTheTypeAreNODATA() async throws {
        let running = try await Self.start()
        defer { running.instance.destroy() }
        let missing = try await running.socket.ask("nope.default.svc.cluster.local", DNSTestWire.a)
        #expect(missing.rcode == 3 && missing.authoritative && missing.answers.isEmpty)
        #expect(missing.authority.map(\.type) == [DNSTestWire.soa])
        #expect(missing.authority.first?.name == "cluster.local.")
        #expect(missing.authority.first?.data.hasPrefix("ns.dns.cluster.local. hostmaster.cluster.local. ") == true)
        #expect(missing.authority.first?.data.hasSuffix(" 7") == true, "the SOA minimum is the TTL")

        let noData = try await running.socket.ask("web.default.svc.cluster.local", DNSTestWire.aaaa)
        #expect(noData.rcode == 0 && noData.authoritative && noData.answers.isEmpty)
        #expect(noData.authority.map(\.type) == [DNSTestWire.soa])

        // Names that only have names below them exist too.
        #expect(try await running.socket.ask("default.svc.cluster.local", DNSTestWire.a).rcode == 0)
        #expect(try await running.socket.ask("svc.cluster.local", DNSTestWire.a).rcode == 0)
        #expect(try await running.socket.ask("other.svc.cluster.local", DNSTestWire.a).rcode == 3)
    }

    @Test func namedPortsHaveSRVRecordsPointingAtTheService() async throws {
        let running = try await Self.start()
        defer { running.instance.destroy() }
        let http = try await running.socket.ask("_http._tcp.web.default.svc.cluster.local", DNSTestWire.srv)
        #expect(http.rcode == 0 && http.authoritative)
        #expect(http.short == ["0 100 80 web.default.svc.cluster.local."])
        #expect(http.additional == [DNSTestWire.Record(name: "web.default.svc.cluster.local.", type: DNSTestWire.a, ttl: 7, data: "127.96.0.10")])
        let dns = try await running.socket.ask("_dns._udp.web.default.svc.cluster.local", DNSTestWire.srv)
        #expect(dns.short == ["0 100 53 web.default.svc.cluster.local."])
        #expect(try await running.socket.ask("_dns._tcp.web.default.svc.cluster.local", DNSTestWire.srv).rcode == 3)
        // The ClusterIP service's SRV uses the service port, not the endpoints' target port.
        #expect(!http.short.contains { $0.contains("8080") })
    }

    @Test func dnsVersionIsServedAsTXT() async throws {
        let running = try await Self.start()
        defer { running.instance.destroy() }
        let version = try await running.socket.ask("dns-version.cluster.local", DNSTestWire.txt)
        #expect(version.rcode == 0 && version.authoritative)
        #expect(version.short == ["\"1.1.0\""])
    }

    @Test func namesMatchWhateverTheirCase() async throws {
        let running = try await Self.start()
        defer { running.instance.destroy() }
        let response = try await running.socket.ask("WeB.DeFauLT.SVC.Cluster.LOCAL", DNSTestWire.a)
        #expect(response.short == ["127.96.0.10"])
        #expect(response.questionName == "WeB.DeFauLT.SVC.Cluster.LOCAL.")
        #expect(response.answers.first?.name == "WeB.DeFauLT.SVC.Cluster.LOCAL.")
        #expect(try await running.socket.ask("DNS-VERSION.cluster.local", DNSTestWire.txt).short == ["\"1.1.0\""])
    }

    @Test func externalNameServicesAreCNAMEsFollowedInsideTheZone() async throws {
        let running = try await Self.start()
        defer { running.instance.destroy() }
        let response = try await running.socket.ask("alias.default.svc.cluster.local", DNSTestWire.a)
        #expect(response.rcode == 0)
        #expect(response.answers.first == DNSTestWire.Record(name: "alias.default.svc.cluster.local.", type: DNSTestWire.cname, ttl: 7, data: "db.default.svc.cluster.local."))
        #expect(response.answers.dropFirst().map(\.data).sorted() == ["127.244.1.5", "127.244.2.6"])
    }

    @Test func namesOutsideTheZoneAreRefused() async throws {
        let running = try await Self.start()
        defer { running.instance.destroy() }
        let response = try await running.socket.ask("example.com", DNSTestWire.a)
        #expect(response.rcode == 5)
        #expect(!response.authoritative)
        #expect(response.questionName == "example.com.")
        #expect(try await running.socket.ask("cluster.local.example.com", DNSTestWire.a).rcode == 5)
    }

    @Test func malformedQueriesGetFORMERRAndTheServerKeepsAnswering() async throws {
        let running = try await Self.start()
        defer { running.instance.destroy() }
        let socket = running.socket
        func formErr(_ packet: [UInt8]) async throws -> DNSTestWire.Response? {
            try await socket.exchange(packet, timeout: 0.5).map(DNSTestWire.parse)
        }
        // A header that announces a question it does not carry.
        let missingQuestion = try #require(try await formErr([0xAB, 0xCD, 0x01, 0x00, 0, 1, 0, 0, 0, 0, 0, 0]))
        #expect(missingQuestion.id == 0xABCD && missingQuestion.rcode == 1 && missingQuestion.isResponse)
        #expect(missingQuestion.recursionDesired)
        // A label longer than the packet.
        let overrun = try #require(try await formErr([0, 7, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 60, 0x61, 0x62]))
        #expect(overrun.id == 7 && overrun.rcode == 1)
        // A compression pointer pointing at itself.
        let loop = try #require(try await formErr([0, 8, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0xC0, 12, 0, 1, 0, 1]))
        #expect(loop.rcode == 1)
        // Two questions.
        var two = DNSTestWire.query("web.default.svc.cluster.local", type: DNSTestWire.a)
        two[5] = 2
        #expect(try await formErr(two)?.rcode == 1)
        // Another opcode (STATUS) is not implemented.
        var status = DNSTestWire.query("web.default.svc.cluster.local", type: DNSTestWire.a)
        status[2] = 2 << 3
        #expect(try await formErr(status)?.rcode == 4)
        // Runts and responses get no answer at all.
        #expect(try await socket.exchange([1, 2, 3], timeout: 0.2) == nil)
        var response = DNSTestWire.query("web.default.svc.cluster.local", type: DNSTestWire.a)
        response[2] |= 0x80
        #expect(try await socket.exchange(response, timeout: 0.2) == nil)

        // Random garbage: whatever comes back must be a well-formed response.
        var generator = DNSSeededGenerator(seed: 0x5EED)
        for round in 0..<300 {
            var packet = (0..<Int.random(in: 0...80, using: &generator)).map { _ in UInt8.random(in: 0...255, using: &generator) }
            if round.isMultiple(of: 2), packet.count > 2 { packet[2] &= 0x7F }  // half of them look like queries
            try socket.send(packet)
            if round.isMultiple(of: 20) {
                while let reply = await socket.receive(timeout: 0.02) { #expect(try DNSTestWire.parse(reply).isResponse) }
            }
        }
        // Drain stragglers, then the server still answers.
        while let reply = await socket.receive(timeout: 0.2) { #expect(try DNSTestWire.parse(reply).isResponse) }
        #expect(try await socket.ask("web.default.svc.cluster.local", DNSTestWire.a, id: 99).short == ["127.96.0.10"])
    }

    @Test func protocolCornersGetTheRightCodes() async throws {
        let running = try await Self.start()
        defer { running.instance.destroy() }
        let socket = running.socket
        func ask(_ packet: [UInt8]) async throws -> DNSTestWire.Response {
            try DNSTestWire.parse(try #require(try await socket.exchange(packet)))
        }
        let name = "web.default.svc.cluster.local"
        // EDNS: the OPT record is answered with ours; an unknown version gets BADVERS (16).
        let edns = try await ask(DNSTestWire.query(name, type: DNSTestWire.a, ednsSize: 4096))
        #expect(edns.short == ["127.96.0.10"] && edns.ednsSize == 1232 && edns.ednsTTL == 0)
        var version1 = DNSTestWire.query(name, type: DNSTestWire.a, ednsSize: 4096)
        version1[version1.count - 5] = 1
        let badVersion = try await ask(version1)
        #expect(badVersion.rcode == 0 && badVersion.answers.isEmpty)
        #expect(badVersion.ednsTTL.map { $0 >> 24 } == 1, "extended RCODE 1 << 4 = BADVERS")
        // Two OPT records are malformed.
        var twoOPT = DNSTestWire.query(name, type: DNSTestWire.a, ednsSize: 4096)
        twoOPT += twoOPT.suffix(11)
        twoOPT[11] = 2
        #expect(try await ask(twoOPT).rcode == 1)
        // OPT is never a question; zone transfers are not offered; other classes are refused.
        #expect(try await ask(DNSTestWire.query(name, type: DNSTestWire.opt)).rcode == 1)
        #expect(try await ask(DNSTestWire.query("cluster.local", type: 252)).rcode == 4)
        let chaos = try await ask(DNSTestWire.query("version.bind", type: DNSTestWire.txt, qclass: 3))
        #expect(chaos.rcode == 5)
        // Class ANY is answered like IN.
        #expect(try await ask(DNSTestWire.query(name, type: DNSTestWire.a, qclass: 255)).short == ["127.96.0.10"])
        // A name over 255 bytes is malformed.
        let long = Array(repeating: String(repeating: "a", count: 63), count: 5).joined(separator: ".")
        #expect(try await ask(DNSTestWire.query(long, type: DNSTestWire.a)).rcode == 1)
        // SOA and NS at the apex, the name server's address in the additional section.
        let soa = try await ask(DNSTestWire.query("cluster.local", type: DNSTestWire.soa))
        #expect(soa.answers.map(\.type) == [DNSTestWire.soa] && soa.authoritative)
        let ns = try await ask(DNSTestWire.query("cluster.local", type: DNSTestWire.ns))
        #expect(ns.short == ["ns.dns.cluster.local."])
        #expect(ns.additional.map(\.data) == ["127.0.0.1"])
        // Other records in a query are skipped, compression pointers in them followed.
        var extra = DNSTestWire.query(name, type: DNSTestWire.a)
        extra[11] = 1
        extra += [0xC0, 0x0C, 0, 1, 0, 1, 0, 0, 0, 0, 0, 4, 127, 0, 0, 1]
        #expect(try await ask(extra).short == ["127.96.0.10"])
        // A record that runs past the end is malformed.
        #expect(try await ask(Array(extra.dropLast())).rcode == 1)
    }

    @Test func changesFromTheWatchesAreServed() async throws {
        let running = try await Self.start()
        defer { running.instance.destroy() }
        let socket = running.socket
        // MODIFIED service: the new cluster IP replaces the old one.
        running.cluster.put(.services, DNSFixtures.service("web", clusterIP: "127.96.0.11", ports: [("http", 8000, "TCP")]))
        #expect(try await Self.eventually { try await socket.ask("web.default.svc.cluster.local", DNSTestWire.a).short == ["127.96.0.11"] })
        #expect(try await socket.ask("_http._tcp.web.default.svc.cluster.local", DNSTestWire.srv).short == ["0 100 8000 web.default.svc.cluster.local."])
        #expect(try await socket.ask("_dns._udp.web.default.svc.cluster.local", DNSTestWire.srv).rcode == 3)

        // MODIFIED endpoints: a new ready address appears, one goes away.
        running.cluster.put(.endpointSlices, DNSFixtures.endpoints("db", ready: [("127.244.1.5", "db-0"), ("127.244.4.8", "db-1")]))
        #expect(try await Self.eventually { try await socket.ask("db.default.svc.cluster.local", DNSTestWire.a).short == ["127.244.1.5", "127.244.4.8"] })
        #expect(try await socket.ask("db-1.db.default.svc.cluster.local", DNSTestWire.a).short == ["127.244.4.8"])

        // ADDED in a new namespace.
        running.cluster.put(.services, DNSFixtures.service("api", namespace: "team", clusterIP: "127.96.1.1"))
        #expect(try await Self.eventually { try await socket.ask("api.team.svc.cluster.local", DNSTestWire.a).short == ["127.96.1.1"] })

        // DELETED: the name and everything under it are gone.
        running.cluster.remove(.services, namespace: "default", name: "web")
        #expect(try await Self.eventually { try await socket.ask("web.default.svc.cluster.local", DNSTestWire.a).rcode == 3 })
        #expect(try await socket.ask("_http._tcp.web.default.svc.cluster.local", DNSTestWire.srv).rcode == 3)
        #expect(try await socket.ask("11.0.96.127.in-addr.arpa", DNSTestWire.ptr).rcode == 5)
        running.cluster.remove(.endpointSlices, namespace: "default", name: "db-abcde")
        #expect(try await Self.eventually { try await socket.ask("db.default.svc.cluster.local", DNSTestWire.a).rcode == 3 })
        running.cluster.remove(.services, namespace: "team", name: "api")
        #expect(try await Self.eventually { try await socket.ask("team.svc.cluster.local", DNSTestWire.a).rcode == 3 })
    }

    @Test func reverseLookupsNameTheService() async throws {
        let running = try await Self.start()
        defer { running.instance.destroy() }
        let response = try await running.socket.ask("10.0.96.127.in-addr.arpa", DNSTestWire.ptr)
        #expect(response.rcode == 0 && response.authoritative)
        #expect(response.short == ["web.default.svc.cluster.local."])
    }

    @Test func ednsClientsGetLargerAnswersAndOthersGetTC() async throws {
        let cluster = Self.cluster()
        cluster.put(.services, DNSFixtures.headless("many"))
        let addresses = (1...60).map { (ip: "127.244.7.\($0)", hostname: String?.none) }
        cluster.put(.endpointSlices, DNSFixtures.endpoints("many", ready: addresses))
        let running = try await Self.start(cluster)
        defer { running.instance.destroy() }
        let socket = running.socket
        #expect(try await Self.eventually { try await socket.ask("many.default.svc.cluster.local", DNSTestWire.a, ednsSize: 4096).answers.count == 60 })
        let large = try await socket.ask("many.default.svc.cluster.local", DNSTestWire.a, ednsSize: 4096)
        #expect(!large.truncated && large.ednsSize == 1232)
        let classic = try await socket.ask("many.default.svc.cluster.local", DNSTestWire.a)
        #expect(classic.truncated && classic.answers.isEmpty && classic.rcode == 0)
        #expect(classic.ednsSize == nil)
    }

    @Test func stopClosesTheSocketIsIdempotentAndStartServesAgain() async throws {
        let running = try await Self.start()
        defer { running.instance.destroy() }
        try await running.dns.stop()
        try await running.dns.stop()
        // The host cancels the watches; their streams end shortly after.
        #expect(try await Self.eventually { running.cluster.watchCount(.services) + running.cluster.watchCount(.endpointSlices) == 0 })
        #expect(try await running.socket.exchange(DNSTestWire.query("web.default.svc.cluster.local", type: DNSTestWire.a), timeout: 0.3) == nil)

        running.cluster.put(.services, DNSFixtures.service("late", clusterIP: "127.96.0.99"))
        let info = try await running.dns.start()
        let port = try #require(DNSPluginClient.udpAddress(in: info).flatMap { UInt16($0.split(separator: ":").last ?? "") })
        let socket = try DNSTestSocket(port: port)
        #expect(try await Self.eventually { try await socket.ask("late.default.svc.cluster.local", DNSTestWire.a).short == ["127.96.0.99"] })
        #expect(try await Self.eventually { try await socket.ask("web.default.svc.cluster.local", DNSTestWire.a).short == ["127.96.0.10"] })
    }

    @Test func destroyingTheInstanceStopsServing() async throws {
        let running = try await Self.start()
        running.instance.destroy()
        #expect(try await running.socket.exchange(DNSTestWire.query("web.default.svc.cluster.local", type: DNSTestWire.a), timeout: 0.3) == nil)
    }

    @Test func aConfiguredZoneAndPortAreUsed() async throws {
        let cluster = Self.cluster()
        let first = try await Self.start(cluster, config: ["listen": "127.0.0.1:0", "zone": "Keelson.Test."])
        defer { first.instance.destroy() }
        #expect(first.info["zone"] == "keelson.test")
        #expect(try await first.socket.ask("web.default.svc.keelson.test", DNSTestWire.a).short == ["127.96.0.10"])
        #expect(try await first.socket.ask("web.default.svc.cluster.local", DNSTestWire.a).rcode == 5)
        let ttl = try await first.socket.ask("web.default.svc.keelson.test", DNSTestWire.a).answers.first?.ttl
        #expect(ttl == 5, "the default TTL")

        // A second instance on the same fixed port cannot start.
        let second = try await PluginInstance.create(
            plugin: try Self.load(), config: ["listen": .string("127.0.0.1:\(first.port)")], client: cluster
        )
        defer { second.destroy() }
        await #expect(throws: PluginCallError.self) { try await DNSPluginClient(second).start() }
    }

    @Test(arguments: [
        ["listen": "10.0.0.1:53"] as JSONValue,
        ["listen": "0.0.0.0:10053"],
        ["listen": "localhost:10053"],
        ["listen": "127.0.0.1"],
        ["listen": "127.0.0.1:70000"],
        ["zone": "bad..zone"],
        ["ttl": -1],
    ])
    func badConfigsAreRefusedAtCreate(config: JSONValue) async throws {
        try await Self.expectRefused(config)
    }

    /// Creating an instance with `config` fails with INVALID_ARGUMENT naming the config key.
    static func expectRefused(_ config: JSONValue, sourceLocation: SourceLocation = #_sourceLocation) async throws {
        do {
            let instance = try await PluginInstance.create(plugin: try load(), config: config, client: DNSTestCluster())
            instance.destroy()
            Issue.record("config \(config.text) was accepted", sourceLocation: sourceLocation)
        } catch let error as PluginCallError {
            #expect(error.status == Int32(KEELSON_ERR_INVALID_ARGUMENT), sourceLocation: sourceLocation)
            #expect(error.message.contains("config."), sourceLocation: sourceLocation)
        }
    }

    @Test(.enabled(if: DNSDig.available, "needs dig (dnsutils)"))
    func digResolvesTheService() async throws {
        let running = try await Self.start()
        defer { running.instance.destroy() }
        func dig(_ arguments: [String]) async throws -> String { try await DNSDig(port: running.port).run(arguments).output }
        #expect(try await dig(["+short", "web.default.svc.cluster.local"]) == "127.96.0.10\n")
        #expect(try await dig(["+short", "SRV", "_http._tcp.web.default.svc.cluster.local"]) == "0 100 80 web.default.svc.cluster.local.\n")
        #expect(try await dig(["+short", "TXT", "dns-version.cluster.local"]) == "\"1.1.0\"\n")
        let full = try await dig(["nope.default.svc.cluster.local"])
        #expect(full.contains("status: NXDOMAIN"))
        #expect(full.contains("flags: qr aa rd;"))
        #expect(!full.lowercased().contains("malformed"))
        #expect(try await dig(["+short", "-x", "127.96.0.10"]) == "web.default.svc.cluster.local.\n")
    }
}

/// A small deterministic generator (SplitMix64), so the garbage test sends the same packets
/// on every run.
struct DNSSeededGenerator: RandomNumberGenerator {
    private var state: UInt64

    init(seed: UInt64) {
        state = seed
    }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
