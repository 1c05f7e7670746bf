import Foundation
@testable import SchedulerKit
import Testing

/// DefaultPreemption: eligibility, candidate nodes, victims with reprieve, the node choice and
/// the candidate count rule, as kube-scheduler's preemption evaluator has them.
@Suite struct DefaultPreemptionTests {
    typealias F = DefaultPluginFixtures

    /// A pod JSON with a priority, a cpu request, an optional node, start time and extras.
    static func pod(_ name: String, priority: Int, cpu: String, node: String? = nil, started: String? = nil,
                    labels: String = "{}", extraSpec: String = "", extraMeta: String = "", status: String = "") -> String {
        var spec = [#""priority":\#(priority)"#, #""containers":[\#(F.container(requests: #"{"cpu":"\#(cpu)"}"#))]"#]
        if let node { spec.append(#""nodeName":"\#(node)""#) }
        if !extraSpec.isEmpty { spec.append(extraSpec) }
        var statusMembers: [String] = []
        if let started { statusMembers.append(#""startTime":"\#(started)""#) }
        if !status.isEmpty { statusMembers.append(status) }
        return """
            {"metadata":{"name":"\(name)","namespace":"default","uid":"uid-\(name)","labels":\(labels)\(extraMeta)},
             "spec":{\(spec.joined(separator: ","))},"status":{\(statusMembers.joined(separator: ","))}}
            """
    }

    /// A profile of NodeResourcesFit (and any `extra` plugins) attached to a DefaultPreemption.
    static func preemption(_ snapshot: Snapshot, args: String? = nil, extra: [any FrameworkPlugin] = []) throws -> DefaultPreemption {
        let plugin = try DefaultPreemption(args: args.map { Data($0.utf8) }, snapshot: snapshot)
        let fit = try NodeResourcesFit(args: nil, snapshot: snapshot)
        var plugins: [(any FrameworkPlugin, Set<FrameworkExtensionPoint>)] = [(fit, [.preFilter, .filter])]
        for other in extra { plugins.append((other, [.preFilter, .filter])) }
        plugin.use(ProfilePluginSet(plugins))
        plugin.offset = { _ in 0 }
        plugin.now = { Date(timeIntervalSince1970: 1_800_000_000) }
        return plugin
    }

    /// Runs the cycle as the framework does (PreFilter, Filter over every node), then PostFilter.
    static func run(_ plugin: DefaultPreemption, _ pod: String, _ snapshot: Snapshot,
                    state: CycleState = CycleState()) throws -> (FrameworkStatus, PostFilterOutcome?) {
        let info = PodInfo(try F.pod(pod))
        let nodes = snapshot.nodes
        for entry in (plugin.profile as? ProfilePluginSet)?.entries ?? [] {
            if let pre = entry.plugin as? any PreFilterPlugin { _ = pre.preFilter(state, info, nodes) }
        }
        let selection = VictimSelection(profile: try #require(plugin.profile), state: state, pod: info, now: plugin.now())
        let statuses = nodes.map { selection.runFilters(on: $0) }
        var waiting: [WaitingPodVerdict] = []
        return plugin.postFilter(state, info, nodes: nodes, statuses: statuses, waiting: &waiting)
    }

    static func names(_ outcome: PostFilterOutcome?) -> [String] { outcome?.victims.map(\.key) ?? [] }

    @Test func picksTheNodeWhoseHighestVictimHasTheLowestPriority() throws {
        let snapshot = try F.snapshot(
            nodes: [F.nodeJSON("node-a", cpu: "4"), F.nodeJSON("node-b", cpu: "4")],
            pods: [
                Self.pod("a-low", priority: 1, cpu: "2", node: "node-a"),
                Self.pod("a-mid", priority: 5, cpu: "2", node: "node-a"),
                Self.pod("b-2", priority: 2, cpu: "2", node: "node-b"),
                Self.pod("b-3", priority: 3, cpu: "2", node: "node-b"),
            ])
        let (status, outcome) = try Self.run(try Self.preemption(snapshot), Self.pod("new", priority: 10, cpu: "2"), snapshot)
        #expect(status.isSuccess)
        #expect(outcome?.node.name == "node-a")
        #expect(Self.names(outcome) == ["default/a-low"], "a-mid is reprieved: the pod fits beside it")
    }

    @Test func reprievesTheMostImportantVictimsFirstAndEvictsTheRest() throws {
        let snapshot = try F.snapshot(
            nodes: [F.nodeJSON("full", cpu: "5")],
            pods: [
                Self.pod("p1", priority: 1, cpu: "1", node: "full"),
                Self.pod("p2", priority: 2, cpu: "1", node: "full"),
                Self.pod("p3", priority: 3, cpu: "1", node: "full"),
                Self.pod("p4", priority: 4, cpu: "1", node: "full"),
                Self.pod("vip", priority: 100, cpu: "1", node: "full"),
            ])
        let (status, outcome) = try Self.run(try Self.preemption(snapshot), Self.pod("new", priority: 50, cpu: "2"), snapshot)
        #expect(status.isSuccess)
        #expect(outcome?.node.name == "full")
        #expect(Self.names(outcome) == ["default/p1", "default/p2"], "lowest priority first; p3 and p4 stay, vip is never a victim")
        // The simulation left the snapshot's node as it was.
        #expect(snapshot.node(named: "full")?.pods.count == 5)
    }

    @Test func nothingLowerPriorityOrNotEnoughFreedGivesKubernetesMessage() throws {
        let snapshot = try F.snapshot(
            nodes: [F.nodeJSON("busy", cpu: "4"), F.nodeJSON("important", cpu: "4")],
            pods: [
                Self.pod("vip", priority: 20, cpu: "3", node: "busy"),
                Self.pod("low", priority: 1, cpu: "1", node: "busy"),
                Self.pod("boss", priority: 30, cpu: "3", node: "important"),
            ])
        let (status, outcome) = try Self.run(try Self.preemption(snapshot), Self.pod("new", priority: 10, cpu: "2"), snapshot)
        #expect(outcome == nil)
        #expect(status == .unschedulable(
            "preemption: 0/2 nodes are available: 1 Insufficient cpu, 1 No preemption victims found for incoming pod."))
    }

    @Test func unresolvableNodesAreNotCandidates() throws {
        let snapshot = try F.snapshot(
            nodes: [F.nodeJSON("tainted"), F.nodeJSON("free")],
            pods: [Self.pod("low", priority: 0, cpu: "4", node: "tainted")])
        let plugin = try Self.preemption(snapshot)
        let info = PodInfo(try F.pod(Self.pod("new", priority: 10, cpu: "2")))
        var waiting: [WaitingPodVerdict] = []
        let (status, outcome) = plugin.postFilter(CycleState(), info, nodes: snapshot.nodes,
                                                  statuses: [.unresolvable("node(s) had untolerated taint {a: b}"), .unschedulable("x")],
                                                  waiting: &waiting)
        #expect(outcome == nil)
        #expect(status == .unschedulable(
            "preemption: 0/2 nodes are available: 1 No preemption victims found for incoming pod, 1 Preemption is not helpful for scheduling."))
    }

    @Test func podsThatNeverPreemptAreNotEligible() throws {
        let snapshot = try F.snapshot(nodes: [F.nodeJSON("n", cpu: "1")], pods: [Self.pod("low", priority: 0, cpu: "1", node: "n")])
        let (status, outcome) = try Self.run(try Self.preemption(snapshot),
                                             Self.pod("polite", priority: 10, cpu: "1", extraSpec: #""preemptionPolicy":"Never""#), snapshot)
        #expect(outcome == nil)
        #expect(status == .unschedulable("preemption: not eligible due to preemptionPolicy=Never."))
    }

    @Test func aTerminatingVictimOnTheNominatedNodeMakesThePodWait() throws {
        let snapshot = try F.snapshot(
            nodes: [F.nodeJSON("n", cpu: "1")],
            pods: [Self.pod("going", priority: 0, cpu: "1", node: "n", extraMeta: #","deletionTimestamp":"2026-01-01T00:00:00Z""#)])
        let waiting = Self.pod("new", priority: 10, cpu: "1", status: #""nominatedNodeName":"n""#)
        let (status, _) = try Self.run(try Self.preemption(snapshot), waiting, snapshot)
        #expect(status == .unschedulable("preemption: not eligible due to a terminating pod on the nominated node."))
        // Without the nomination, the same pod may preempt.
        let (fresh, outcome) = try Self.run(try Self.preemption(snapshot), Self.pod("new", priority: 10, cpu: "1"), snapshot)
        #expect(fresh.isSuccess && Self.names(outcome) == ["default/going"])
    }

    @Test func preFilterExtensionsSeeTheRemovedVictims() throws {
        let snapshot = PlacementFixtures.snapshot(
            [try PlacementFixtures.node("a1", zone: "a"), try PlacementFixtures.node("b1", zone: "b")],
            [try PlacementFixtures.pod("web-old", labels: ["app": "web"], node: "a1"),
             try PlacementFixtures.pod("web-vip", labels: ["app": "web"], node: "b1", spec: #""priority":100"#)])
        let affinity = try InterPodAffinity(args: nil, snapshot: snapshot)
        let plugin = try Self.preemption(snapshot, extra: [affinity])
        let anti = #""affinity":{"podAntiAffinity":{"requiredDuringSchedulingIgnoredDuringExecution":[{"labelSelector":{"matchLabels":{"app":"web"}},"topologyKey":"kubernetes.io/hostname"}]}}"#
        let incoming = Self.pod("web-new", priority: 10, cpu: "1", labels: #"{"app":"web"}"#, extraSpec: anti)
        let state = CycleState()
        let (status, outcome) = try Self.run(plugin, incoming, snapshot, state: state)
        #expect(status.isSuccess)
        #expect(outcome?.node.name == "a1")
        #expect(Self.names(outcome) == ["default/web-old"])
        // The dry run put the cycle state back: web-old still counts against a1.
        let selection = VictimSelection(profile: try #require(plugin.profile), state: state, pod: PodInfo(try F.pod(incoming)), now: plugin.now())
        #expect(selection.runFilters(on: try #require(snapshot.node(named: "a1"))).code == .unschedulable)
    }

    @Test func nodeChoiceFollowsKubernetesTieBreaks() throws {
        let snapshot = try F.snapshot(nodes: [F.nodeJSON("n1"), F.nodeJSON("n2"), F.nodeJSON("n3")])
        let nodes = snapshot.nodes
        func victim(_ name: String, _ priority: Int, started: String = "2026-01-01T00:00:00Z") throws -> PodInfo {
            PodInfo(try F.pod(Self.pod(name, priority: priority, cpu: "1", started: started)))
        }
        let now = Date(timeIntervalSince1970: 1_800_000_000)
        func pick(_ candidates: [PreemptionCandidate]) -> String? { PreemptionCandidate.pick(candidates, now: now)?.node.name }

        // Fewest PDB violations wins over everything else.
        #expect(pick([
            PreemptionCandidate(node: nodes[0], victims: [try victim("a", 1)], pdbViolations: 1),
            PreemptionCandidate(node: nodes[1], victims: [try victim("b", 9), try victim("c", 8)], pdbViolations: 0),
        ]) == "n2")
        // Same highest priority: the smaller sum of priorities.
        #expect(pick([
            PreemptionCandidate(node: nodes[0], victims: [try victim("a", 5), try victim("b", 4)], pdbViolations: 0),
            PreemptionCandidate(node: nodes[1], victims: [try victim("c", 5), try victim("d", 1)], pdbViolations: 0),
        ]) == "n2")
        // Same sum with shifted priorities: fewer victims wins ({0,0} weighs more than {0}).
        #expect(pick([
            PreemptionCandidate(node: nodes[0], victims: [try victim("a", 0), try victim("b", 0)], pdbViolations: 0),
            PreemptionCandidate(node: nodes[1], victims: [try victim("c", 0)], pdbViolations: 0),
        ]) == "n2")
        // All equal but start times: the node whose highest-priority victims started last.
        #expect(pick([
            PreemptionCandidate(node: nodes[0], victims: [try victim("a", 3, started: "2026-01-01T00:00:00Z")], pdbViolations: 0),
            PreemptionCandidate(node: nodes[1], victims: [try victim("b", 3, started: "2026-06-01T00:00:00Z")], pdbViolations: 0),
            PreemptionCandidate(node: nodes[2], victims: [try victim("c", 3, started: "2026-03-01T00:00:00Z")], pdbViolations: 0),
        ]) == "n2")
        // Full tie: the first.
        #expect(pick([
            PreemptionCandidate(node: nodes[2], victims: [try victim("a", 3)], pdbViolations: 0),
            PreemptionCandidate(node: nodes[0], victims: [try victim("b", 3)], pdbViolations: 0),
        ]) == "n3")
    }

    @Test func candidateCountRule() throws {
        let defaults = DefaultPreemptionArgs()
        #expect(defaults.numberOfCandidates(among: 5000) == 500)
        #expect(defaults.numberOfCandidates(among: 50) == 50)
        #expect(DefaultPreemptionArgs(minCandidateNodesPercentage: 10, minCandidateNodesAbsolute: 2).numberOfCandidates(among: 50) == 5)
        #expect(DefaultPreemptionArgs(minCandidateNodesPercentage: 0, minCandidateNodesAbsolute: 3).numberOfCandidates(among: 10) == 3)
        #expect(try DefaultPreemptionArgs.decode(Data(#"{"minCandidateNodesAbsolute":7}"#.utf8))
            == DefaultPreemptionArgs(minCandidateNodesPercentage: 10, minCandidateNodesAbsolute: 7))
        #expect(throws: (any Error).self) { try DefaultPreemptionArgs.decode(Data(#"{"minCandidateNodesPercentage":101}"#.utf8)) }
        #expect(throws: (any Error).self) {
            try DefaultPreemptionArgs.decode(Data(#"{"minCandidateNodesPercentage":0,"minCandidateNodesAbsolute":0}"#.utf8))
        }

        // The dry run stops once enough candidates are found: with one wanted, the first
        // candidate from the offset wins even though the second needs a lower victim.
        let snapshot = try F.snapshot(
            nodes: [F.nodeJSON("n1", cpu: "1"), F.nodeJSON("n2", cpu: "1")],
            pods: [Self.pod("mid", priority: 5, cpu: "1", node: "n1"), Self.pod("low", priority: 1, cpu: "1", node: "n2")])
        let incoming = Self.pod("new", priority: 10, cpu: "1")
        let one = try Self.preemption(snapshot, args: #"{"minCandidateNodesPercentage":0,"minCandidateNodesAbsolute":1}"#)
        #expect(try Self.run(one, incoming, snapshot).1?.node.name == "n1")
        let all = try Self.preemption(snapshot)
        #expect(try Self.run(all, incoming, snapshot).1?.node.name == "n2")
        one.offset = { _ in 1 }
        #expect(try Self.run(one, incoming, snapshot).1?.node.name == "n2", "the offset picks where the dry run starts")
    }
}
