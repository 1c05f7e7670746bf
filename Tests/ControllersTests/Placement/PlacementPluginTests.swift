import APIServer
import Controllers
import Kernel
import Testing

/// Framework plugins from other bundles: the third-party C Score plugin enabled through a profile,
/// and gang scheduling with the gang-scheduler bundle.
@Suite("Placement: third-party plugins and gangs")
struct PlacementPluginTests {
    typealias O = PlacementObjects
    typealias P = Placement

    @Test("the C NodeLabelScore plugin, enabled only in a profile, moves pods to the labelled nodes")
    func cPluginChangesPlacement() async throws {
        let config: JSONValue = [
            "apiVersion": "kubescheduler.config.k8s.io/v1", "kind": "KubeSchedulerConfiguration",
            "profiles": [
                ["schedulerName": "default-scheduler"],
                [
                    "schedulerName": "label-preferring",
                    "plugins": ["score": ["enabled": [["name": "NodeLabelScore", "weight": 50]]]],
                    "pluginConfig": [["name": "NodeLabelScore", "args": P.nodeLabelScoreArgs]],
                ],
            ],
        ]
        try await P.withScheduler(config: config, extraBundles: [P.cExampleBundle()]) { api in
            // "plain" is idle and wins on resources; only the C plugin prefers "labelled".
            try await P.create(api, nodes: [O.node("plain", cpu: "8"), O.node("labelled", cpu: "8", labels: ["disktype": "ssd"])])
            try await P.create(api, pods: [O.pod("load", cpu: "3") { $0[path: "spec", "nodeName"] = "labelled" }])
            try await P.create(api, pods: [O.pod("default-pod", cpu: "1")])
            #expect(try await P.boundNode(api, "default-pod") == "plain")
            for index in 0..<3 {
                try await P.create(api, pods: [O.pod("steered-\(index)", cpu: "1") { $0[path: "spec", "schedulerName"] = "label-preferring" }])
                #expect(try await P.boundNode(api, "steered-\(index)") == "labelled")
            }
        }
    }

    @Test("a gang of three binds all at once or not at all")
    func gangScheduling() async throws {
        try await P.withGangScheduler { api in
            try await P.create(api, nodes: [O.node("n1", cpu: "2")])
            func member(_ name: String) -> JSONValue {
                O.pod(name, cpu: "1") { pod in
                    pod[path: "spec", "schedulerName"] = "gang-scheduler"
                    pod[path: "metadata", "labels"] = [P.podGroupLabel: "trio", P.minAvailableKey: "3"]
                }
            }
            try await P.create(api, pods: [member("trio-0"), member("trio-1"), member("trio-2")])
            // Room for two: two members wait at Permit for the third, which fits nowhere; none binds.
            let members = ["trio-0", "trio-1", "trio-2"]
            let message = try await SchedulingTesting.eventually("a member reported unschedulable") { () async throws -> String? in
                for name in members {
                    let pod = try await api.get(.pods, namespace: "default", name: name)
                    let condition = pod[path: "status", "conditions"]?.arrayValue?.first { $0["type"] == "PodScheduled" }
                    if condition?["reason"] == "Unschedulable" { return condition?["message"]?.stringValue }
                }
                return nil
            }
            #expect(message.hasPrefix("0/1 nodes are available: 1 Insufficient cpu."), "\(message)")
            for name in members { #expect(try await P.nodeName(api, name) == nil) }
            try await P.create(api, nodes: [O.node("n2", cpu: "2")])
            var nodes: [String] = []
            for name in members { nodes.append(try await P.boundNode(api, name)) }
            #expect(Set(nodes) == ["n1", "n2"])
        }
    }
}
