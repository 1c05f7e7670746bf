import Controllers
import Kernel
import Testing

/// How a profile's plugins merge with the defaults and how multiPoint expands, with
/// kube-scheduler's precedence: specific point over multiPoint, `*` disabling, defaults disabled by
/// name, defaults replaced in place, user plugins appended, double registration refused.
@Suite("SchedulerConfiguration merging")
struct SchedulerConfigurationMergeTests {
    typealias T = SchedulerConfigurationTesting

    /// The single profile of a configuration whose profile `plugins` are `plugins` (JSON text).
    static func profile(plugins: String, catalogue: SchedulerPluginCatalogue = T.catalogue) throws -> SchedulerProfile {
        try T.load(#""profiles": [{"plugins": \#(plugins)}]"#, catalogue: catalogue).profiles[0]
    }

    @Test func specificPointOverridesMultiPointWeightAndComesFirst() throws {
        let profile = try Self.profile(plugins: #"""
            {"score": {"enabled": [{"name": "NodeAffinity", "weight": 5}, {"name": "LabelPreference", "weight": 4}]}}
            """#)
        #expect(profile.plugins(at: .score) == T.plugins([
            "NodeAffinity:5", "TaintToleration:3", "NodeResourcesFit:1", "VolumeBinding:1", "PodTopologySpread:2",
            "InterPodAffinity:2", "NodeResourcesBalancedAllocation:1", "ImageLocality:1", "LabelPreference:4",
        ]))
        // Other points keep multiPoint's order; LabelPreference was enabled at score only.
        #expect(profile.pluginNames(at: .filter) == SchedulerConfigurationDefaultsTests.expandedDefaults[.filter])
    }

    @Test func specificEntryWithoutWeightScoresWithWeightOne() throws {
        let profile = try Self.profile(plugins: #"{"score": {"enabled": [{"name": "TaintToleration"}]}}"#)
        #expect(profile.scoreWeight(of: "TaintToleration") == 1)
        #expect(profile.pluginNames(at: .score).first == "TaintToleration")
    }

    @Test func starDisablesDefaultsAndMultiPointAtThatPointOnly() throws {
        let profile = try Self.profile(plugins: #"""
            {"score": {"enabled": [{"name": "ImageLocality", "weight": 2}], "disabled": [{"name": "*"}]}}
            """#)
        #expect(profile.plugins(at: .score) == T.plugins(["ImageLocality:2"]))
        #expect(profile.pluginNames(at: .preScore) == SchedulerConfigurationDefaultsTests.expandedDefaults[.preScore])
        #expect(profile.pluginNames(at: .filter) == SchedulerConfigurationDefaultsTests.expandedDefaults[.filter])
    }

    @Test func starInMultiPointDropsEveryDefault() throws {
        let profile = try Self.profile(plugins: #"""
            {"multiPoint": {"enabled": [{"name": "PrioritySort"}, {"name": "NodeName"}, {"name": "DefaultBinder"}],
                            "disabled": [{"name": "*"}]}}
            """#)
        #expect(profile.pluginNames(at: .queueSort) == ["PrioritySort"])
        #expect(profile.pluginNames(at: .filter) == ["NodeName"])
        #expect(profile.pluginNames(at: .bind) == ["DefaultBinder"])
        #expect(profile.plugins(at: .score).isEmpty)
        #expect(profile.plugins(at: .preEnqueue).isEmpty)
        #expect(profile.pluginConfig.isEmpty)
    }

    @Test func defaultDisabledByName() throws {
        let profile = try Self.profile(plugins: #"""
            {"multiPoint": {"disabled": [{"name": "ImageLocality"}, {"name": "TaintToleration"}]},
             "preFilter": {"disabled": [{"name": "NodePorts"}]}}
            """#)
        #expect(profile.scoreWeight(of: "ImageLocality") == nil)
        #expect(!profile.pluginNames(at: .filter).contains("TaintToleration"))
        #expect(!profile.pluginNames(at: .preScore).contains("TaintToleration"))
        // Disabled at preFilter only: still a filter.
        #expect(!profile.pluginNames(at: .preFilter).contains("NodePorts"))
        #expect(profile.pluginNames(at: .filter).contains("NodePorts"))
    }

    @Test func defaultReplacedInPlaceWithANewWeight() throws {
        let profile = try Self.profile(plugins: #"""
            {"multiPoint": {"enabled": [{"name": "TaintToleration", "weight": 7}, {"name": "NodeAffinity"}]}}
            """#)
        #expect(profile.plugins(at: .score) == T.plugins([
            "TaintToleration:7", "NodeAffinity:1", "NodeResourcesFit:1", "VolumeBinding:1", "PodTopologySpread:2",
            "InterPodAffinity:2", "NodeResourcesBalancedAllocation:1", "ImageLocality:1",
        ]))
        #expect(profile.pluginNames(at: .filter) == SchedulerConfigurationDefaultsTests.expandedDefaults[.filter])
    }

    @Test func userMultiPointPluginIsAppendedAtEveryPointItImplements() throws {
        let profile = try Self.profile(plugins: #"{"multiPoint": {"enabled": [{"name": "LabelPreference", "weight": 3}]}}"#)
        #expect(profile.pluginNames(at: .filter) == SchedulerConfigurationDefaultsTests.expandedDefaults[.filter]! + ["LabelPreference"])
        #expect(profile.plugins(at: .score).last == EnabledPlugin(name: "LabelPreference", weight: 3))
        #expect(profile.extensionPoints(of: "LabelPreference") == [.filter, .score])
        #expect(profile.args(for: "LabelPreference") == nil)
    }

    @Test func disabledAtAPointDropsTheMultiPointEntryThere() throws {
        let profile = try Self.profile(plugins: #"""
            {"multiPoint": {"enabled": [{"name": "LabelPreference", "weight": 3}]},
             "score": {"disabled": [{"name": "LabelPreference"}]}}
            """#)
        #expect(profile.pluginNames(at: .filter).last == "LabelPreference")
        #expect(profile.scoreWeight(of: "LabelPreference") == nil)
    }

    @Test func thirdPartyQueueSortReplacesPrioritySort() throws {
        let profile = try Self.profile(plugins: #"""
            {"queueSort": {"enabled": [{"name": "FifoSort"}], "disabled": [{"name": "*"}]}}
            """#)
        #expect(profile.pluginNames(at: .queueSort) == ["FifoSort"])
        #expect(profile.queueSortPlugin == "FifoSort")
    }

    @Test func pluginEnabledTwiceAtOnePointIsRefused() throws {
        #expect(try T.messages(#""profiles": [{"plugins": {"score": {"enabled": [{"name": "NodeAffinity"}, {"name": "NodeAffinity"}]}}}]"#) == [
            #"profiles[0].plugins.score.enabled[1]: Invalid value: "NodeAffinity": plugin "NodeAffinity" already registered as "ScorePlugin""#,
        ])
        #expect(try T.messages(#""profiles": [{"plugins": {"multiPoint": {"enabled": [{"name": "ImageLocality"}, {"name": "ImageLocality"}]}}}]"#) == [
            #"profiles[0].plugins.multiPoint.enabled[0]: Invalid value: "ImageLocality": plugin "ImageLocality" already registered as "ScorePlugin""#,
        ])
    }

    @Test func pluginMustImplementThePointAndBeKnown() throws {
        #expect(try T.messages(#""profiles": [{"plugins": {"postBind": {"enabled": [{"name": "NodeName"}]}}}]"#) == [
            #"profiles[0].plugins.postBind.enabled[0]: Invalid value: "NodeName": plugin "NodeName" does not extend PostBindPlugin"#,
        ])
        #expect(try T.messages(#""profiles": [{"plugins": {"filter": {"enabled": [{"name": "Foo"}]}}}]"#) == [
            #"profiles[0].plugins.filter.enabled[0]: Invalid value: "Foo": FilterPlugin "Foo" does not exist in the plugin catalogue"#,
        ])
        #expect(try T.messages(#""profiles": [{"plugins": {"multiPoint": {"enabled": [{"name": "Foo"}]}}}]"#) == [
            #"profiles[0].plugins.multiPoint.enabled[0]: Invalid value: "Foo": plugin "Foo" does not exist in the plugin catalogue"#,
        ])
        // A third-party plugin is unknown until the caller's catalogue lists it.
        #expect(try !T.messages(#""profiles": [{"plugins": {"multiPoint": {"enabled": [{"name": "LabelPreference"}]}}}]"#).isEmpty)
        #expect(try T.messages(#""profiles": [{"plugins": {"multiPoint": {"enabled": [{"name": "LabelPreference"}]}}}]"#, catalogue: T.catalogue).isEmpty)
    }
}
