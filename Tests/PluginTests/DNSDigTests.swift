import Foundation
import Kernel
import Testing

/// The add-on as a real client sees it: `dig` (BIND's dnsutils) queries the real
/// libcluster-dns.so over UDP and TCP for every record type of the Kubernetes DNS specification,
/// headless and not, ready and not ready, including truncation and NXDOMAIN against NODATA.
@Suite("cluster-dns with dig", .enabled(if: DNSDig.available, "needs dig (apt-get install dnsutils)"))
struct DNSDigTests {
    /// The default cluster plus: a headless service with 60 ready endpoints (too many for 512
    /// bytes), a headless service whose only endpoint is not ready, and a dual-stack service.
    static func cluster() -> DNSTestCluster {
        let cluster = DNSPluginTests.cluster()
        cluster.put(.services, DNSFixtures.headless("many"))
        cluster.put(.endpointSlices, DNSFixtures.endpoints("many", ready: (1...60).map { (ip: "127.244.7.\($0)", hostname: String?.none) }))
        cluster.put(.services, DNSFixtures.headless("waiting"))
        cluster.put(.endpointSlices, DNSFixtures.endpoints("waiting", ready: [], notReady: ["127.244.12.1"]))
        var dual = DNSFixtures.service("dual", clusterIP: "127.96.0.20")
        dual[path: "spec", "clusterIPs"] = ["127.96.0.20", "fd00:96::20"]
        cluster.put(.services, dual)
        return cluster
    }

    /// The add-on started on a free port with the cluster above, and `dig` pointed at it.
    static func start() async throws -> (DNSPluginTests.Running, DNSDig) {
        let running = try await DNSPluginTests.start(cluster())
        return (running, DNSDig(port: running.port))
    }

    @Test(arguments: [false, true])
    func clusterIPServicesOverUDPAndTCP(tcp: Bool) async throws {
        let (running, dig) = try await Self.start()
        defer { running.instance.destroy() }
        let transport = tcp ? ["+tcp"] : ["+notcp"]
        #expect(try await dig.short(transport + ["web.default.svc.cluster.local"]) == ["127.96.0.10"])
        let a = try await dig.run(transport + ["web.default.svc.cluster.local", "A"])
        #expect(a.status == "NOERROR" && a.flags.contains("aa") && a.answerCount == 1)
        #expect(a.answers == ["web.default.svc.cluster.local. 7 IN A 127.96.0.10"])
        // Dual stack: one A and one AAAA.
        #expect(try await dig.short(transport + ["AAAA", "dual.default.svc.cluster.local"]) == ["fd00:96::20"])
        #expect(try await dig.short(transport + ["A", "dual.default.svc.cluster.local"]) == ["127.96.0.20"])
        // SRV per named port, pointing at the service name, its address in the additional section.
        let srv = try await dig.run(transport + ["SRV", "_http._tcp.web.default.svc.cluster.local"])
        #expect(srv.answers == ["_http._tcp.web.default.svc.cluster.local. 7 IN SRV 0 100 80 web.default.svc.cluster.local."])
        #expect(srv.additional == ["web.default.svc.cluster.local. 7 IN A 127.96.0.10"])
        #expect(try await dig.short(transport + ["SRV", "_dns._udp.web.default.svc.cluster.local"]) == ["0 100 53 web.default.svc.cluster.local."])
        // PTR for cluster IPs of both families.
        #expect(try await dig.short(transport + ["-x", "127.96.0.10"]) == ["web.default.svc.cluster.local."])
        #expect(try await dig.short(transport + ["-x", "fd00:96::20"]) == ["dual.default.svc.cluster.local."])
        // dns-version TXT, the apex SOA and NS.
        #expect(try await dig.short(transport + ["TXT", "dns-version.cluster.local"]) == ["\"1.1.0\""])
        let soa = try await dig.short(transport + ["SOA", "cluster.local"])
        #expect(soa.count == 1 && soa[0].hasPrefix("ns.dns.cluster.local. hostmaster.cluster.local. ") && soa[0].hasSuffix(" 7200 1800 86400 7"))
        #expect(try await dig.short(transport + ["NS", "cluster.local"]) == ["ns.dns.cluster.local."])
        // ExternalName: a CNAME, followed inside the zone.
        let alias = try await dig.run(transport + ["alias.default.svc.cluster.local", "A"])
        #expect(alias.answers.first == "alias.default.svc.cluster.local. 7 IN CNAME db.default.svc.cluster.local.")
        #expect(alias.answers.count == 3)
        #expect(try await dig.short(transport + ["CNAME", "alias.default.svc.cluster.local"]) == ["db.default.svc.cluster.local."])
    }

