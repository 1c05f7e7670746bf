import Foundation
import Kernel
import PluginABI
import Testing

/// `SchedulerBundleClient` over the C fixture bundle: every hook's output convention of
/// `keelson_scheduler_v2` (codes, reason lists, node lists, results, verdicts), malformed output
/// turned into Error statuses, and the statistics of direct calls.
@Suite("Scheduler bundle client")
struct SchedulerBundleClientTests {
    /// The profile id the tests create plugins for.
    private let profile: UInt32 = 7

    @Test func readsTheBundleAndItsDefaultConfig() throws {
        let client = try SchedulerBundleFixtures.client()
        #expect(client.bundleName == "fixture-bundle")
        #expect(client.plugins.map(\.name) == ["FixtureFilter", "FixtureBind"])
        #expect(client.defaultConfig == ["profiles": [["schedulerName": "fixture-bundle"]]])
    }

    @Test func createsPluginsAndReportsRefusals() throws {
        let client = try SchedulerBundleFixtures.client()
        let plugin = try client.newPlugin(profile: profile, name: "FixtureFilter", points: [.filter], args: nil)
        #expect(plugin.raw != 0)
        client.freePlugin(plugin)
        do {
            _ = try client.newPlugin(profile: profile, name: "FixtureFilter", points: [.filter], args: ["mode": "bad"])
            Issue.record("bad args were accepted")
        } catch let error as PluginCallError {
            #expect(error.status == Int32(KEELSON_ERR_INVALID_ARGUMENT))
            #expect(error.message == "args: bad is not allowed")
            #expect(error.operation == "plugin_new FixtureFilter")
        }
        #expect(throws: PluginCallError.self) { try client.newPlugin(profile: profile, name: "Nope", points: [.score], args: nil) }
    }

    @Test func sendsEventsAndManagesPodsAndCycles() throws {
        let client = try SchedulerBundleFixtures.client()
        try client.nodeEvent(index: 0, WatchEvent(type: "ADDED", object: ["metadata": ["name": "n0"]], revision: 1))
        try client.podEvent(WatchEvent(type: "ADDED", object: ["metadata": ["name": "p"]], revision: 2))
        try client.namespaceEvent(WatchEvent(type: "ADDED", object: ["metadata": ["name": "default"]], revision: 3))
        let pod = try client.newPod(SchedulerBundleFixtures.pod("plain"))
        let cycle = try client.beginCycle(pod: pod)
        do {
            try client.forget(cycle)
            Issue.record("forgetting an unassumed pod succeeded")
        } catch let error as PluginCallError {
            #expect(error.status == Int32(KEELSON_ERR_FAILED_PRECONDITION))
            #expect(error.message == "forget: the pod was not assumed")
        }
        try client.assume(cycle, node: 3)
        try client.forget(cycle)
        client.endCycle(cycle)
        client.freePod(pod)
        do {
            _ = try client.newPod(SchedulerBundleFixtures.pod("undecodable"))
            Issue.record("an undecodable pod was accepted")
        } catch let error as PluginCallError {
            #expect(error.message == "pod_new: cannot decode")
        }
    }

    @Test func preEnqueueAndQueueSort() throws {
        let client = try SchedulerBundleFixtures.client()
        let plugin = try client.newPlugin(profile: profile, name: "FixtureFilter", points: [.preEnqueue, .queueSort], args: nil)
        let plain = try client.newPod(SchedulerBundleFixtures.pod("plain"))
        let gated = try client.newPod(SchedulerBundleFixtures.pod("gated"))
        let high = try client.newPod(SchedulerBundleFixtures.pod("high"))
        #expect(client.preEnqueue(plugin, pod: plain) == .success)
        #expect(client.preEnqueue(plugin, pod: gated) == FrameworkStatus(.unschedulable, ["waiting for scheduling gates: [example.com/gate]"]))
        #expect(client.queueLess(plugin, high, 20, plain, 10))
        #expect(!client.queueLess(plugin, plain, 10, high, 20))
        #expect(client.queueLess(plugin, plain, 10, gated, 20))
    }

