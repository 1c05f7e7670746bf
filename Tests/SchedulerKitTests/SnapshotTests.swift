import Foundation
@testable import SchedulerKit
import Testing

/// The snapshot a scheduler bundle keeps from change notifications.
@Suite struct SnapshotTests {
    static func node(_ name: String, images: [String] = []) throws -> Node {
        let json = """
            {"metadata":{"name":"\(name)","labels":{"zone":"a"}},
             "status":{"allocatable":{"cpu":"4","memory":"8Gi","pods":"110"},
                       "images":[\(images.map { "{\"names\":[\"\($0)\"],\"sizeBytes\":1000}" }.joined(separator: ","))]}}
            """
        return try JSONDecoder().decode(Node.self, from: Data(json.utf8))
    }

    static func pod(_ name: String, node: String? = nil, cpu: String = "500m", hostPort: Int? = nil) throws -> Pod {
        let nodeName = node.map { "\"nodeName\":\"\($0)\"," } ?? ""
        let ports = hostPort.map { ",\"ports\":[{\"containerPort\":80,\"hostPort\":\($0)}]" } ?? ""
        let json = """
            {"metadata":{"name":"\(name)","namespace":"default"},
             "spec":{\(nodeName)"containers":[{"name":"c","resources":{"requests":{"cpu":"\(cpu)"}}\(ports)}]}}
            """
        return try JSONDecoder().decode(Pod.self, from: Data(json.utf8))
    }

    static func header(_ type: String, _ name: String, node: String? = nil, labels: String = "null") throws -> PodEventHeader {
        let nodeName = node.map { ",\"spec\":{\"nodeName\":\"\($0)\"}" } ?? ""
        let json = """
            {"type":"\(type)","object":{"metadata":{"name":"\(name)","namespace":"default","labels":\(labels)}\(nodeName)}}
            """
        return try JSONDecoder().decode(PodEventHeader.self, from: Data(json.utf8))
    }

    @Test func podEventHeadersConfirmAssumptionsAndAskForTheWholePodWhenItChanged() throws {
        let snapshot = Snapshot()
        snapshot.apply(nodeEvent: "ADDED", try Self.node("n"))
        let pod = PodInfo(try Self.pod("p"))
        // An unbound pod's event needs nothing more.
        #expect(snapshot.apply(podEvent: try Self.header("ADDED", "p")))
        #expect(snapshot.placement(of: pod.key) == nil)
        // The binding of the assumed pod confirms the assumption; the row counts it once.
        snapshot.assume(pod, on: "n")
        #expect(snapshot.rows[0].podCount == 1 && snapshot.rows[0].requestedMilliCPU == 500)
        #expect(snapshot.apply(podEvent: try Self.header("MODIFIED", "p", node: "n")))
        #expect(snapshot.placement(of: pod.key)?.assumed == false)
        snapshot.forget(pod.key, on: "n")
        #expect(snapshot.rows[0].podCount == 1)
        // Changed labels or another node: the whole pod is needed.
        #expect(!snapshot.apply(podEvent: try Self.header("MODIFIED", "p", node: "n", labels: #"{"a":"b"}"#)))
        #expect(!snapshot.apply(podEvent: try Self.header("MODIFIED", "p", node: "m")))
        // Deletion leaves.
        #expect(snapshot.apply(podEvent: try Self.header("DELETED", "p", node: "n")))
        #expect(snapshot.placement(of: pod.key) == nil && snapshot.rows[0].podCount == 0)
    }

    @Test func nodesKeepDenseIndicesAndReuseHoles() throws {
        let snapshot = Snapshot()
        for name in ["a", "b", "c"] { snapshot.apply(nodeEvent: "ADDED", try Self.node(name)) }
        #expect(snapshot.nodes.map(\.index) == [0, 1, 2])
        snapshot.apply(nodeEvent: "DELETED", try Self.node("b"))
        #expect(snapshot.nodes.map(\.name) == ["a", "c"])
        snapshot.apply(nodeEvent: "ADDED", try Self.node("d"))
        #expect(snapshot.node(named: "d")?.index == 1)
    }