    @Test(arguments: [false, true])
    func headlessServicesReadyAndNotReady(tcp: Bool) async throws {
        let (running, dig) = try await Self.start()
        defer { running.instance.destroy() }
        let transport = tcp ? ["+tcp"] : ["+notcp"]
        // One A per ready endpoint; the not-ready one is left out.
        #expect(try await dig.short(transport + ["db.default.svc.cluster.local"]).sorted() == ["127.244.1.5", "127.244.2.6"])
        #expect(try await dig.short(transport + ["db-0.db.default.svc.cluster.local"]) == ["127.244.1.5"])
        #expect(try await dig.short(transport + ["127-244-2-6.db.default.svc.cluster.local"]) == ["127.244.2.6"])
        #expect(try await dig.run(transport + ["127-244-3-7.db.default.svc.cluster.local"]).status == "NXDOMAIN")
        // SRV: one per ready endpoint, targets' addresses in the additional section.
        let srv = try await dig.run(transport + ["SRV", "_pg._tcp.db.default.svc.cluster.local"])
        #expect(srv.answers.sorted() == [
            "_pg._tcp.db.default.svc.cluster.local. 7 IN SRV 0 100 5432 127-244-2-6.db.default.svc.cluster.local.",
            "_pg._tcp.db.default.svc.cluster.local. 7 IN SRV 0 100 5432 db-0.db.default.svc.cluster.local.",
        ])
        #expect(srv.additional.sorted() == [
            "127-244-2-6.db.default.svc.cluster.local. 7 IN A 127.244.2.6",
            "db-0.db.default.svc.cluster.local. 7 IN A 127.244.1.5",
        ])
        // PTR for endpoint addresses names the endpoint.
        #expect(try await dig.short(transport + ["-x", "127.244.1.5"]) == ["db-0.db.default.svc.cluster.local."])
        #expect(try await dig.short(transport + ["-x", "127.244.2.6"]) == ["127-244-2-6.db.default.svc.cluster.local."])
        // No ready endpoint at all: the name does not exist (spec §2.4.1), its SRV name neither.
        let waiting = try await dig.run(transport + ["waiting.default.svc.cluster.local"])
        #expect(waiting.status == "NXDOMAIN" && waiting.flags.contains("aa") && waiting.authorityTypes == ["SOA"])
        #expect(try await dig.run(transport + ["SRV", "_pg._tcp.waiting.default.svc.cluster.local"]).status == "NXDOMAIN")
    }

    @Test(arguments: [false, true])
    func nxdomainAgainstNodata(tcp: Bool) async throws {
        let (running, dig) = try await Self.start()
        defer { running.instance.destroy() }
        let transport = tcp ? ["+tcp"] : ["+notcp"]
        let missing = try await dig.run(transport + ["nope.default.svc.cluster.local", "A"])
        #expect(missing.status == "NXDOMAIN" && missing.answerCount == 0 && missing.authorityTypes == ["SOA"])
        // The name exists without the type: NOERROR, no answer, the SOA in the authority section.
        for (name, type) in [("web.default.svc.cluster.local", "AAAA"), ("web.default.svc.cluster.local", "TXT"),
                             ("db.default.svc.cluster.local", "AAAA"), ("default.svc.cluster.local", "A"),
                             ("dns-version.cluster.local", "A")] {
            let noData = try await dig.run(transport + [name, type])
            #expect(noData.status == "NOERROR", "\(name) \(type)")
            #expect(noData.answerCount == 0 && noData.authorityTypes == ["SOA"] && noData.flags.contains("aa"), "\(name) \(type)")
        }
        // Names match whatever their case, and the question's spelling comes back.
        let mixed = try await dig.run(transport + ["WeB.DeFauLT.SVC.Cluster.LOCAL", "A"])
        #expect(mixed.answers == ["WeB.DeFauLT.SVC.Cluster.LOCAL. 7 IN A 127.96.0.10"])
    }

    @Test func largeAnswersAreTruncatedOverUDPAndWholeOverTCP() async throws {
        let (running, dig) = try await Self.start()
        defer { running.instance.destroy() }
        let name = "many.default.svc.cluster.local"
        // A 512-byte EDNS buffer cannot hold 60 addresses: TC, and dig (told to ignore it) shows it.
        let truncated = try await dig.run(["+notcp", "+ignore", "+bufsize=512", name])
        #expect(truncated.flags.contains("tc"))
        #expect(truncated.answerCount == 0 && truncated.ednsUDPSize == 1232)
        // Without EDNS the limit is 512 bytes too.
        let classic = try await dig.run(["+notcp", "+ignore", "+noedns", name])
        #expect(classic.flags.contains("tc") && classic.ednsUDPSize == nil)
        // Over TCP the whole answer.
        let whole = try await dig.run(["+tcp", "+bufsize=512", name])
        #expect(!whole.flags.contains("tc") && whole.answerCount == 60)
        // dig by itself retries over TCP after TC.
        let retried = try await dig.run(["+bufsize=512", name])
        #expect(retried.output.contains("Truncated, retrying in TCP mode"))
        #expect(retried.answerCount == 60)
        // A client offering 4096 bytes gets all 60 addresses over UDP (they fit in 1232 bytes).
        let large = try await dig.run(["+notcp", "+ignore", "+bufsize=4096", name])
        #expect(!large.flags.contains("tc") && large.answerCount == 60)
        #expect(large.ednsUDPSize == 1232)
        // The SRV answer with its 60 additional addresses: over UDP the additional section goes
        // first; over TCP everything comes back.
        let srvUDP = try await dig.run(["+notcp", "+ignore", "+bufsize=4096", "SRV", "_pg._tcp.many.default.svc.cluster.local"])
        #expect(srvUDP.flags.contains("tc") || srvUDP.additional.count < 60)
        let srvTCP = try await dig.run(["+tcp", "SRV", "_pg._tcp.many.default.svc.cluster.local"])
        #expect(srvTCP.answerCount == 60 && srvTCP.additional.count == 60)
    }
}

