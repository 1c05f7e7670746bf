import APIServer
import Controllers
import Foundation
import Kernel
import Testing

/// The framework scheduler placing pods with the fake bundle's plugins: binding and Events,
/// weighted scores, the FitError message, profiles by schedulerName, PreFilter narrowing.
@Suite("Framework scheduling")
struct FrameworkSchedulingTests {
    typealias F = FrameworkTesting
    typealias T = SchedulingTesting

    @Test func bindsAPodAndRecordsTheScheduledEvent() async throws {
        try await T.withCluster { api in
            try await F.create(api, nodes: [F.node("n1", ["pool": "a"]), F.node("n2", ["pool": "b"])])
            try await F.withScheduler(api, profiles: [F.profile(filter: ["LabelFilter"])]) { _, bundle in
                try await F.create(api, pod: F.pod("web", ["want-pool": "b"]))
                #expect(try await F.bound(api, "web") == "n2")
                let scheduled = try await T.eventually("the Scheduled event") { try await T.events(api, about: "web", reason: "Scheduled").first }
                #expect(scheduled["message"] == "Successfully assigned default/web to n2")
                #expect(scheduled["type"] == "Normal")
                #expect(scheduled[path: "source", "component"] == "default-scheduler")
                #expect(bundle.log.contains("reserve:web"))
                #expect(bundle.log.contains("assume:web"))
                #expect(!bundle.log.contains("forget:web"))
            }
        }
    }

    @Test func waitsForANodeWhenThereIsNone() async throws {
        try await T.withCluster { api in
            try await F.withScheduler(api, profiles: [F.profile(filter: ["LabelFilter"])]) { _, _ in
                try await F.create(api, pod: F.pod("early"))
                let condition = try await F.unschedulable(api, "early", message: "no nodes available to schedule pods")
                #expect(condition["reason"] == "Unschedulable")
                try await F.create(api, nodes: [F.node("n1")])
                #expect(try await F.bound(api, "early") == "n1")
            }
        }
    }

    @Test func choosesTheNodeWithTheHighestWeightedSum() async throws {
        try await T.withCluster { api in
            try await F.create(api, nodes: [F.node("fast", ["speed": "100", "cost": "0"]), F.node("cheap", ["speed": "0", "cost": "60"])])
            let weights: (Int, Int) -> SchedulerProfile = { speed, cost in
                F.profile(
                    speed > cost ? "speed-first" : "cost-first",
                    score: [EnabledPlugin(name: "LabelScore", weight: speed), EnabledPlugin(name: "OtherLabelScore", weight: cost)],
                    pluginConfig: ["LabelScore": ["label": "speed"], "OtherLabelScore": ["label": "cost"]])
            }
            // speed-first: fast 300 vs cheap 60; cost-first: fast 100 vs cheap 120.
            try await F.withScheduler(api, profiles: [weights(3, 1), weights(1, 2)]) { _, _ in
                try await F.create(api, pod: F.pod("a", schedulerName: "speed-first"))
                try await F.create(api, pod: F.pod("b", schedulerName: "cost-first"))
                #expect(try await F.bound(api, "a") == "fast")
                #expect(try await F.bound(api, "b") == "cheap")
            }
        }
    }

    @Test func reportsAnUnschedulablePodWithReasonsCountedPerNode() async throws {
        try await T.withCluster { api in
            try await F.create(api, nodes: [
                F.node("full-1", ["slots": "0"]), F.node("full-2", ["slots": "0"]),
                F.node("batch-1", ["dedicated": "batch"]), F.node("batch-2", ["dedicated": "batch"]), F.node("batch-3", ["dedicated": "batch"]),
            ])
            try await F.withScheduler(api, profiles: [F.profile(filter: ["TaintFilter", "SlotsFilter"])]) { _, _ in
                try await F.create(api, pod: F.pod("web"))
                let message = "0/5 nodes are available: 2 Insufficient cpu, 3 node(s) had untolerated taint {dedicated: batch}."
                let condition = try await F.unschedulable(api, "web", message: message)
                #expect(condition["reason"] == "Unschedulable")
                let warning = try await T.eventually("FailedScheduling") { try await T.events(api, about: "web", reason: "FailedScheduling").first }
                #expect(warning["type"] == "Warning")
                #expect(warning["message"] == .string(message))
            }
        }
    }