    @Test func preFilterNarrowsRejectsSkipsAndFlagsMalformedAnswers() throws {
        let client = try SchedulerBundleFixtures.client()
        let plugin = try client.newPlugin(profile: profile, name: "FixtureFilter", points: [.preFilter], args: nil)
        /// PreFilter in a fresh cycle of a pod carrying `word`.
        func run(_ word: String) throws -> (FrameworkStatus, nodes: [UInt32]?) {
            let cycle = try client.beginCycle(pod: try client.newPod(SchedulerBundleFixtures.pod(word)))
            defer { client.endCycle(cycle) }
            return client.preFilter(plugin, cycle: cycle)
        }
        let plain = try run("plain")
        #expect(plain.0 == .success && plain.nodes == nil)
        let narrow = try run("narrow")
        #expect(narrow.0 == .success && narrow.nodes == [1, 3])
        #expect(try run("reject").0 == FrameworkStatus(.unschedulableAndUnresolvable, ["node(s) didn't match Pod's node affinity/selector"]))
        #expect(try run("skip").0 == FrameworkStatus(.skip))
        let bad = try run("badreasons").0
        #expect(bad.code == .error)
        #expect(bad.reasons == ["fixture-bundle: pre_filter wrote malformed reasons (expected a JSON array of strings): Insufficient cpu"])
        #expect(try run("weird").0 == .error("fixture-bundle: pre_filter returned unknown framework code 42"))
        #expect(try run("broken").0 == .error("fixture broke"))
    }

    @Test func filterWritesCodesAndSharedReasonLists() throws {
        let client = try SchedulerBundleFixtures.client()
        let plugin = try client.newPlugin(profile: profile, name: "FixtureFilter", points: [.filter], args: nil)
        let cycle = try client.beginCycle(pod: try client.newPod(SchedulerBundleFixtures.pod("plain")))
        let nodes: [UInt32] = [0, 1, 2, 3, 4, 6, 8, 10]
        var codes = [UInt8](repeating: 0, count: nodes.count)
        var indices = [Int32](repeating: -1, count: nodes.count)
        let lists = try client.filter(plugin, cycle: cycle, nodes: nodes, codes: &codes, reasonIndices: &indices)
        #expect(lists == [["Insufficient cpu"], ["node(s) had untolerated taint {dedicated: batch}"]])
        #expect(codes == [0, 2, 0, 2, 3, 1, 3, 2])  // node 6's unknown code 9 became Error
        #expect(indices == [-1, 0, -1, 0, 1, -1, 1, -1])  // node 10's index 7 was outside the lists

        let failing = try client.beginCycle(pod: try client.newPod(SchedulerBundleFixtures.pod("filterfail")))
        do {
            _ = try client.filter(plugin, cycle: failing, nodes: nodes, codes: &codes, reasonIndices: &indices)
            Issue.record("a failed filter call did not throw")
        } catch let error as PluginCallError {
            #expect(error.status == Int32(KEELSON_ERR_INTERNAL))
            #expect(error.message == "filter: snapshot lost")
        }
        var short = [UInt8](repeating: 0, count: 2)
        #expect(throws: PluginCallError.self) { try client.filter(plugin, cycle: cycle, nodes: nodes, codes: &short, reasonIndices: &indices) }
    }

    @Test func postFilterNominatesANodeWithVictims() throws {
        let client = try SchedulerBundleFixtures.client()
        let plugin = try client.newPlugin(profile: profile, name: "FixtureFilter", points: [.postFilter], args: nil)
        let cycle = try client.beginCycle(pod: try client.newPod(SchedulerBundleFixtures.pod("plain")))
        let found = client.postFilter(plugin, cycle: cycle, nodes: [4, 5, 7], codes: [3, 2, 2])
        #expect(found.0 == .success)
        #expect(found.1 == PostFilterResult(nominatedNodeIndex: 5, victims: [.init(namespace: "default", name: "low", uid: "u-low")]))
        let none = client.postFilter(plugin, cycle: cycle, nodes: [4], codes: [3])
        #expect(none.0 == FrameworkStatus(.unschedulable, ["No preemption victims found for incoming pod."]))
        #expect(none.1 == nil)
    }

