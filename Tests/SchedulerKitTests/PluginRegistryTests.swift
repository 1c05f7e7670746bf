@testable import SchedulerKit
import Testing

/// The registry reads each default plugin's extension points from its protocols; they must be
/// the points kube-scheduler's plugins implement (the host's catalogue relies on the same set).
@Suite struct PluginRegistryTests {
    @Test func extensionPointsMatchKubeScheduler() throws {
        let expected: [String: Set<FrameworkExtensionPoint>] = [
            "SchedulingGates": [.preEnqueue],
            "PrioritySort": [.queueSort],
            "NodeUnschedulable": [.filter],
            "NodeName": [.filter],
            "TaintToleration": [.filter, .preScore, .score],
            "NodeAffinity": [.preFilter, .filter, .preScore, .score],
            "NodePorts": [.preFilter, .filter],
            "NodeResourcesFit": [.preFilter, .filter, .preScore, .score],
            "PodTopologySpread": [.preFilter, .filter, .preScore, .score],
            "InterPodAffinity": [.preFilter, .filter, .preScore, .score],
            "DefaultPreemption": [.postFilter],
            "NodeResourcesBalancedAllocation": [.preScore, .score],
            "ImageLocality": [.score],
        ]
        for plugin in PluginRegistry.defaults {
            #expect(plugin.extensionPoints == expected[plugin.name], "\(plugin.name)")
        }
        #expect(PluginRegistry.plugin(named: "NodeResourcesFit")?.events.isEmpty == false)
        #expect(FrameworkExtensionPoint.mask([.filter, .score]) == 0x48)
    }

    @Test func everyDefaultPluginIsMadeWithItsDefaultArgs() throws {
        let snapshot = Snapshot()
        for plugin in PluginRegistry.defaults {
            let made = try plugin.make(args: nil, snapshot: snapshot)
            #expect(type(of: made).name == plugin.name)
        }
    }
}