    @Test func sendsPodsToTheProfileTheyNameAndIgnoresOthers() async throws {
        try await T.withCluster { api in
            try await F.create(api, nodes: [F.node("n1", ["dedicated": "batch"])])
            let profiles = [F.profile(filter: ["TaintFilter"]), F.profile("batch-scheduler")]
            try await F.withScheduler(api, profiles: profiles) { scheduler, _ in
                try await F.create(api, pod: F.pod("stray", schedulerName: "nobody"))
                try await F.create(api, pod: F.pod("web"))
                try await F.create(api, pod: F.pod("job", schedulerName: "batch-scheduler"))
                #expect(try await F.bound(api, "job") == "n1")
                let scheduled = try await T.eventually("the Scheduled event of job") { try await T.events(api, about: "job", reason: "Scheduled").first }
                #expect(scheduled[path: "source", "component"] == "batch-scheduler")
                try await F.unschedulable(api, "web", message: "0/1 nodes are available: 1 node(s) had untolerated taint {dedicated: batch}.")
                #expect(await F.queueState(scheduler, "stray") == nil)
                #expect(try await F.podScheduled(api, "stray") == nil)
                #expect(try await F.nodeName(api, "stray") == nil)
            }
        }
    }

    @Test func preFilterNarrowsTheNodesAndExplainsAnEmptyResult() async throws {
        try await T.withCluster { api in
            try await F.create(api, nodes: [F.node("n1", ["speed": "100"]), F.node("n2", ["speed": "50"]), F.node("n3", ["speed": "0"])])
            let profile = F.profile(
                preFilter: ["OnlyNodes"], filter: ["LabelFilter"], score: [EnabledPlugin(name: "LabelScore")],
                pluginConfig: ["LabelScore": ["label": "speed"]])
            try await F.withScheduler(api, profiles: [profile]) { _, _ in
                try await F.create(api, pod: F.pod("narrow", ["only": "n2.n3"]))
                #expect(try await F.bound(api, "narrow") == "n2")
                try await F.create(api, pod: F.pod("nowhere", ["only": "n9"]))
                try await F.unschedulable(api, "nowhere", message: "0/3 nodes are available: node(s) didn't satisfy plugin OnlyNodes.")
                // Narrowed to n3, which the filter rejects: the other two nodes count as not satisfying the PreFilter.
                try await F.create(api, pod: F.pod("picky", ["only": "n3", "want-pool": "x"]))
                try await F.unschedulable(
                    api, "picky",
                    message: "0/3 nodes are available: 1 node(s) didn't match pool x, 2 node(s) didn't satisfy plugin(s) [OnlyNodes].")
            }
        }
    }
}

/// Node sampling: `percentageOfNodesToScore` bounds the feasible nodes searched for, and each
/// search starts where the previous one stopped.
@Suite("Framework node sampling")
struct FrameworkSamplingTests {
    typealias F = FrameworkTesting
    typealias T = SchedulingTesting

    @Test func findsThePercentageOfNodesAndRotatesTheStart() async throws {
        try await T.withCluster { api in
            try await F.create(api, nodes: (1...200).map { F.node("n\($0)") })
            let profile = F.profile(score: [EnabledPlugin(name: "LabelScore")], percentageOfNodesToScore: 50)
            try await F.withScheduler(api, profiles: [profile]) { _, bundle in
                try await F.create(api, pod: F.pod("first"))
                _ = try await F.bound(api, "first")
                try await F.create(api, pod: F.pod("second"))
                _ = try await F.bound(api, "second")
                let first = try #require(bundle.scoredNodes("first"))
                let second = try #require(bundle.scoredNodes("second"))
                // 200 nodes at 50%: 100 feasible nodes are scored, the second search goes on from the first.
                #expect(first.count == 100)
                #expect(second.count == 100)
                #expect(Set(first).isDisjoint(with: second))
            }
        }
    }
}