    @Test func reserveUnreservePermitAndBinding() throws {
        let client = try SchedulerBundleFixtures.client()
        let plugin = try client.newPlugin(profile: profile, name: "FixtureBind", points: [.reserve, .permit, .preBind, .bind, .postBind], args: nil)
        let waiting = try client.beginCycle(pod: try client.newPod(SchedulerBundleFixtures.pod("wait")))
        #expect(client.reserve(plugin, cycle: waiting, node: 2) == .success)
        let permit = client.permit(plugin, cycle: waiting, node: 2)
        #expect(permit.0 == FrameworkStatus(.wait))
        #expect(permit.timeout == .seconds(5))
        #expect(permit.verdicts == [PermitVerdict(uid: "gang-2", allow: true)])
        #expect(client.unreserve(plugin, cycle: waiting, node: 2) == [PermitVerdict(uid: "gang-1", allow: false, message: "rejected with the gang")])

        let refused = try client.beginCycle(pod: try client.newPod(SchedulerBundleFixtures.pod("noreserve")))
        #expect(client.reserve(plugin, cycle: refused, node: 2) == FrameworkStatus(.unschedulable, ["reserve refused"]))
        let plain = try client.beginCycle(pod: try client.newPod(SchedulerBundleFixtures.pod("plain")))
        let allowed = client.permit(plugin, cycle: plain, node: 1)
        #expect(allowed.0 == .success && allowed.verdicts.isEmpty && allowed.timeout == .zero)
        #expect(client.preBind(plugin, cycle: plain, node: 1) == .success)
        #expect(client.bind(plugin, cycle: plain, node: 1) == FrameworkStatus(.skip))
        client.postBind(plugin, cycle: plain, node: 1)
    }

    @Test func aHookNoPluginDeclaresIsAnError() throws {
        let client = try SchedulerBundleFixtures.client()
        let plugin = try client.newPlugin(profile: profile, name: "FixtureFilter", points: [.filter], args: nil)
        let cycle = try client.beginCycle(pod: try client.newPod(SchedulerBundleFixtures.pod("plain")))
        var scores = [Int64](repeating: 0, count: 1)
        let status = client.score(plugin, cycle: cycle, nodes: [0], scores: &scores)
        #expect(status.code == .error)
        #expect(status.reasons.first?.contains("no score hook") == true)
    }

    @Test func directCallsAreCountedPerHook() throws {
        let client = try SchedulerBundleFixtures.client()
        let plugin = try client.newPlugin(profile: profile, name: "FixtureFilter", points: [.preFilter, .filter], args: nil)
        for word in ["plain", "reject", "broken"] {
            let cycle = try client.beginCycle(pod: try client.newPod(SchedulerBundleFixtures.pod(word)))
            _ = client.preFilter(plugin, cycle: cycle)
            client.endCycle(cycle)
        }
        let operations = client.instance.statistics.operations
        #expect(operations["pre_filter"]?.calls == 3)
        #expect(operations["pre_filter"]?.failures == 2)  // the rejection and the error
        #expect(operations["pre_filter"]?.malfunctions == 1)  // only the error
        #expect(operations["cycle_begin"]?.calls == 3)
        #expect(operations["pod_new"]?.calls == 3)
        #expect(operations["plugin_new"]?.calls == 1)
    }

    @Test func aDestroyedInstanceAnswersErrors() throws {
        let client = try SchedulerBundleFixtures.client()
        let plugin = try client.newPlugin(profile: profile, name: "FixtureFilter", points: [.preEnqueue], args: nil)
        let pod = try client.newPod(SchedulerBundleFixtures.pod("plain"))
        client.instance.destroy()
        let status = client.preEnqueue(plugin, pod: pod)
        #expect(status.code == .error)
        #expect(status.reasons.first?.contains("destroyed") == true)
        #expect(throws: PluginCallError.self) { try client.newPod(SchedulerBundleFixtures.pod("plain")) }
    }
}
