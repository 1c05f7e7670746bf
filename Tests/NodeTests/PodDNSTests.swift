import Foundation
import Kernel
import Testing

@testable import Node

/// The kubelet's DNS config per dnsPolicy, merged with `spec.dnsConfig` and cut to Kubernetes' limits.
@Suite("kubelet: pod DNS")
struct PodDNSTests {
    let host = ResolvConf(parsing: """
        # written by the node's resolver
        nameserver 10.0.0.2
        search corp.example. old.example
        search corp.example. lab.example .
        nameserver 10.0.0.3
        options ndots:1 timeout:2
        options edns0 ndots:2
        domain ignored.example
        """)

    func pod(_ spec: JSONValue, namespace: String = "shop") -> PodView {
        PodView(pod: ["metadata": ["name": "web", "namespace": .string(namespace), "uid": "u1"], "spec": spec])
    }

    var options: KubeletOptions {
        var options = KubeletOptions()
        options.clusterDNS = ["127.96.0.10"]
        return options
    }

    @Test func theNodesResolvConfIsReadAsTheKubeletReadsIt() {
        #expect(host.nameservers == ["10.0.0.2", "10.0.0.3"])
        #expect(host.searches == ["corp.example", "lab.example"])
        #expect(host.options == ["ndots:2", "timeout:2", "edns0"])
    }

