import Foundation
@testable import SchedulerKit
import Testing

/// NodePorts: Skip without host ports; conflicts by address, protocol and port.
@Suite struct NodePortsTests {
    typealias F = DefaultPluginFixtures

    static func portsPod(_ name: String, node: String? = nil, ports: String, sidecarPorts: String? = nil) -> String {
        let nodeName = node.map { "\"nodeName\":\"\($0)\"," } ?? ""
        let sidecar = sidecarPorts.map {
            #""initContainers":[{"name":"side","image":"envoy","restartPolicy":"Always","ports":\#($0)}],"#
        } ?? ""
        return F.podJSON(name, spec: #"\#(nodeName)\#(sidecar)"containers":[{"name":"c","image":"nginx","ports":\#(ports)}]"#)
    }

    /// Node "n" with one pod using `used`; returns the verdict for a pod asking for `wanted`.
    static func verdict(used: String, wanted: String) throws -> FrameworkStatus {
        let snapshot = try F.snapshot(nodes: [F.nodeJSON("n")], pods: [portsPod("old", node: "n", ports: used)])
        let plugin = try NodePorts(args: nil, snapshot: snapshot)
        let pod = PodInfo(try F.pod(portsPod("new", ports: wanted)))
        return F.filter(plugin, pod, snapshot).verdicts.status(at: 0)
    }

    static let taken = FrameworkStatus.unschedulable("node(s) didn't have free ports for the requested pod ports")

    @Test func podsWithoutHostPortsSkip() throws {
        let snapshot = try F.snapshot(nodes: [F.nodeJSON("n")])
        let plugin = try NodePorts(args: nil, snapshot: snapshot)
        let pod = PodInfo(try F.pod(Self.portsPod("web", ports: #"[{"containerPort":80}]"#)))
        #expect(plugin.preFilter(CycleState(), pod, snapshot.nodes).1 == .skip)
    }

    @Test func conflictsFollowKubernetesRules() throws {
        // Same port, protocol and address.
        #expect(try Self.verdict(used: #"[{"containerPort":80,"hostPort":8080}]"#, wanted: #"[{"containerPort":80,"hostPort":8080}]"#) == Self.taken)
        // Another port is free.
        #expect(try Self.verdict(used: #"[{"containerPort":80,"hostPort":8080}]"#, wanted: #"[{"containerPort":80,"hostPort":8081}]"#).isSuccess)
        // Another protocol is free; an empty protocol means TCP.
        #expect(try Self.verdict(used: #"[{"containerPort":53,"hostPort":53,"protocol":"UDP"}]"#, wanted: #"[{"containerPort":53,"hostPort":53}]"#).isSuccess)
        #expect(try Self.verdict(used: #"[{"containerPort":53,"hostPort":53,"protocol":"TCP"}]"#, wanted: #"[{"containerPort":53,"hostPort":53,"protocol":""}]"#) == Self.taken)
        // 0.0.0.0 (or no hostIP) conflicts with any address, both ways.
        #expect(try Self.verdict(used: #"[{"containerPort":80,"hostPort":8080,"hostIP":"127.0.0.1"}]"#, wanted: #"[{"containerPort":80,"hostPort":8080}]"#) == Self.taken)
        #expect(try Self.verdict(used: #"[{"containerPort":80,"hostPort":8080,"hostIP":"0.0.0.0"}]"#, wanted: #"[{"containerPort":80,"hostPort":8080,"hostIP":"10.0.0.1"}]"#) == Self.taken)
        // Two specific addresses do not conflict.
        #expect(try Self.verdict(used: #"[{"containerPort":80,"hostPort":8080,"hostIP":"127.0.0.1"}]"#, wanted: #"[{"containerPort":80,"hostPort":8080,"hostIP":"127.0.0.2"}]"#).isSuccess)
    }

    @Test func sidecarPortsCount() throws {
        let snapshot = try F.snapshot(nodes: [F.nodeJSON("n")], pods: [
            Self.portsPod("old", node: "n", ports: "[]", sidecarPorts: #"[{"containerPort":9901,"hostPort":9901}]"#),
        ])
        let plugin = try NodePorts(args: nil, snapshot: snapshot)
        let pod = PodInfo(try F.pod(Self.portsPod("new", ports: #"[{"containerPort":9901,"hostPort":9901}]"#)))
        #expect(F.filter(plugin, pod, snapshot).verdicts.status(at: 0) == Self.taken)
        #expect(Set(NodePorts.events) == [ClusterEvent(resource: "Pod", action: "Delete"), ClusterEvent(resource: "Node", action: "Add")])
    }
}