/// Runs `dig` against one local port and reads its output.
struct DNSDig: Sendable {
    /// Where Debian's dnsutils installs dig.
    static let path = "/usr/bin/dig"
    /// Whether dig is installed.
    static var available: Bool { FileManager.default.isExecutableFile(atPath: path) }

    /// The server's port on 127.0.0.1 (UDP and TCP).
    let port: UInt16

    /// What dig printed for one query, with the parts the tests look at.
    struct Output: Sendable {
        /// Everything dig printed (standard output and error).
        let output: String

        /// The header's status ("NOERROR", "NXDOMAIN", ...), from the last header printed.
        var status: String? { lastHeader.flatMap { Self.value(after: "status: ", in: $0, upTo: ",") } }
        /// The header flags ("qr", "aa", "tc", ...).
        var flags: [String] {
            guard let line = lines.last(where: { $0.hasPrefix(";; flags: ") }) else { return [] }
            let text = line.dropFirst(";; flags: ".count).prefix { $0 != ";" }
            return text.split(separator: " ").map(String.init)
        }

        /// The ANSWER count of the last header.
        var answerCount: Int? {
            guard let line = lines.last(where: { $0.hasPrefix(";; flags: ") }) else { return nil }
            return Self.value(after: "ANSWER: ", in: line, upTo: ",").flatMap { Int($0) }
        }

        /// The EDNS UDP size of the response's OPT record, nil without one.
        var ednsUDPSize: Int? {
            guard let line = lines.last(where: { $0.hasPrefix("; EDNS: ") }) else { return nil }
            return Self.value(after: "udp: ", in: line, upTo: "\n").flatMap { Int($0.trimmingCharacters(in: .whitespaces)) }
        }

        /// The records of the last answer, authority and additional sections, as dig prints them.
        var answers: [String] { section("ANSWER") }
        /// The authority section's records.
        var authority: [String] { section("AUTHORITY") }
        /// The additional section's records (the OPT pseudo-record is not among them).
        var additional: [String] { section("ADDITIONAL") }
        /// The record types in the authority section.
        var authorityTypes: [String] { authority.map { $0.split(separator: " ").dropFirst(3).first.map(String.init) ?? "" } }

        private var lines: [String] { output.split(separator: "\n", omittingEmptySubsequences: false).map(String.init) }

        private var lastHeader: String? { lines.last { $0.hasPrefix(";; ->>HEADER<<-") } }

        /// The records after the last `;; <NAME> SECTION:` line up to the next blank line;
        /// dig's column padding (tabs and spaces) is collapsed to single spaces.
        private func section(_ name: String) -> [String] {
            guard let start = lines.lastIndex(of: ";; \(name) SECTION:") else { return [] }
            return lines[(start + 1)...].prefix { !$0.isEmpty }.map { line in
                line.split(whereSeparator: { $0 == " " || $0 == "\t" }).joined(separator: " ")
            }
        }

        private static func value(after marker: String, in line: String, upTo end: Character) -> String? {
            guard let range = line.range(of: marker) else { return nil }
            return String(line[range.upperBound...].prefix { $0 != end })
        }
    }

    /// Runs dig with `arguments` against the server; one try, two seconds at most per try. dig
    /// runs and is waited for through `Blocking.run`, off Swift's cooperative pool.
    func run(_ arguments: [String]) async throws -> Output {
        let port = port
        return try await Blocking.run { try Self.runNow(["@127.0.0.1", "-p", String(port), "+time=2", "+tries=1"] + arguments) }
    }

    private static func runNow(_ arguments: [String]) throws -> Output {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: Self.path)
        process.arguments = arguments
        let output = Pipe()
        process.standardOutput = output
        process.standardError = output
        try process.run()
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return Output(output: String(decoding: data, as: UTF8.self))
    }

    /// The `+short` lines of a query.
    func short(_ arguments: [String]) async throws -> [String] {
        try await run(["+short"] + arguments).output.split(separator: "\n").map(String.init)
    }
}
