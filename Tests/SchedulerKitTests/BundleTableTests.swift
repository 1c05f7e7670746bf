import Foundation
import PluginABI
@testable import SchedulerKit
import Testing

/// default-scheduler served as a scheduler interface 2.0 bundle, driven through its real C
/// descriptor and `keelson_scheduler_v2` table the way the host drives it.
@Suite struct BundleTableTests {
    typealias F = DefaultPluginFixtures

    static let fit = UInt32(KEELSON_EP_PRE_FILTER | KEELSON_EP_FILTER | KEELSON_EP_PRE_SCORE | KEELSON_EP_SCORE)
    static let success = UInt8(KEELSON_FW_SUCCESS)

    /// Three nodes under sparse host indices: 0 (2 cpu), 5 (4 cpu), 2 (8 cpu, tainted).
    static func cluster() throws -> BundleTableHarness {
        let harness = try BundleTableHarness()
        #expect(harness.node(0, F.nodeJSON("small", cpu: "2")) == KEELSON_OK)
        #expect(harness.node(5, F.nodeJSON("medium", cpu: "4")) == KEELSON_OK)
        #expect(harness.node(2, F.nodeJSON("tainted", cpu: "8", taints: #"[{"key":"dedicated","value":"batch","effect":"NoSchedule"}]"#)) == KEELSON_OK)
        return harness
    }