    @Test func clusterFirstUsesOnlyTheClusterDNSWithTheClusterSearchPathFirst() {
        let formed = PodDNS.form(for: pod([:]), options: options, host: host)
        #expect(formed.config == [
            "servers": ["127.96.0.10"],
            "searches": ["shop.svc.cluster.local", "svc.cluster.local", "cluster.local", "corp.example", "lab.example"],
            "options": ["ndots:5"],
        ])
        #expect(formed.warnings.isEmpty)
        let explicit = PodDNS.form(for: pod(["dnsPolicy": "ClusterFirst"], namespace: "kube-system"), options: options, host: nil)
        #expect(explicit.config["searches"] == ["kube-system.svc.cluster.local", "svc.cluster.local", "cluster.local"])
    }

    @Test func hostNetworkPodsFollowTheirPolicy() {
        let clusterFirst = PodDNS.form(for: pod(["hostNetwork": true]), options: options, host: host)
        #expect(clusterFirst.config == ["servers": ["10.0.0.2", "10.0.0.3"], "searches": ["corp.example", "lab.example"],
                                        "options": ["ndots:2", "timeout:2", "edns0"]])
        let withHostNet = PodDNS.form(for: pod(["hostNetwork": true, "dnsPolicy": "ClusterFirstWithHostNet"]), options: options, host: host)
        #expect(withHostNet.config["servers"] == ["127.96.0.10"])
        #expect(withHostNet.config["options"] == ["ndots:5"])
    }

    @Test func defaultUsesTheNodesResolver() {
        let formed = PodDNS.form(for: pod(["dnsPolicy": "Default"]), options: options, host: host)
        #expect(formed.config == ["servers": ["10.0.0.2", "10.0.0.3"], "searches": ["corp.example", "lab.example"],
                                  "options": ["ndots:2", "timeout:2", "edns0"]])
        // An empty resolverConfig: the node's own address and search ".".
        let bare = PodDNS.form(for: pod(["dnsPolicy": "Default"]), options: options, host: nil)
        #expect(bare.config == ["servers": ["127.0.0.1"], "searches": ["."], "options": []])
    }

    @Test func noneUsesOnlyTheDNSConfig() {
        let spec: JSONValue = ["dnsPolicy": "None", "dnsConfig": [
            "nameservers": ["127.0.0.53"], "searches": ["a.example"], "options": [["name": "ndots", "value": "2"], ["name": "edns0"]],
        ]]
        let formed = PodDNS.form(for: pod(spec), options: options, host: host)
        #expect(formed.config == ["servers": ["127.0.0.53"], "searches": ["a.example"], "options": ["ndots:2", "edns0"]])
    }

    @Test func dnsConfigIsAppendedWithoutDuplicatesAndOptionsOverrideByName() {
        let spec: JSONValue = ["dnsConfig": [
            "nameservers": ["127.96.0.10", "127.0.0.53"], "searches": ["svc.cluster.local", "b.example"],
            "options": [["name": "ndots", "value": "3"], ["name": "single-request-reopen"]],
        ]]
        let formed = PodDNS.form(for: pod(spec), options: options, host: nil)
        #expect(formed.config == [
            "servers": ["127.96.0.10", "127.0.0.53"],
            "searches": ["shop.svc.cluster.local", "svc.cluster.local", "cluster.local", "b.example"],
            "options": ["ndots:3", "single-request-reopen"],
        ])
    }

    @Test func extraNameserversAreDroppedWithAWarning() {
        let spec: JSONValue = ["dnsPolicy": "Default", "dnsConfig": ["nameservers": ["10.0.0.4", "10.0.0.5"]]]
        let formed = PodDNS.form(for: pod(spec), options: options, host: host)
        #expect(formed.config["servers"] == ["10.0.0.2", "10.0.0.3", "10.0.0.4"])
        #expect(formed.warnings == [PodDNS.Warning(reason: "DNSConfigForming", message:
            "Nameserver limits were exceeded, some nameservers have been omitted, the applied nameserver line is: 10.0.0.2 10.0.0.3 10.0.0.4")])
    }

    @Test func searchPathsAreCutToKubernetesLimits() {
        let many = (1...40).map { "d\($0).example" }
        let (kept, cut) = PodDNS.fitSearches(many)
        #expect(kept == Array(many.prefix(32)))
        #expect(cut)
        let long = String(repeating: "a", count: 254)
        #expect(PodDNS.fitSearches(["a.example", long, "b.example"]) == (["a.example", "b.example"], true))
        // 20 domains of 200 characters: 10 fit in 2048 characters (10 × 200 + 9 spaces).
        let wide = (0..<20).map { String(repeating: Character(String($0 % 10)), count: 200) }
        #expect(PodDNS.fitSearches(wide) == (Array(wide.prefix(10)), true))
        #expect(PodDNS.fitSearches(["a.example"]) == (["a.example"], false))

        let spec: JSONValue = ["dnsConfig": ["searches": .array(many.map(JSONValue.string))]]
        let formed = PodDNS.form(for: pod(spec), options: options, host: nil)
        let searches = formed.config["searches"]?.arrayValue ?? []
        #expect(searches.count == 32)
        #expect(searches.first == "shop.svc.cluster.local")
        #expect(formed.warnings.map(\.reason) == ["DNSConfigForming"])
        #expect(formed.warnings.first?.message.hasPrefix("Search Line limits were exceeded, some search paths have been omitted, the applied search line is: shop.svc.cluster.local svc.cluster.local cluster.local d1.example") == true)
    }

    @Test func clusterFirstWithoutClusterDNSFallsBackToDefaultWithWarnings() {
        var options = KubeletOptions()
        options.clusterDNS = []
        let formed = PodDNS.form(for: pod([:]), options: options, host: host)
        #expect(formed.config["servers"] == ["10.0.0.2", "10.0.0.3"])
        #expect(formed.warnings.map(\.reason) == ["MissingClusterDNS", "MissingClusterDNS"])
        #expect(formed.warnings.map(\.aboutNode) == [false, true])
    }

    @Test func theKubeletReadsItsResolverConfigFile() throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("poddns-\(UInt64.random(in: 0...UInt64.max)).conf").path
        try "nameserver 10.1.1.1\nsearch node.example\noptions rotate\n".write(toFile: path, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(atPath: path) }
        var options = self.options
        options.resolverConfig = path
        #expect(PodDNS.config(for: pod(["dnsPolicy": "Default"]), options: options) == [
            "servers": ["10.1.1.1"], "searches": ["node.example"], "options": ["rotate"],
        ])
    }
}
