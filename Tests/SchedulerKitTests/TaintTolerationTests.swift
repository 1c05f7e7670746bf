import Foundation
@testable import SchedulerKit
import Testing

/// TaintToleration: the NoSchedule/NoExecute filter and the PreferNoSchedule score.
@Suite struct TaintTolerationTests {
    typealias F = DefaultPluginFixtures

    static let snapshotNodes = [
        F.nodeJSON("clean"),
        F.nodeJSON("batch", taints: #"[{"key":"dedicated","value":"batch","effect":"NoSchedule"}]"#),
        F.nodeJSON("draining", taints: #"[{"key":"node.kubernetes.io/not-ready","effect":"NoExecute"}]"#),
        F.nodeJSON("soft", taints: #"[{"key":"gpu","value":"true","effect":"PreferNoSchedule"}]"#),
    ]

    @Test func untoleratedNoScheduleAndNoExecuteTaintsReject() throws {
        let snapshot = try F.snapshot(nodes: Self.snapshotNodes)
        let plugin = try TaintToleration(args: nil, snapshot: snapshot)
        let pod = PodInfo(try F.pod(F.podJSON("p", spec: #""containers":[]"#)))
        #expect(F.statuses(F.filter(plugin, pod, snapshot).verdicts) == [
            .success,
            .unresolvable("node(s) had untolerated taint {dedicated: batch}"),
            .unresolvable("node(s) had untolerated taint {node.kubernetes.io/not-ready: }"),
            .success,
        ])
        let tolerant = PodInfo(try F.pod(F.podJSON("t", spec: """
            "tolerations":[{"key":"dedicated","operator":"Equal","value":"batch","effect":"NoSchedule"},
                           {"key":"node.kubernetes.io/not-ready","operator":"Exists"}],"containers":[]
            """)))
        #expect(F.statuses(F.filter(plugin, tolerant, snapshot).verdicts).allSatisfy { $0.isSuccess })
        let wrongValue = PodInfo(try F.pod(F.podJSON("w", spec: #""tolerations":[{"key":"dedicated","value":"web","effect":"NoSchedule"}],"containers":[]"#)))
        #expect(F.statuses(F.filter(plugin, wrongValue, snapshot).verdicts)[1].code == .unschedulableAndUnresolvable)
    }

    @Test func fewerUntoleratedPreferNoScheduleTaintsScoreHigher() throws {
        let snapshot = try F.snapshot(nodes: [
            F.nodeJSON("none"),
            F.nodeJSON("one", taints: #"[{"key":"a","value":"1","effect":"PreferNoSchedule"}]"#),
            F.nodeJSON("two", taints: #"[{"key":"a","value":"1","effect":"PreferNoSchedule"},{"key":"b","effect":"PreferNoSchedule"},{"key":"c","effect":"NoSchedule"}]"#),
        ])
        let plugin = try TaintToleration(args: nil, snapshot: snapshot)
        let pod = PodInfo(try F.pod(F.podJSON("p", spec: #""containers":[]"#)))
        let result = F.score(plugin, pod, snapshot)
        #expect(result.raw == [0, 1, 2])
        #expect(result.normalized == [100, 50, 0])

        // A toleration with a NoSchedule effect does not count against PreferNoSchedule taints;
        // one without an effect does.
        let tolerating = PodInfo(try F.pod(F.podJSON("q", spec: """
            "tolerations":[{"key":"a","operator":"Exists","effect":"NoSchedule"},{"key":"b","operator":"Exists"}],"containers":[]
            """)))
        let tolerated = F.score(plugin, tolerating, snapshot)
        #expect(tolerated.raw == [0, 1, 1])
        #expect(tolerated.normalized == [100, 0, 0])

        let allClean = F.score(plugin, pod, snapshot, nodes: [snapshot.nodes[0]])
        #expect(allClean.normalized == [100], "no untolerated taints anywhere: every node gets the maximum")
    }

    @Test func registersNodeTaintAndTolerationEvents() {
        #expect(Set(TaintToleration.events) == [
            ClusterEvent(resource: "Node", action: "Add"), ClusterEvent(resource: "Node", action: "UpdateNodeTaint"),
            ClusterEvent(resource: "Pod", action: "UpdatePodTolerations"),
        ])
    }
}
