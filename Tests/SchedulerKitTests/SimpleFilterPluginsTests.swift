import Foundation
@testable import SchedulerKit
import Testing

/// PrioritySort, SchedulingGates, NodeUnschedulable and NodeName.
@Suite struct SimpleFilterPluginsTests {
    typealias F = DefaultPluginFixtures

    static func podInfo(_ name: String, spec: String) throws -> PodInfo {
        PodInfo(try F.pod(F.podJSON(name, spec: spec)))
    }

    @Test func prioritySortPutsHigherPriorityThenEarlierFirst() throws {
        let sort = try PrioritySort(args: nil, snapshot: Snapshot())
        let high = QueuedPod(pod: try Self.podInfo("high", spec: #""priority":1000,"containers":[]"#), timestamp: 20)
        let low = QueuedPod(pod: try Self.podInfo("low", spec: #""containers":[]"#), timestamp: 10)
        let lowLater = QueuedPod(pod: try Self.podInfo("low2", spec: #""priority":0,"containers":[]"#), timestamp: 30)
        #expect(sort.less(high, low) && !sort.less(low, high), "priority wins over queue time")
        #expect(sort.less(low, lowLater) && !sort.less(lowLater, low), "equal priority: earlier first")
        #expect(!sort.less(low, low))
    }

    @Test func schedulingGatesKeepGatedPodsOut() throws {
        let gates = try SchedulingGates(args: nil, snapshot: Snapshot())
        let gated = try Self.podInfo("gated", spec: #""schedulingGates":[{"name":"example.com/foo"},{"name":"example.com/bar"}],"containers":[]"#)
        #expect(gates.preEnqueue(gated) == .unresolvable("waiting for scheduling gates: [example.com/foo example.com/bar]"))
        #expect(gates.preEnqueue(try Self.podInfo("free", spec: #""schedulingGates":[],"containers":[]"#)).isSuccess)
        #expect(SchedulingGates.events == [ClusterEvent(resource: "Pod", action: "UpdatePodSchedulingGatesEliminated")])
    }

    @Test func nodeUnschedulableRejectsCordonedNodesUnlessTolerated() throws {
        let snapshot = try F.snapshot(nodes: [F.nodeJSON("open"), F.nodeJSON("cordoned", unschedulable: true)])
        let plugin = try NodeUnschedulable(args: nil, snapshot: snapshot)
        let plain = try Self.podInfo("p", spec: #""containers":[]"#)
        #expect(F.statuses(F.filter(plugin, plain, snapshot).verdicts) == [.success, .unresolvable("node(s) were unschedulable")])
        let tolerant = try Self.podInfo("t", spec: #""tolerations":[{"key":"node.kubernetes.io/unschedulable","operator":"Exists","effect":"NoSchedule"}],"containers":[]"#)
        #expect(F.statuses(F.filter(plugin, tolerant, snapshot).verdicts) == [.success, .success])
        let wrongEffect = try Self.podInfo("w", spec: #""tolerations":[{"key":"node.kubernetes.io/unschedulable","operator":"Exists","effect":"NoExecute"}],"containers":[]"#)
        #expect(F.statuses(F.filter(plugin, wrongEffect, snapshot).verdicts)[1].code == .unschedulableAndUnresolvable)
        #expect(Set(NodeUnschedulable.events) == [
            ClusterEvent(resource: "Node", action: "Add"), ClusterEvent(resource: "Node", action: "UpdateNodeTaint"),
            ClusterEvent(resource: "Pod", action: "UpdatePodTolerations"),
        ])
    }

    @Test func nodeNameFitsOnlyTheNamedNode() throws {
        let snapshot = try F.snapshot(nodes: [F.nodeJSON("a"), F.nodeJSON("b")])
        let plugin = try NodeName(args: nil, snapshot: snapshot)
        let named = try Self.podInfo("p", spec: #""nodeName":"b","containers":[]"#)
        #expect(F.statuses(F.filter(plugin, named, snapshot).verdicts) == [.unresolvable("node(s) didn't match the requested node name"), .success])
        let unnamed = try Self.podInfo("q", spec: #""containers":[]"#)
        #expect(F.statuses(F.filter(plugin, unnamed, snapshot).verdicts) == [.success, .success])
        #expect(NodeName.events == [ClusterEvent(resource: "Node", action: "Add")])
    }
}
