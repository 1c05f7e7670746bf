import Foundation
import Kernel
import Testing

/// How the add-on reads discovery.k8s.io/v1 EndpointSlices: a Service's endpoints are the union
/// of the slices labelled `kubernetes.io/service-name: <svc>`; `conditions.ready` (absent counts
/// as ready) decides which endpoints get records, unless the Service publishes not-ready
/// addresses; IPv6 slices give AAAA and ip6.arpa records.
@Suite("cluster-dns EndpointSlices")
struct DNSEndpointSliceTests {
    /// A headless service's slice built by hand: endpoints given as JSON.
    static func slice(_ service: String?, name: String, addressType: String = "IPv4", endpoints: [JSONValue], port: String = "pg") -> JSONValue {
        var metadata: JSONValue = ["name": .string(name), "namespace": "default"]
        if let service { metadata["labels"] = ["kubernetes.io/service-name": .string(service)] }
        return [
            "apiVersion": "discovery.k8s.io/v1", "kind": "EndpointSlice",
            "metadata": metadata,
            "addressType": .string(addressType),
            "endpoints": .array(endpoints),
            "ports": [["name": .string(port), "port": 5432, "protocol": "TCP"]],
        ]
    }

    @Test func theAddOnWatchesEndpointSlicesNotEndpoints() async throws {
        let running = try await DNSPluginTests.start()
        defer { running.instance.destroy() }
        #expect(running.cluster.watchCount(.endpointSlices) == 1)
        #expect(running.cluster.watchCount(.endpoints) == 0)
        // An Endpoints object alone gives a headless service no records.
        running.cluster.put(.services, DNSFixtures.headless("legacy"))
        running.cluster.put(.endpoints, [
            "apiVersion": "v1", "kind": "Endpoints", "metadata": ["name": "legacy", "namespace": "default"],
            "subsets": [["addresses": [["ip": "127.244.5.5"]], "ports": [["port": 1]]]],
        ])
        #expect(try await DNSPluginTests.eventually { try await running.socket.ask("legacy.default.svc.cluster.local", DNSTestWire.a).rcode == 3 })
    }

