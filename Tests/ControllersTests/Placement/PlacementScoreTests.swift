import APIServer
import Controllers
import Kernel
import Testing

/// The default profile's scores and a second profile, through the real bundle.
@Suite("Placement: scores and profiles")
struct PlacementScoreTests {
    typealias O = PlacementObjects
    typealias P = Placement

    @Test("LeastAllocated spreads, preferred node affinity and PreferNoSchedule steer, ImageLocality prefers cached images")
    func scores() async throws {
        try await P.withScheduler { api in
            try await P.create(api, nodes: [O.node("busy", cpu: "4"), O.node("idle", cpu: "4")])
            try await P.create(api, pods: [O.pod("load", cpu: "3") { $0[path: "spec", "nodeName"] = "busy" }])
            try await P.create(api, pods: [O.pod("next", cpu: "500m")])
            #expect(try await P.boundNode(api, "next") == "idle")
        }
        try await P.withScheduler { api in
            try await P.create(api, nodes: [O.node("plain"), O.node("fast", labels: ["disk": "ssd"]),
                                            O.node("tainted", labels: ["disk": "ssd"], taints: [O.taint("spot", "true", "PreferNoSchedule")])])
            try await P.create(api, pods: [O.pod("prefers-ssd") { pod in
                pod[path: "spec", "affinity"] = ["nodeAffinity": ["preferredDuringSchedulingIgnoredDuringExecution": [[
                    "weight": 100, "preference": ["matchExpressions": [O.requirement("disk", "In", ["ssd"])]],
                ]]]]
            }])
            #expect(try await P.boundNode(api, "prefers-ssd") == "fast")
        }
        try await P.withScheduler { api in
            let image = "registry.example/big:1"
            try await P.create(api, nodes: [O.node("cold"), O.node("warm", images: [(image, 900 * 1024 * 1024)])])
            try await P.create(api, pods: [O.pod("uses-image", image: image)])
            #expect(try await P.boundNode(api, "uses-image") == "warm")
        }
    }

    @Test("two profiles: pods naming bin-packer are packed with MostAllocated, default-scheduler pods are spread")
    func twoProfiles() async throws {
        let config: JSONValue = [
            "apiVersion": "kubescheduler.config.k8s.io/v1", "kind": "KubeSchedulerConfiguration",
            "profiles": [
                ["schedulerName": "default-scheduler"],
                [
                    "schedulerName": "bin-packer",
                    "pluginConfig": [["name": "NodeResourcesFit", "args": ["scoringStrategy": [
                        "type": "MostAllocated", "resources": [["name": "cpu", "weight": 1], ["name": "memory", "weight": 1]],
                    ]]]],
                ],
            ],
        ]
        try await P.withScheduler(config: config) { api in
            try await P.create(api, nodes: [O.node("n1", cpu: "4"), O.node("n2", cpu: "4")])
            try await P.create(api, pods: [O.pod("seed", cpu: "1") { $0[path: "spec", "nodeName"] = "n1" }])
            try await P.create(api, pods: [O.pod("packed", cpu: "1") { $0[path: "spec", "schedulerName"] = "bin-packer" }])
            #expect(try await P.boundNode(api, "packed") == "n1")
            try await P.create(api, pods: [O.pod("spread", cpu: "1")])
            #expect(try await P.boundNode(api, "spread") == "n2")
            let scheduled = try await SchedulingTesting.eventually("Scheduled event") {
                try await SchedulingTesting.events(api, about: "packed", reason: "Scheduled").first
            }
            #expect(scheduled[path: "source", "component"] == "bin-packer" || scheduled["reportingComponent"] == "bin-packer")
        }
    }
}
