import Foundation
@testable import SchedulerKit
import Testing

/// NodeResourcesBalancedAllocation: 100 × (1 − standard deviation of the requested fractions).
@Suite struct NodeResourcesBalancedAllocationTests {
    typealias F = DefaultPluginFixtures

    static func pod(_ name: String, node: String? = nil, requests: String) -> String {
        let nodeName = node.map { "\"nodeName\":\"\($0)\"," } ?? ""
        return F.podJSON(name, spec: #"\#(nodeName)"containers":[\#(F.container(requests: requests))]"#)
    }

    @Test func evenUseScoresHigher() throws {
        let snapshot = try F.snapshot(
            nodes: [F.nodeJSON("empty"), F.nodeJSON("cpuHeavy"), F.nodeJSON("besteffort")],
            pods: [
                Self.pod("hog", node: "cpuHeavy", requests: #"{"cpu":"3"}"#),
                Self.pod("be", node: "besteffort", requests: "{}"),
            ])
        let plugin = try NodeResourcesBalancedAllocation(args: nil, snapshot: snapshot)
        let pod = PodInfo(try F.pod(Self.pod("new", requests: #"{"cpu":"1","memory":"4Gi"}"#)))
        // empty: 0.25 and 0.5 → deviation 0.125 → 87. cpuHeavy: cpu 4/4 = 1, memory 0.5 → 75.
        // besteffort: the real requests count (none), so the same as empty: 87.
        let scores = F.score(plugin, pod, snapshot)
        #expect(scores.raw == [87, 75, 87])
        #expect(scores.normalized == scores.raw)
        // A pod without requests on an empty node: both fractions 0 → 100.
        #expect(F.score(plugin, PodInfo(try F.pod(Self.pod("none", requests: "{}"))), snapshot).raw[0] == 100)
    }

    @Test func threeResourcesUseTheStandardDeviation() throws {
        let snapshot = try F.snapshot(nodes: [F.nodeJSON("n", extraAllocatable: #","ephemeral-storage":"100Gi""#)])
        let args = #"{"resources":[{"name":"cpu","weight":1},{"name":"memory","weight":1},{"name":"ephemeral-storage","weight":1}]}"#
        let plugin = try NodeResourcesBalancedAllocation(args: Data(args.utf8), snapshot: snapshot)
        let pod = PodInfo(try F.pod(Self.pod("new", requests: #"{"cpu":"1","memory":"4Gi","ephemeral-storage":"50Gi"}"#)))
        // Fractions 0.25, 0.5, 0.5: mean 5/12, deviation 0.1179 → 88.
        #expect(F.score(plugin, pod, snapshot).raw == [88])
    }

    @Test func weightsMustBeOne() {
        #expect(F.argsError { _ = try NodeResourcesBalancedAllocation(args: Data(#"{"resources":[{"name":"cpu","weight":2}]}"#.utf8), snapshot: Snapshot()) }
            == "NodeResourcesBalancedAllocationArgs: resources[0].weight: Invalid value: 2: must be 1")
        #expect(F.argsError { _ = try NodeResourcesBalancedAllocation(args: Data(#"{"resources":[{"name":"cpu"},{"name":"cpu"}]}"#.utf8), snapshot: Snapshot()) }
            == #"NodeResourcesBalancedAllocationArgs: resources[1].name: Duplicate value: "cpu""#)
    }
}