    @Test func nodesTakeTheHostsIndicesAndAMovedNodeKeepsItsPods() throws {
        let snapshot = Snapshot()
        snapshot.apply(nodeEvent: "ADDED", index: 7, try Self.node("a"))
        snapshot.apply(nodeEvent: "ADDED", index: 2, try Self.node("b"))
        #expect(snapshot.nodes.map(\.name) == ["b", "a"] && snapshot.node(at: 7)?.name == "a" && snapshot.node(at: 3) == nil)
        snapshot.apply(podEvent: "ADDED", try Self.pod("p", node: "a"))
        snapshot.apply(nodeEvent: "MODIFIED", index: 4, try Self.node("a"))
        #expect(snapshot.node(at: 7) == nil && snapshot.node(at: 4)?.pods.map(\.key) == ["default/p"])
        snapshot.apply(nodeEvent: "DELETED", index: 2, try Self.node("b"))
        #expect(snapshot.node(at: 2) == nil && snapshot.node(named: "b") == nil)
        snapshot.apply(nodeEvent: "ADDED", index: 2, try Self.node("c"))
        #expect(snapshot.node(at: 2)?.name == "c" && snapshot.nodes.map(\.index) == [2, 4])
    }

    @Test func boundAndAssumedPodsCountOnTheirNode() throws {
        let snapshot = Snapshot()
        snapshot.apply(podEvent: "ADDED", try Self.pod("early", node: "a", hostPort: 8080))
        snapshot.apply(nodeEvent: "ADDED", try Self.node("a"))
        let node = try #require(snapshot.node(named: "a"))
        #expect(node.pods.map(\.key) == ["default/early"], "a binding seen before its node counts once the node arrives")
        #expect(node.requested[ResourceName.cpu] == 500 && node.usedPorts.count == 1)

        snapshot.assume(PodInfo(try Self.pod("new", cpu: "1")), on: "a")
        #expect(node.requested[ResourceName.cpu] == 1_500)
        snapshot.forget("default/new", on: "a")
        #expect(node.requested[ResourceName.cpu] == 500)

        snapshot.assume(PodInfo(try Self.pod("bound", cpu: "1")), on: "a")
        snapshot.apply(podEvent: "MODIFIED", try Self.pod("bound", node: "a", cpu: "1"))
        snapshot.forget("default/bound", on: "a")
        #expect(node.requested[ResourceName.cpu] == 1_500, "a confirmed pod is not withdrawn")
        let simulated = node.copy()
        simulated.remove("default/bound")
        #expect(simulated.requested[ResourceName.cpu] == 500 && node.requested[ResourceName.cpu] == 1_500, "a copy is independent")
        snapshot.apply(podEvent: "DELETED", try Self.pod("early", node: "a", hostPort: 8080))
        #expect(node.usedPorts.isEmpty && node.pods.map(\.key) == ["default/bound"])
    }

    @Test func imageCountsFollowNodes() throws {
        let snapshot = Snapshot()
        snapshot.apply(nodeEvent: "ADDED", try Self.node("a", images: ["nginx:1.27"]))
        snapshot.apply(nodeEvent: "ADDED", try Self.node("b", images: ["nginx:1.27", "redis:7"]))
        #expect(snapshot.imageNodeCounts == ["nginx:1.27": 2, "redis:7": 1])
        snapshot.apply(nodeEvent: "DELETED", try Self.node("b"))
        #expect(snapshot.imageNodeCounts == ["nginx:1.27": 1])
    }

    @Test func filterVerdictsShareReasonLists() {
        var verdicts = FilterVerdicts(count: 4)
        verdicts.set(0, .unschedulable("Insufficient cpu"))
        verdicts.set(2, .unschedulable("Insufficient cpu"))
        verdicts.set(3, .unresolvable("node(s) didn't match Pod's node affinity/selector"))
        #expect(verdicts.reasonLists.count == 2)
        #expect(verdicts.status(at: 1).isSuccess)
        #expect(verdicts.status(at: 2) == .unschedulable("Insufficient cpu"))
    }

    @Test func defaultNormalizationScalesAndReverses() {
        var scores: [Int64] = [0, 5, 10]
        ScoreNormalization.defaultNormalize(&scores, reverse: false)
        #expect(scores == [0, 50, 100])
        var reversed: [Int64] = [0, 5, 10]
        ScoreNormalization.defaultNormalize(&reversed, reverse: true)
        #expect(reversed == [100, 50, 0])
        var zeros: [Int64] = [0, 0]
        ScoreNormalization.defaultNormalize(&zeros, reverse: true)
        #expect(zeros == [100, 100])
    }
}