    @Test func theSlicesOfOneServiceAreMergedAndLeaveOneByOne() async throws {
        let running = try await DNSPluginTests.start()
        defer { running.instance.destroy() }
        let socket = running.socket
        running.cluster.put(.endpointSlices, DNSFixtures.endpoints("db", ready: [("127.244.8.1", "db-2")], slice: "second"))
        #expect(try await DNSPluginTests.eventually {
            try await socket.ask("db.default.svc.cluster.local", DNSTestWire.a).short == ["127.244.1.5", "127.244.2.6", "127.244.8.1"]
        })
        #expect(try await socket.ask("db-2.db.default.svc.cluster.local", DNSTestWire.a).short == ["127.244.8.1"])
        #expect(try await socket.ask("_pg._tcp.db.default.svc.cluster.local", DNSTestWire.srv).answers.count == 3)
        // Deleting the first slice leaves the second's endpoint only.
        running.cluster.remove(.endpointSlices, namespace: "default", name: "db-abcde")
        #expect(try await DNSPluginTests.eventually {
            try await socket.ask("db.default.svc.cluster.local", DNSTestWire.a).short == ["127.244.8.1"]
        })
        #expect(try await socket.ask("db-0.db.default.svc.cluster.local", DNSTestWire.a).rcode == 3)
        #expect(try await socket.ask("5.1.244.127.in-addr.arpa", DNSTestWire.ptr).rcode == 5, "no longer a name the zone serves")
    }

    @Test func readinessComesFromTheConditions() async throws {
        let cluster = DNSPluginTests.cluster()
        cluster.put(.services, DNSFixtures.headless("cond"))
        cluster.put(.endpointSlices, Self.slice("cond", name: "cond-1", endpoints: [
            ["addresses": ["127.244.6.1"], "conditions": ["ready": true], "hostname": "yes"],
            ["addresses": ["127.244.6.2"], "conditions": [:] as JSONValue, "hostname": "unknown"],
            ["addresses": ["127.244.6.3"], "hostname": "absent"],
            ["addresses": ["127.244.6.4"], "conditions": ["ready": false, "serving": true], "hostname": "no"],
        ]))
        let running = try await DNSPluginTests.start(cluster)
        defer { running.instance.destroy() }
        let socket = running.socket
        #expect(try await socket.ask("cond.default.svc.cluster.local", DNSTestWire.a).short == ["127.244.6.1", "127.244.6.2", "127.244.6.3"])
        #expect(try await socket.ask("unknown.cond.default.svc.cluster.local", DNSTestWire.a).short == ["127.244.6.2"])
        #expect(try await socket.ask("absent.cond.default.svc.cluster.local", DNSTestWire.a).short == ["127.244.6.3"])
        #expect(try await socket.ask("no.cond.default.svc.cluster.local", DNSTestWire.a).rcode == 3)
        #expect(try await socket.ask("4.6.244.127.in-addr.arpa", DNSTestWire.ptr).rcode == 5)

        // The endpoint turns ready: its records appear; every endpoint turns unready: NXDOMAIN.
        cluster.put(.endpointSlices, Self.slice("cond", name: "cond-1", endpoints: [
            ["addresses": ["127.244.6.4"], "conditions": ["ready": true], "hostname": "no"],
        ]))
        #expect(try await DNSPluginTests.eventually { try await socket.ask("no.cond.default.svc.cluster.local", DNSTestWire.a).short == ["127.244.6.4"] })
        cluster.put(.endpointSlices, Self.slice("cond", name: "cond-1", endpoints: [
            ["addresses": ["127.244.6.4"], "conditions": ["ready": false], "hostname": "no"],
        ]))
        #expect(try await DNSPluginTests.eventually { try await socket.ask("cond.default.svc.cluster.local", DNSTestWire.a).rcode == 3 })
        #expect(try await socket.ask("_pg._tcp.cond.default.svc.cluster.local", DNSTestWire.srv).rcode == 3)
    }

    @Test func publishNotReadyAddressesServesEveryEndpoint() async throws {
        let cluster = DNSPluginTests.cluster()
        var service = DNSFixtures.headless("peers")
        service[path: "spec", "publishNotReadyAddresses"] = true
        cluster.put(.services, service)
        cluster.put(.endpointSlices, DNSFixtures.endpoints("peers", ready: [("127.244.9.1", "p-0")], notReady: ["127.244.9.2"]))
        let running = try await DNSPluginTests.start(cluster)
        defer { running.instance.destroy() }
        #expect(try await running.socket.ask("peers.default.svc.cluster.local", DNSTestWire.a).short == ["127.244.9.1", "127.244.9.2"])
        #expect(try await running.socket.ask("127-244-9-2.peers.default.svc.cluster.local", DNSTestWire.a).short == ["127.244.9.2"])
        #expect(try await running.socket.ask("_pg._tcp.peers.default.svc.cluster.local", DNSTestWire.srv).answers.count == 2)
    }

    @Test func ipv6SlicesAndDualStackServicesGiveAAAAAndIP6ArpaRecords() async throws {
        let cluster = DNSPluginTests.cluster()
        var dual = DNSFixtures.service("dual", clusterIP: "127.96.0.20")
        dual[path: "spec", "clusterIPs"] = ["127.96.0.20", "fd00:96::20"]
        dual[path: "spec", "ipFamilies"] = ["IPv4", "IPv6"]
        cluster.put(.services, dual)
        cluster.put(.services, DNSFixtures.headless("v6"))
        cluster.put(.endpointSlices, DNSFixtures.endpoints("v6", ready: [("127.244.10.1", "v6-0")], slice: "four"))
        cluster.put(.endpointSlices, Self.slice("v6", name: "v6-six", addressType: "IPv6", endpoints: [
            ["addresses": ["fd00:244::a"], "conditions": ["ready": true], "hostname": "v6-0"],
            ["addresses": ["fd00:244::b"], "conditions": ["ready": true]],
            ["addresses": ["fd00:244::c"], "conditions": ["ready": false]],
        ]))
        let running = try await DNSPluginTests.start(cluster)
        defer { running.instance.destroy() }
        let socket = running.socket
        #expect(try await socket.ask("dual.default.svc.cluster.local", DNSTestWire.a).short == ["127.96.0.20"])
        #expect(try await socket.ask("dual.default.svc.cluster.local", DNSTestWire.aaaa).short == ["fd00:96::20"])
        let v6PTR = "0.2.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.6.9.0.0.0.0.d.f.ip6.arpa"
        #expect(try await socket.ask(v6PTR, DNSTestWire.ptr).short == ["dual.default.svc.cluster.local."])

        #expect(try await socket.ask("v6.default.svc.cluster.local", DNSTestWire.a).short == ["127.244.10.1"])
        #expect(try await socket.ask("v6.default.svc.cluster.local", DNSTestWire.aaaa).short == ["fd00:244::a", "fd00:244::b"])
        // The same hostname in both families: one name with an A and an AAAA record.
        #expect(try await socket.ask("v6-0.v6.default.svc.cluster.local", DNSTestWire.a).short == ["127.244.10.1"])
        #expect(try await socket.ask("v6-0.v6.default.svc.cluster.local", DNSTestWire.aaaa).short == ["fd00:244::a"])
        #expect(try await socket.ask("fd00-244--b.v6.default.svc.cluster.local", DNSTestWire.aaaa).short == ["fd00:244::b"])
        let endpointPTR = "b.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.4.4.2.0.0.0.d.f.ip6.arpa"
        #expect(try await socket.ask(endpointPTR, DNSTestWire.ptr).short == ["fd00-244--b.v6.default.svc.cluster.local."])
        let srv = try await socket.ask("_pg._tcp.v6.default.svc.cluster.local", DNSTestWire.srv)
        #expect(srv.short == ["0 100 5432 fd00-244--b.v6.default.svc.cluster.local.", "0 100 5432 v6-0.v6.default.svc.cluster.local."])
        #expect(srv.additional.map(\.data).sorted() == ["127.244.10.1", "fd00:244::a", "fd00:244::b"])
    }

    @Test func slicesWithoutTheServiceLabelOrOfFQDNTypeAreIgnoredAndRelabelledSlicesMove() async throws {
        let cluster = DNSPluginTests.cluster()
        cluster.put(.services, DNSFixtures.headless("left"))
        cluster.put(.services, DNSFixtures.headless("right"))
        cluster.put(.endpointSlices, Self.slice(nil, name: "orphan", endpoints: [["addresses": ["127.244.11.1"]]]))
        cluster.put(.endpointSlices, Self.slice("left", name: "names", addressType: "FQDN", endpoints: [["addresses": ["example.com"]]]))
        cluster.put(.endpointSlices, Self.slice("left", name: "mover", endpoints: [["addresses": ["127.244.11.2"], "hostname": "m"]]))
        let running = try await DNSPluginTests.start(cluster)
        defer { running.instance.destroy() }
        let socket = running.socket
        #expect(try await socket.ask("left.default.svc.cluster.local", DNSTestWire.a).short == ["127.244.11.2"])
        #expect(try await socket.ask("right.default.svc.cluster.local", DNSTestWire.a).rcode == 3)
        #expect(try await socket.ask("1.11.244.127.in-addr.arpa", DNSTestWire.ptr).rcode == 5)

        cluster.put(.endpointSlices, Self.slice("right", name: "mover", endpoints: [["addresses": ["127.244.11.2"], "hostname": "m"]]))
        #expect(try await DNSPluginTests.eventually { try await socket.ask("m.right.default.svc.cluster.local", DNSTestWire.a).short == ["127.244.11.2"] })
        #expect(try await socket.ask("left.default.svc.cluster.local", DNSTestWire.a).rcode == 3)
        #expect(try await socket.ask("2.11.244.127.in-addr.arpa", DNSTestWire.ptr).short == ["m.right.default.svc.cluster.local."])
    }
}