    static func pod(_ name: String, cpu: String, extra: String = "") -> String {
        F.podJSON(name, spec: #""containers":[\#(F.container(requests: "{\"cpu\":\"\(cpu)\"}"))]\#(extra)"#)
    }

    @Test func descriptorPublishesTheDefaultBundle() throws {
        let harness = try BundleTableHarness()
        let descriptor = harness.descriptor.pointee
        #expect(descriptor.kind == UInt32(KEELSON_KIND_SCHEDULER))
        #expect(descriptor.interface_major == UInt16(KEELSON_SCHEDULER_FRAMEWORK_INTERFACE_MAJOR))
        #expect(descriptor.interface_minor == UInt16(KEELSON_SCHEDULER_FRAMEWORK_INTERFACE_MINOR))
        #expect(String(cString: descriptor.name_plugin_owned) == "default-scheduler")
        #expect(descriptor.config_schema_json_plugin_owned.map { String(cString: $0) }?.contains("\"object\"") == true)
        let table = harness.table
        #expect(table.struct_size == UInt32(MemoryLayout<keelson_scheduler_v2>.size))
        #expect(table.default_config_json_plugin_owned == nil)
        let infos = UnsafeBufferPointer(start: table.plugins_plugin_owned, count: Int(table.plugin_count))
        #expect(infos.map { String(cString: $0.name_plugin_owned) } == PluginRegistry.defaults.map(\.name))
        let nodeName = try #require(infos.first { String(cString: $0.name_plugin_owned) == "NodeName" })
        #expect(nodeName.extension_points == UInt32(KEELSON_EP_FILTER))
        #expect(String(cString: nodeName.events_json_plugin_owned) == #"[{"resource":"Node","action":"Add"}]"#)
    }

    @Test func cycleFiltersScoresAndAssumesOverHostIndices() throws {
        let harness = try Self.cluster()
        let fit = try #require(harness.plugin("NodeResourcesFit", points: Self.fit).handle)
        let taints = try #require(harness.plugin("TaintToleration", points: UInt32(KEELSON_EP_FILTER)).handle)
        let cycle = try harness.cycle(Self.pod("web", cpu: "3"))
        defer { harness.table.cycle_end!(harness.instance, cycle) }

        let pre = harness.preFilter(fit, cycle)
        #expect(pre.code == Self.success && pre.nodes.isEmpty && pre.reasons.isEmpty)
        let fits = harness.filter(fit, cycle, [0, 5, 2])
        #expect(fits.status == KEELSON_OK)
        #expect(fits.codes == [UInt8(KEELSON_FW_UNSCHEDULABLE), 0, 0])
        #expect(fits.reasonIndices == [0, -1, -1])
        #expect(fits.lists == #"[["Insufficient cpu"]]"#)
        let tolerated = harness.filter(taints, cycle, [0, 5, 2])
        #expect(tolerated.codes == [0, 0, UInt8(KEELSON_FW_UNSCHEDULABLE_AND_UNRESOLVABLE)])
        #expect(tolerated.lists == #"[["node(s) had untolerated taint {dedicated: batch}"]]"#)

        #expect(harness.preScore(fit, cycle, [5, 2]).code == Self.success)
        let scored = harness.score(fit, cycle, [5, 2])
        #expect(scored.code == Self.success)
        #expect(scored.scores.allSatisfy { (0...100).contains($0) })
        #expect(scored.scores[1] > scored.scores[0], "LeastAllocated prefers the 8-cpu node")

        // The assumed pod counts against node 5 for the next pod, until it is forgotten.
        #expect(harness.table.assume!(harness.instance, cycle, 5) == KEELSON_OK)
        #expect(harness.bundle.snapshot.node(at: 5)?.requested[ResourceName.cpu] == 3_000)
        let next = try harness.cycle(Self.pod("api", cpu: "2"))
        defer { harness.table.cycle_end!(harness.instance, next) }
        _ = harness.preFilter(fit, next)
        #expect(harness.filter(fit, next, [5]).codes == [UInt8(KEELSON_FW_UNSCHEDULABLE)])
        #expect(harness.table.forget!(harness.instance, cycle) == KEELSON_OK)
        #expect(harness.filter(fit, next, [5]).codes == [0])
    }

    @Test func preFilterNarrowsAndSkipsAndNodeNameRejectsOtherNodes() throws {
        let harness = try Self.cluster()
        let affinity = try #require(harness.plugin("NodeAffinity", points: Self.fit).handle)
        let nodeName = try #require(harness.plugin("NodeName", points: UInt32(KEELSON_EP_FILTER)).handle)
        let pinned = Self.pod("pinned", cpu: "1", extra: #","affinity":{"nodeAffinity":{"requiredDuringSchedulingIgnoredDuringExecution":{"nodeSelectorTerms":[{"matchFields":[{"key":"metadata.name","operator":"In","values":["medium","gone"]}]}]}}}"#)
        let cycle = try harness.cycle(pinned)
        defer { harness.table.cycle_end!(harness.instance, cycle) }
        let narrowed = harness.preFilter(affinity, cycle)
        #expect(narrowed.code == Self.success && narrowed.nodes == "[5]")

        let plain = try harness.cycle(Self.pod("plain", cpu: "1", extra: #","nodeName":"tainted""#))
        defer { harness.table.cycle_end!(harness.instance, plain) }
        #expect(harness.preFilter(affinity, plain).code == UInt8(KEELSON_FW_SKIP))
        let skipped = harness.filter(affinity, plain, [0, 5, 2])
        #expect(skipped.status == KEELSON_OK && skipped.codes == [0, 0, 0] && skipped.lists == "[]")
        #expect(harness.preScore(affinity, plain, [0, 5]).code == UInt8(KEELSON_FW_SKIP))
        #expect(harness.score(affinity, plain, [0, 5]).scores == [0, 0], "PreScore Skip: Score adds nothing")
        let named = harness.filter(nodeName, plain, [0, 5, 2])
        let unresolvable = UInt8(KEELSON_FW_UNSCHEDULABLE_AND_UNRESOLVABLE)
        #expect(named.codes == [unresolvable, unresolvable, 0] && named.reasonIndices == [0, 0, -1])
        #expect(named.lists == #"[["node(s) didn't match the requested node name"]]"#)
    }

    @Test func profilesKeepTheirOwnArgsAndBadArgsAreRefused() throws {
        let harness = try Self.cluster()
        let least = try #require(harness.plugin("NodeResourcesFit", profile: 1, points: Self.fit).handle)
        let most = try #require(harness.plugin(
            "NodeResourcesFit", profile: 2, points: Self.fit,
            args: #"{"scoringStrategy":{"type":"MostAllocated","resources":[{"name":"cpu","weight":1}]}}"#).handle)
        #expect(harness.bundle.profile(1)?.instances.count == 1 && harness.bundle.profile(2)?.filterPlugins.count == 1)
        // A cycle belongs to the one profile scheduling the pod: one cycle per profile here.
        func scores(_ plugin: OpaquePointer) throws -> [Int64] {
            let cycle = try harness.cycle(Self.pod("web", cpu: "1"))
            defer { harness.table.cycle_end!(harness.instance, cycle) }
            #expect(harness.preScore(plugin, cycle, [5, 2]).code == Self.success)
            return harness.score(plugin, cycle, [5, 2]).scores
        }
        let leastScores = try scores(least)
        let mostScores = try scores(most)
        #expect(leastScores[1] > leastScores[0] && mostScores[0] > mostScores[1])

        let bad = harness.plugin("NodeResourcesFit", profile: 3, points: Self.fit, args: #"{"scoringStrategy":{"type":"Fancy"}}"#)
        #expect(bad.handle == nil && bad.status == KEELSON_ERR_INVALID_ARGUMENT)
        #expect(bad.error.hasPrefix("NodeResourcesFitArgs: scoringStrategy.type: Unsupported value: \"Fancy\""))
        let unknown = harness.plugin("Coscheduling", points: UInt32(KEELSON_EP_PERMIT))
        #expect(unknown.status == KEELSON_ERR_NOT_FOUND)
        #expect(unknown.error.contains("no framework plugin \"Coscheduling\"") && unknown.error.contains("NodeResourcesFit"))
        for plugin in [least, most] { harness.table.plugin_free!(harness.instance, plugin) }
        #expect(harness.bundle.profile(1) == nil)
    }

    @Test func swiftErrorsBecomeFrameworkErrors() throws {
        let harness = try Self.cluster()
        let fit = try #require(harness.plugin("NodeResourcesFit", points: Self.fit).handle)
        let cycle = try harness.cycle(Self.pod("web", cpu: "1"))
        defer { harness.table.cycle_end!(harness.instance, cycle) }
        let notReserve = harness.reserve(fit, cycle, 5)
        #expect(notReserve.code == UInt8(KEELSON_FW_ERROR))
        #expect(notReserve.reasons == #"["framework plugin NodeResourcesFit does not implement Reserve"]"#)
        #expect(harness.table.assume!(harness.instance, cycle, 42) == KEELSON_ERR_NOT_FOUND)
        let message = harness.descriptor.pointee.last_error!(harness.instance).map { String(cString: $0) }
        #expect(message == "node index 42 is not in the default-scheduler snapshot")
        #expect(harness.node(1, "{\"metadata\":") == KEELSON_ERR_INVALID_ARGUMENT)
    }

    @Test func profilePluginsRunTheirFiltersAndTrackWaitingPods() throws {
        let harness = try Self.cluster()
        let fit = try #require(harness.plugin("NodeResourcesFit", profile: 4, points: Self.fit).handle)
        _ = try #require(harness.plugin("TaintToleration", profile: 4, points: UInt32(KEELSON_EP_FILTER)).handle)
        _ = try #require(harness.plugin("NodeAffinity", profile: 4, points: Self.fit).handle)
        let profile = try #require(harness.bundle.profile(4))
        #expect(profile.filterPlugins.map { type(of: $0).name } == ["NodeResourcesFit", "TaintToleration", "NodeAffinity"])
        #expect(profile.preFilterExtensions.isEmpty)
        let cycle = try harness.cycle(Self.pod("web", cpu: "3"))
        defer { harness.table.cycle_end!(harness.instance, cycle) }
        _ = harness.preFilter(fit, cycle)
        let state = FrameworkBundle<DefaultSchedulerCatalogue>.cycle(UnsafeMutableRawPointer(try #require(cycle))).state
        let pod = FrameworkBundle<DefaultSchedulerCatalogue>.cycle(UnsafeMutableRawPointer(cycle!)).pod
        let snapshot = harness.bundle.snapshot
        // DefaultPreemption runs the profile's Filters this way, in profile order.
        let selection = VictimSelection(profile: profile, state: state, pod: pod, now: Date())
        #expect(selection.runFilters(on: try #require(snapshot.node(at: 0))) == FrameworkStatus(.unschedulable, ["Insufficient cpu"], plugin: "NodeResourcesFit"))
        #expect(selection.runFilters(on: try #require(snapshot.node(at: 2))).plugin == "TaintToleration")
        #expect(selection.runFilters(on: try #require(snapshot.node(at: 5))).isSuccess)

        let waiting = harness.bundle.waitingPods
        waiting.wait(pod, on: try #require(snapshot.node(at: 5)), profileID: 4, plugin: "Coscheduling")
        #expect(waiting.pod(uid: "uid-web")?.pendingPlugins == ["Coscheduling"])
        waiting.apply([WaitingPodVerdict(uid: "uid-web", allow: true)], from: "Coscheduling")
        #expect(waiting.pod(uid: "uid-web") == nil, "allowed by every plugin that made it wait")
    }
}
