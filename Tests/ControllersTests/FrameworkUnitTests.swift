@testable import Controllers
import Kernel
import Testing

/// The framework scheduler's small parts: the FitError message, Go durations, node numbering,
/// back-off and tie-breaking.
@Suite("Framework parts")
struct FrameworkUnitTests {
    @Test func fitErrorSortsTheCountedReasonsAsStrings() {
        var fit = FrameworkFitError(nodeCount: 12)
        fit.count("node(s) had untolerated taint {dedicated: batch}", nodes: 10)
        fit.count("Insufficient cpu", nodes: 2)
        // Go's sort.Strings: "10 node(s)..." sorts before "2 Insufficient cpu".
        #expect(fit.message == "0/12 nodes are available: 10 node(s) had untolerated taint {dedicated: batch}, 2 Insufficient cpu.")
        fit.postFilterMessage = "preemption: 0/12 nodes are available: 12 No preemption victims found for incoming pod."
        #expect(fit.message.hasSuffix("2 Insufficient cpu. preemption: 0/12 nodes are available: 12 No preemption victims found for incoming pod."))
    }

    @Test func fitErrorWithAPreFilterRejectionShowsOnlyItsMessage() {
        var fit = FrameworkFitError(nodeCount: 3)
        fit.preFilterMessage = "node(s) didn't satisfy plugin OnlyNodes"
        fit.count("ignored")
        #expect(fit.message == "0/3 nodes are available: node(s) didn't satisfy plugin OnlyNodes.")
    }

    @Test func goDurations() {
        #expect(FrameworkGoDuration.format(.milliseconds(200)) == "200ms")
        #expect(FrameworkGoDuration.format(.seconds(10)) == "10s")
        #expect(FrameworkGoDuration.format(.milliseconds(1500)) == "1.5s")
        #expect(FrameworkGoDuration.format(.seconds(90)) == "1m30s")
        #expect(FrameworkGoDuration.format(.seconds(3600)) == "1h0m0s")
        #expect(FrameworkGoDuration.format(.zero) == "0s")
    }

    @Test func nodeIndicesAreDenseAndReusedAfterDeletion() {
        var table = FrameworkNodeTable()
        #expect(table.add("a").index == 0)
        #expect(table.add("b").index == 1)
        #expect(table.add("c").index == 2)
        #expect(table.add("b") == (1, false))
        #expect(table.remove("a") == 0)
        #expect(table.count == 2)
        #expect(Set(table.live) == [1, 2])
        #expect(table.name(at: 0) == nil)
        #expect(table.add("d").index == 0)
        #expect(table.name(at: 0) == "d")
        #expect(table.index(of: "a") == nil)
        #expect(table.capacity == 3)
    }

    @Test func backOffDoublesUpToTheMaximum() {
        let queue = FrameworkQueue(
            timing: .init(initialBackoff: .seconds(1), maxBackoff: .seconds(10), maxInUnschedulable: .seconds(300)),
            less: { _, _ in false }, preEnqueue: { _ in nil }, worthRetrying: { _, _ in true })
        #expect(queue.backoff(1) == .seconds(1))
        #expect(queue.backoff(2) == .seconds(2))
        #expect(queue.backoff(4) == .seconds(8))
        #expect(queue.backoff(5) == .seconds(10))
        #expect(queue.backoff(50) == .seconds(10))
    }

    @Test func tiesAreBrokenAmongTheBestOnly() {
        var seen: Set<Int> = []
        for _ in 0..<200 { seen.insert(FrameworkLoop.selectBest([5, 9, 1, 9, 9, 3])) }
        #expect(seen == [1, 3, 4])
        #expect(FrameworkLoop.selectBest([0, 0, 100]) == 2)
    }
}

/// How profile plugin names resolve to bundles.
@Suite("Framework plugin resolution")
struct FrameworkPluginResolutionTests {
    static func configuration(_ names: [String]) -> SchedulerConfiguration {
        SchedulerConfiguration(profiles: [
            SchedulerProfile(
                schedulerName: "default-scheduler",
                plugins: [.queueSort: [EnabledPlugin(name: "FakeSort")], .filter: names.map { EnabledPlugin(name: $0) }, .bind: [EnabledPlugin(name: "DefaultBinder")]])
        ])
    }

    @Test func theFirstBundleOfferingANameWinsAndVolumePluginsAreSkipped() throws {
        let bundles = [FrameworkFakeBundle(), FrameworkFakeBundle()]
        let plan = try FrameworkPluginPlan(configuration: Self.configuration(["LabelFilter", "VolumeBinding", "NodeVolumeLimits"]), bundles: bundles)
        #expect(plan.sources["LabelFilter"] == .bundle(0))
        #expect(plan.sources["FakeSort"] == .bundle(0))
        #expect(plan.sources["DefaultBinder"] == .hostBinder)
        #expect(plan.sources["VolumeBinding"] == .skipped)
        #expect(plan.skipped == ["NodeVolumeLimits", "VolumeBinding"])
        #expect(plan.bundlesInUse == [0])
    }

    @Test func aNameNoBundleOffersIsAnErrorAtConstruction() throws {
        let error = #expect(throws: FrameworkSchedulerError.self) {
            try FrameworkPluginPlan(configuration: Self.configuration(["NoSuchPlugin"]), bundles: [FrameworkFakeBundle()])
        }
        guard case .unknownPlugin(let profile, let plugin, _) = error else {
            Issue.record("unexpected \(String(describing: error))")
            return
        }
        #expect(profile == "default-scheduler")
        #expect(plugin == "NoSuchPlugin")
        #expect("\(error!)".contains("plugin \"NoSuchPlugin\" is not offered by any loaded scheduler bundle"))
    }
}

/// The catalogue a configuration of a framework scheduler is loaded with.
@Suite("Framework catalogue")
struct FrameworkCatalogueTests {
    @Test func addsTheBundlesOwnPluginsToTheInTreeOnes() throws {
        let catalogue = FrameworkScheduler.catalogue(for: [FrameworkFakeBundle()])
        #expect(catalogue.extensionPoints["LabelFilter"] == [.filter])
        #expect(catalogue.extensionPoints["RecordingReserve"] == [.reserve])
        #expect(catalogue.extensionPoints["NodeResourcesFit"] == SchedulerPluginCatalogue.inTree.extensionPoints["NodeResourcesFit"])
        let configuration = try SchedulerConfiguration.load(
            [
                "apiVersion": "kubescheduler.config.k8s.io/v1", "kind": "KubeSchedulerConfiguration",
                "profiles": [["schedulerName": "default-scheduler", "plugins": ["filter": ["enabled": [["name": "LabelFilter"]]]]]],
            ], catalogue: catalogue)
        #expect(configuration.profiles[0].pluginNames(at: .filter).last == "LabelFilter")
    }
}
