import APIServer
import Controllers
import Kernel
import Testing

/// PodTopologySpread and InterPodAffinity across zones and hosts, through the real bundle.
@Suite("Placement: topology spread and inter-pod affinity")
struct PlacementSpreadTests {
    typealias O = PlacementObjects
    typealias P = Placement

    /// Two nodes in each of three zones.
    static let zonedNodes = ["a", "b", "c"].flatMap { zone in
        (1...2).map { O.node("\(zone)-\($0)", zone: "zone-\(zone)") }
    }

    /// One zone-spread constraint over `app=web` pods, maxSkew 1, DoNotSchedule.
    static func spread(_ pod: inout JSONValue) {
        pod[path: "spec", "topologySpreadConstraints"] = [[
            "maxSkew": 1, "topologyKey": "topology.kubernetes.io/zone", "whenUnsatisfiable": "DoNotSchedule",
            "labelSelector": O.selector(["app": "web"]),
        ]]
    }

    @Test("maxSkew 1 over zones places six pods two per zone; DoNotSchedule refuses a skew it cannot keep")
    func spreadOverZones() async throws {
        try await P.withScheduler { api in
            try await P.create(api, nodes: Self.zonedNodes)
            for index in 0..<6 {
                try await P.create(api, pods: [O.pod("web-\(index)", labels: ["app": "web"], Self.spread)])
                _ = try await P.boundNode(api, "web-\(index)")
            }
            var perZone: [String: Int] = [:]
            for index in 0..<6 {
                let node = try await P.boundNode(api, "web-\(index)")
                perZone[String(node.prefix(1)), default: 0] += 1
            }
            #expect(perZone == ["a": 2, "b": 2, "c": 2])
        }
        // A tainted zone still counts as a domain (nodeTaintsPolicy Ignore): the second pod
        // would make zone a two ahead of zone b, so it fits nowhere.
        try await P.withScheduler { api in
            try await P.create(api, nodes: [O.node("a-1", zone: "zone-a"), O.node("b-1", zone: "zone-b", taints: [O.taint("maintenance", "true")])])
            try await P.create(api, pods: [O.pod("first", labels: ["app": "web"], Self.spread)])
            #expect(try await P.boundNode(api, "first") == "a-1")
            try await P.create(api, pods: [O.pod("second", labels: ["app": "web"], Self.spread)])
            let message = try await P.unschedulableMessage(api, "second")
            #expect(message.hasPrefix("0/2 nodes are available: 1 node(s) didn't match pod topology spread constraints, 1 node(s) had untolerated taint {maintenance: true}."), "\(message)")
        }
    }

    @Test("required anti-affinity on the hostname puts one pod per node; affinity to a zone follows the first pod")
    func interPodAffinity() async throws {
        try await P.withScheduler { api in
            try await P.create(api, nodes: [O.node("n1", zone: "east"), O.node("n2", zone: "east"), O.node("n3", zone: "west")])
            func antiAffinity(_ pod: inout JSONValue) {
                pod[path: "spec", "affinity"] = ["podAntiAffinity": ["requiredDuringSchedulingIgnoredDuringExecution": [[
                    "labelSelector": O.selector(["app": "cache"]), "topologyKey": "kubernetes.io/hostname",
                ]]]]
            }
            for index in 0..<3 {
                try await P.create(api, pods: [O.pod("cache-\(index)", labels: ["app": "cache"], antiAffinity)])
                _ = try await P.boundNode(api, "cache-\(index)")
            }
            var nodes: Set<String> = []
            for index in 0..<3 { nodes.insert(try await P.boundNode(api, "cache-\(index)")) }
            #expect(nodes == ["n1", "n2", "n3"])
            try await P.create(api, pods: [O.pod("cache-3", labels: ["app": "cache"], antiAffinity)])
            let message = try await P.unschedulableMessage(api, "cache-3")
            #expect(message.hasPrefix("0/3 nodes are available: 3 node(s) didn't match pod anti-affinity rules."), "\(message)")

            try await P.create(api, pods: [O.pod("db", labels: ["app": "db"]) { $0[path: "spec", "nodeSelector"] = ["kubernetes.io/hostname": "n3"] }])
            #expect(try await P.boundNode(api, "db") == "n3")
            try await P.create(api, pods: [O.pod("db-client") { pod in
                pod[path: "spec", "affinity"] = ["podAffinity": ["requiredDuringSchedulingIgnoredDuringExecution": [[
                    "labelSelector": O.selector(["app": "db"]), "topologyKey": "topology.kubernetes.io/zone",
                ]]]]
            }])
            #expect(try await P.boundNode(api, "db-client") == "n3")
        }
    }

    @Test("namespaceSelector scopes affinity terms to the namespaces it selects")
    func namespaceSelector() async throws {
        try await P.withScheduler { api in
            try await P.create(api, nodes: [O.node("n1"), O.node("n2")])
            _ = try await api.create(.namespaces, namespace: "", object: ["metadata": ["name": "team-a", "labels": ["team": "a"]]])
            var other = O.pod("other", labels: ["app": "x"]) { $0[path: "spec", "nodeSelector"] = ["kubernetes.io/hostname": "n1"] }
            other.namespace = "team-a"
            _ = try await api.create(.pods, namespace: "team-a", object: other)
            #expect(try await P.boundNode(api, "other", namespace: "team-a") == "n1")
            try await P.create(api, pods: [O.pod("follower") { pod in
                pod[path: "spec", "affinity"] = ["podAffinity": ["requiredDuringSchedulingIgnoredDuringExecution": [[
                    "labelSelector": O.selector(["app": "x"]), "namespaceSelector": O.selector(["team": "a"]),
                    "topologyKey": "kubernetes.io/hostname",
                ]]]]
            }])
            #expect(try await P.boundNode(api, "follower") == "n1")
        }
    }
}
