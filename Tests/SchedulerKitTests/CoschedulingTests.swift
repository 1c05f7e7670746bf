import Foundation
@testable import SchedulerKit
import Testing

/// Coscheduling (lightweight, label-based gangs): queue order, PreFilter's quorum and back-off,
/// Permit's wait and release, Unreserve's rejection of the waiting siblings.
@Suite struct CoschedulingTests {
    typealias P = PlacementFixtures

    /// A pod of gang `group` needing `min` members (nil: a regular pod).
    static func pod(_ name: String, group: String?, min: Int = 3, priority: Int = 0, node: String? = nil) throws -> Pod {
        var labels: [String: String] = [:]
        if let group {
            labels[PodGroupMembership.nameLabel] = group
            labels[PodGroupMembership.minAvailableLabel] = String(min)
        }
        return try P.pod(name, labels: labels, node: node, spec: #""priority":\#(priority)"#, meta: #""uid":"uid-\#(name)""#)
    }

    /// A plugin over one node whose clock is `clock`, having heard `pods` created.
    static func plugin(_ pods: [Pod], args: String? = nil, clock: @escaping () -> Double = { 100 }) throws -> (Coscheduling, Snapshot) {
        let snapshot = P.snapshot([try P.node("n1", zone: nil)])
        let plugin = try Coscheduling(args: args.map { Data($0.utf8) }, snapshot: snapshot)
        plugin.now = clock
        for pod in pods { plugin.observe(podEvent: "ADDED", pod) }
        return (plugin, snapshot)
    }

    /// Inserts `arrivals` one by one into a queue ordered by `less`, as the host's queue does.
    static func enqueue(_ arrivals: [QueuedPod], _ plugin: Coscheduling) -> [String] {
        var queue: [QueuedPod] = []
        for arriving in arrivals {
            let position = queue.firstIndex { plugin.less(arriving, $0) } ?? queue.count
            queue.insert(arriving, at: position)
        }
        return queue.map { $0.pod.pod.metadata?.name ?? "" }
    }

    @Test func queueSortKeepsAGangTogether() throws {
        let (plugin, _) = try Self.plugin([])
        let arrivals = [
            QueuedPod(pod: PodInfo(try Self.pod("g1-a", group: "g1")), timestamp: 1),
            QueuedPod(pod: PodInfo(try Self.pod("solo", group: nil)), timestamp: 2),
            QueuedPod(pod: PodInfo(try Self.pod("g2-a", group: "g2")), timestamp: 3),
            QueuedPod(pod: PodInfo(try Self.pod("g2-b", group: "g2")), timestamp: 4),
            QueuedPod(pod: PodInfo(try Self.pod("g1-b", group: "g1")), timestamp: 5),
            QueuedPod(pod: PodInfo(try Self.pod("urgent", group: nil, priority: 5)), timestamp: 6),
            QueuedPod(pod: PodInfo(try Self.pod("g1-c", group: "g1")), timestamp: 7),
        ]
        #expect(Self.enqueue(arrivals, plugin) == ["urgent", "g1-a", "g1-b", "g1-c", "solo", "g2-a", "g2-b"])
    }

    @Test func preFilterWaitsForEnoughSiblings() throws {
        let members = [try Self.pod("g-0", group: "g"), try Self.pod("g-1", group: "g")]
        let (plugin, snapshot) = try Self.plugin(members)
        let status = plugin.preFilter(CycleState(), PodInfo(members[0]), snapshot.nodes).1
        #expect(status == .unresolvable("pre-filter pod g-0 cannot find enough sibling pods, current pods number: 2, minMember of group: 3"))

        plugin.observe(podEvent: "ADDED", try Self.pod("g-2", group: "g"))
        #expect(plugin.preFilter(CycleState(), PodInfo(members[0]), snapshot.nodes).1.isSuccess)
        plugin.observe(podEvent: "DELETED", try Self.pod("g-2", group: "g"))
        #expect(plugin.preFilter(CycleState(), PodInfo(members[0]), snapshot.nodes).1.code == .unschedulableAndUnresolvable)

        #expect(plugin.preFilter(CycleState(), PodInfo(try Self.pod("solo", group: nil)), snapshot.nodes).1.isSuccess)
        #expect(Coscheduling.events == [ClusterEvent(resource: "Pod", action: "Add")])
    }

    @Test func permitWaitsForTheQuorumThenReleasesTheSiblings() throws {
        let members = try (0..<3).map { try Self.pod("g-\($0)", group: "g") }
        let (plugin, snapshot) = try Self.plugin(members, args: #"{"permitWaitingTimeSeconds":10}"#)
        let node = try #require(snapshot.node(named: "n1"))
        var verdicts: [WaitingPodVerdict] = []
        for member in members.prefix(2) {
            let info = PodInfo(member)
            snapshot.assume(info, on: "n1")
            let (status, timeout) = plugin.permit(CycleState(), info, node: node, waiting: &verdicts)
            #expect(status.code == .wait && timeout == .seconds(10))
        }
        #expect(verdicts.isEmpty)

        let last = PodInfo(members[2])
        snapshot.assume(last, on: "n1")
        let (status, _) = plugin.permit(CycleState(), last, node: node, waiting: &verdicts)
        #expect(status.isSuccess)
        #expect(verdicts == [WaitingPodVerdict(uid: "uid-g-0", allow: true), WaitingPodVerdict(uid: "uid-g-1", allow: true)])

        // A regular pod is never held.
        let solo = PodInfo(try Self.pod("solo", group: nil))
        var none: [WaitingPodVerdict] = []
        #expect(plugin.permit(CycleState(), solo, node: node, waiting: &none).0.isSuccess && none.isEmpty)
    }

    @Test func unreserveRejectsTheWaitingSiblingsAndBacksTheGroupOff() throws {
        var time = 100.0
        let members = try (0..<3).map { try Self.pod("g-\($0)", group: "g") }
        let (plugin, snapshot) = try Self.plugin(members, clock: { time })
        let node = try #require(snapshot.node(named: "n1"))
        var verdicts: [WaitingPodVerdict] = []
        for member in members.prefix(2) {
            let info = PodInfo(member)
            snapshot.assume(info, on: "n1")
            #expect(plugin.permit(CycleState(), info, node: node, waiting: &verdicts).0.code == .wait)
        }
        #expect(plugin.args.permitWaitingTimeSeconds == 60)

        // g-1's wait timed out (or binding failed): the host unreserves it.
        snapshot.forget(members[1].key, on: "n1")
        plugin.unreserve(CycleState(), PodInfo(members[1]), node: node, waiting: &verdicts)
        #expect(verdicts == [WaitingPodVerdict(uid: "uid-g-0", allow: false, message: "rejection in Unreserve")])

        let retry = plugin.preFilter(CycleState(), PodInfo(members[2]), snapshot.nodes).1
        #expect(retry == .unresolvable("podGroup default/g failed recently"))
        time += 3
        #expect(plugin.preFilter(CycleState(), PodInfo(members[2]), snapshot.nodes).1.isSuccess)

        // Unreserve is idempotent: nothing is left waiting.
        var again: [WaitingPodVerdict] = []
        plugin.unreserve(CycleState(), PodInfo(members[0]), node: node, waiting: &again)
        #expect(again.isEmpty)
    }

    @Test func argsDefaultAndValidate() throws {
        #expect(try CoschedulingArgs.decode(nil) == CoschedulingArgs(permitWaitingTimeSeconds: 60, podGroupBackoffSeconds: 3))
        #expect(try CoschedulingArgs.decode(Data(#"{"podGroupBackoffSeconds":0}"#.utf8)).permitWaitingTimeSeconds == 60)
        #expect(throws: (any Error).self) { try CoschedulingArgs.decode(Data(#"{"permitWaitingTimeSeconds":-1}"#.utf8)) }
        #expect(PodGroupMembership(labels: [PodGroupMembership.nameLabel: "g"], annotations: [:], namespace: "ns") == nil,
                "no quorum: a regular pod")
        #expect(PodGroupMembership(labels: [PodGroupMembership.nameLabel: "g"],
                                   annotations: [PodGroupMembership.minAvailableLabel: "2"], namespace: "ns")?.key == "ns/g")
    }

    @Test func gangBundleRegistryAndDefaultConfig() throws {
        let plugins = PluginRegistry.gang
        #expect(plugins.map(\.name) == ["Coscheduling"])
        #expect(plugins.first?.extensionPoints == [.queueSort, .preFilter, .reserve, .permit])
        let config = try JSONSerialization.jsonObject(with: Data((GangSchedulerCatalogue.defaultConfigJSON ?? "").utf8)) as? [String: Any]
        let profile = (config?["profiles"] as? [[String: Any]])?.first
        #expect(profile?["schedulerName"] as? String == "gang-scheduler")
    }
}
