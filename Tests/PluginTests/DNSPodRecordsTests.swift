import Foundation
import Kernel
import PluginABI
import Testing

/// Pod records (`a-b-c-d.<ns>.pod.<zone>`) under the three `pods` modes, as CoreDNS serves them.
@Suite("cluster-dns pod records")
struct DNSPodRecordsTests {
    /// A pod with `ip` in `namespace`.
    static func pod(_ name: String, namespace: String = "team", ip: String) -> JSONValue {
        [
            "apiVersion": "v1", "kind": "Pod",
            "metadata": ["name": .string(name), "namespace": .string(namespace)],
            "status": ["podIP": .string(ip), "podIPs": [["ip": .string(ip)]]],
        ]
    }

    @Test func podRecordsAreDisabledByDefault() async throws {
        let running = try await DNSPluginTests.start()
        defer { running.instance.destroy() }
        #expect(try await running.socket.ask("127-244-1-5.default.pod.cluster.local", DNSTestWire.a).rcode == 3)
        #expect(running.cluster.watchCount(.pods) == 0)
    }

    @Test func insecureAnswersAnyWellFormedAddress() async throws {
        let running = try await DNSPluginTests.start(config: ["listen": "127.0.0.1:0", "ttl": 7, "pods": "insecure"])
        defer { running.instance.destroy() }
        let a = try await running.socket.ask("1-2-3-4.Anything.pod.cluster.local", DNSTestWire.a)
        #expect(a.rcode == 0 && a.authoritative)
        #expect(a.answers == [DNSTestWire.Record(name: "1-2-3-4.Anything.pod.cluster.local.", type: DNSTestWire.a, ttl: 7, data: "1.2.3.4")])
        let aaaa = try await running.socket.ask("1-2-3-4.anything.pod.cluster.local", DNSTestWire.aaaa)
        #expect(aaaa.rcode == 0 && aaaa.answers.isEmpty && aaaa.authority.first?.type == DNSTestWire.soa, "NODATA")
        let v6 = try await running.socket.ask("fd00--1.default.pod.cluster.local", DNSTestWire.aaaa)
        #expect(v6.short == ["fd00::1"])
        #expect(try await running.socket.ask("not-an-ip.default.pod.cluster.local", DNSTestWire.a).rcode == 3)
        #expect(try await running.socket.ask("1-2-3-400.default.pod.cluster.local", DNSTestWire.a).rcode == 3)
        #expect(try await running.socket.ask("1-2-3-4.x.default.pod.cluster.local", DNSTestWire.a).rcode == 3)
        #expect(try await running.socket.ask("default.pod.cluster.local", DNSTestWire.a).rcode == 0, "an empty non-terminal")
        #expect(try await DNSTestTCPConnection(port: running.port).ask("1-2-3-4.x.pod.cluster.local", DNSTestWire.a).short == ["1.2.3.4"])
    }

    @Test func verifiedAnswersOnlyAddressesOfPodsInTheNamespace() async throws {
        let cluster = DNSPluginTests.cluster()
        cluster.put(.pods, Self.pod("api-0", ip: "127.244.5.5"))
        cluster.put(.pods, Self.pod("other", namespace: "default", ip: "127.244.5.6"))
        let running = try await DNSPluginTests.start(cluster, config: ["listen": "127.0.0.1:0", "ttl": 7, "pods": "verified"])
        defer { running.instance.destroy() }
        #expect(running.cluster.watchCount(.pods) == 1)
        let socket = running.socket
        #expect(try await socket.ask("127-244-5-5.team.pod.cluster.local", DNSTestWire.a).short == ["127.244.5.5"])
        #expect(try await socket.ask("127-244-5-5.default.pod.cluster.local", DNSTestWire.a).rcode == 3, "wrong namespace")
        #expect(try await socket.ask("127-244-5-6.default.pod.cluster.local", DNSTestWire.a).short == ["127.244.5.6"])
        #expect(try await socket.ask("127-244-9-9.team.pod.cluster.local", DNSTestWire.a).rcode == 3, "no such pod")

        // A pod that moves and a pod that goes away are followed.
        cluster.put(.pods, Self.pod("api-0", ip: "127.244.5.50"))
        #expect(try await DNSPluginTests.eventually { try await socket.ask("127-244-5-50.team.pod.cluster.local", DNSTestWire.a).rcode == 0 })
        #expect(try await socket.ask("127-244-5-5.team.pod.cluster.local", DNSTestWire.a).rcode == 3)
        cluster.remove(.pods, namespace: "default", name: "other")
        #expect(try await DNSPluginTests.eventually { try await socket.ask("127-244-5-6.default.pod.cluster.local", DNSTestWire.a).rcode == 3 })

        try await running.dns.stop()
        #expect(try await DNSPluginTests.eventually { running.cluster.watchCount(.pods) == 0 })
    }

    @Test func anUnknownPodsModeIsRefusedAtCreate() async throws {
        do {
            let instance = try await PluginInstance.create(plugin: try DNSPluginTests.load(), config: ["pods": "sometimes"], client: DNSTestCluster())
            instance.destroy()
            Issue.record("pods: sometimes was accepted")
        } catch let error as PluginCallError {
            #expect(error.status == Int32(KEELSON_ERR_INVALID_ARGUMENT))
            #expect(error.message.contains("config.pods"))
        }
    }
}
