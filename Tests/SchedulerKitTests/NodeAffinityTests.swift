import Foundation
@testable import SchedulerKit
import Testing

/// NodeAffinity: nodeSelector and required terms, matchFields narrowing, added affinity, and
/// the preferred terms' score.
@Suite struct NodeAffinityTests {
    typealias F = DefaultPluginFixtures

    static func snapshot() throws -> Snapshot {
        try F.snapshot(nodes: [
            F.nodeJSON("a1", labels: #"{"zone":"a","disk":"ssd","cores":"8"}"#),
            F.nodeJSON("a2", labels: #"{"zone":"a","cores":"2"}"#),
            F.nodeJSON("b1", labels: #"{"zone":"b","disk":"ssd"}"#),
        ])
    }

    static func pod(_ spec: String) throws -> PodInfo { PodInfo(try F.pod(F.podJSON("p", spec: spec))) }

    @Test func podWithoutConstraintsIsSkipped() throws {
        let snapshot = try Self.snapshot()
        let plugin = try NodeAffinity(args: nil, snapshot: snapshot)
        let result = F.filter(plugin, try Self.pod(#""containers":[]"#), snapshot)
        #expect(result.pre?.1 == .skip)
        #expect(F.statuses(result.verdicts).allSatisfy { $0.isSuccess })
    }

    @Test func nodeSelectorAndRequiredTermsFilter() throws {
        let snapshot = try Self.snapshot()
        let plugin = try NodeAffinity(args: nil, snapshot: snapshot)
        let reject = FrameworkStatus.unresolvable("node(s) didn't match Pod's node affinity/selector")

        let selector = F.filter(plugin, try Self.pod(#""nodeSelector":{"disk":"ssd"},"containers":[]"#), snapshot)
        #expect(selector.pre?.1 == .success && selector.pre?.0 == nil)
        #expect(F.statuses(selector.verdicts) == [.success, reject, .success])

        // Terms are ORed, requirements within a term ANDed; Gt compares integers; NotIn and
        // DoesNotExist match nodes without the label.
        let affinity = """
            "affinity":{"nodeAffinity":{"requiredDuringSchedulingIgnoredDuringExecution":{"nodeSelectorTerms":[
              {"matchExpressions":[{"key":"zone","operator":"In","values":["a"]},{"key":"cores","operator":"Gt","values":["4"]}]},
              {"matchExpressions":[{"key":"zone","operator":"NotIn","values":["a"]},{"key":"gpu","operator":"DoesNotExist"}]}
            ]}}},"containers":[]
            """
        #expect(F.statuses(F.filter(plugin, try Self.pod(affinity), snapshot).verdicts) == [.success, reject, .success])

        // Both the selector and the required terms must hold.
        let both = #""nodeSelector":{"zone":"a"},"affinity":{"nodeAffinity":{"requiredDuringSchedulingIgnoredDuringExecution":{"nodeSelectorTerms":[{"matchExpressions":[{"key":"disk","operator":"Exists"}]}]}}},"containers":[]"#
        #expect(F.statuses(F.filter(plugin, try Self.pod(both), snapshot).verdicts) == [.success, reject, reject])
    }

    @Test func matchFieldsOnNodeNameNarrowTheNodes() throws {
        let snapshot = try Self.snapshot()
        let plugin = try NodeAffinity(args: nil, snapshot: snapshot)
        let byName = """
            "affinity":{"nodeAffinity":{"requiredDuringSchedulingIgnoredDuringExecution":{"nodeSelectorTerms":[
              {"matchFields":[{"key":"metadata.name","operator":"In","values":["a1"]}]},
              {"matchFields":[{"key":"metadata.name","operator":"In","values":["b1"]}]}
            ]}}},"containers":[]
            """
        let result = F.filter(plugin, try Self.pod(byName), snapshot)
        #expect(result.pre?.0 == PreFilterResult(nodeNames: ["a1", "b1"]))
        #expect(F.statuses(result.verdicts).map(\.isSuccess) == [true, false, true])

        let conflicting = """
            "affinity":{"nodeAffinity":{"requiredDuringSchedulingIgnoredDuringExecution":{"nodeSelectorTerms":[
              {"matchFields":[{"key":"metadata.name","operator":"In","values":["a1"]},{"key":"metadata.name","operator":"In","values":["a2"]}]}
            ]}}},"containers":[]
            """
        #expect(F.filter(plugin, try Self.pod(conflicting), snapshot).pre?.1 == .unresolvable("pod affinity terms conflict"))

        let mixed = """
            "affinity":{"nodeAffinity":{"requiredDuringSchedulingIgnoredDuringExecution":{"nodeSelectorTerms":[
              {"matchFields":[{"key":"metadata.name","operator":"In","values":["a1"]}]},
              {"matchExpressions":[{"key":"zone","operator":"In","values":["b"]}]}
            ]}}},"containers":[]
            """
        let open = F.filter(plugin, try Self.pod(mixed), snapshot)
        #expect(open.pre?.0 == nil && open.pre?.1 == .success, "a term without node names lets every node through")
    }

    @Test func addedAffinityIsEnforcedAndScored() throws {
        let snapshot = try Self.snapshot()
        let args = """
            {"addedAffinity":{
              "requiredDuringSchedulingIgnoredDuringExecution":{"nodeSelectorTerms":[{"matchExpressions":[{"key":"disk","operator":"In","values":["ssd"]}]}]},
              "preferredDuringSchedulingIgnoredDuringExecution":[{"weight":10,"preference":{"matchExpressions":[{"key":"zone","operator":"In","values":["b"]}]}}]}}
            """
        let plugin = try NodeAffinity(args: Data(args.utf8), snapshot: snapshot)
        let pod = try Self.pod(#""containers":[]"#)
        let result = F.filter(plugin, pod, snapshot)
        #expect(result.pre?.1 == .success, "added affinity means the Filter has work even for a plain pod")
        #expect(F.statuses(result.verdicts) == [.success, .unresolvable("node(s) didn't match scheduler-enforced node affinity"), .success])
        let scores = F.score(plugin, pod, snapshot)
        #expect(scores.raw == [0, 0, 10])
        #expect(scores.normalized == [0, 0, 100])
    }

    @Test func preferredTermsSumTheirWeights() throws {
        let snapshot = try Self.snapshot()
        let plugin = try NodeAffinity(args: nil, snapshot: snapshot)
        let preferred = """
            "affinity":{"nodeAffinity":{"preferredDuringSchedulingIgnoredDuringExecution":[
              {"weight":80,"preference":{"matchExpressions":[{"key":"zone","operator":"In","values":["a"]}]}},
              {"weight":20,"preference":{"matchExpressions":[{"key":"disk","operator":"In","values":["ssd"]}]}},
              {"weight":5,"preference":{"matchExpressions":[{"key":"cores","operator":"Lt","values":["4"]}]}}
            ]}},"containers":[]
            """
        let scores = F.score(plugin, try Self.pod(preferred), snapshot)
        #expect(scores.preScore == .success)
        #expect(scores.raw == [100, 85, 20])
        #expect(scores.normalized == [100, 85, 20])

        let lower = """
            "affinity":{"nodeAffinity":{"preferredDuringSchedulingIgnoredDuringExecution":[
              {"weight":2,"preference":{"matchExpressions":[{"key":"zone","operator":"In","values":["a"]}]}},
              {"weight":1,"preference":{"matchExpressions":[{"key":"disk","operator":"In","values":["ssd"]}]}}
            ]}},"containers":[]
            """
        let scaled = F.score(plugin, try Self.pod(lower), snapshot)
        #expect(scaled.raw == [3, 2, 1])
        #expect(scaled.normalized == [100, 66, 33])

        #expect(F.score(plugin, try Self.pod(#""containers":[]"#), snapshot).preScore == .skip)
    }

    @Test func badArgsNameTheField() throws {
        let bad = #"{"addedAffinity":{"requiredDuringSchedulingIgnoredDuringExecution":{"nodeSelectorTerms":[{"matchExpressions":[{"key":"zone","operator":"Near","values":["a"]}]}]}}}"#
        let message = F.argsError { _ = try NodeAffinity(args: Data(bad.utf8), snapshot: Snapshot()) }
        #expect(message?.hasPrefix("NodeAffinityArgs: addedAffinity.requiredDuringSchedulingIgnoredDuringExecution.nodeSelectorTerms[0].matchExpressions[0].operator: Invalid value") == true)
        let weight = #"{"addedAffinity":{"preferredDuringSchedulingIgnoredDuringExecution":[{"weight":0,"preference":{}}]}}"#
        let weightMessage = F.argsError { _ = try NodeAffinity(args: Data(weight.utf8), snapshot: Snapshot()) }
        #expect(weightMessage == "NodeAffinityArgs: addedAffinity.preferredDuringSchedulingIgnoredDuringExecution[0].weight: Invalid value: 0: must be in the range 1-100")
        #expect(Set(NodeAffinity.events) == [ClusterEvent(resource: "Node", action: "Add"), ClusterEvent(resource: "Node", action: "UpdateNodeLabel")])
    }
}
