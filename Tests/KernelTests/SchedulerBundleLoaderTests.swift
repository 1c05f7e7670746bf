import Foundation
import Kernel
import PluginABI
import Testing

/// The loader against scheduler bundles (interface 2.0): the plugin list it copies, and one
/// malformed table per rejection, each reported in one line naming the field.
@Suite("Scheduler bundle loader")
struct SchedulerBundleLoaderTests {
    /// Builds the fixture with `defines`, expects the loader to reject it in one line naming the
    /// file and plugin, and returns the reason.
    private func rejection(_ defines: [String]) async throws -> String {
        let path = try await SchedulerBundleFixtures.build(defines)
        switch PluginLoader.load(file: path) {
        case .success(let plugin):
            Issue.record("\(defines) loaded as \(plugin.info.name)")
            return ""
        case .failure(let rejection):
            #expect(rejection.file == path)
            #expect(!rejection.reason.contains("\n"))
            #expect(rejection.description.hasPrefix(path + ": plugin fixture-bundle: "))
            return rejection.reason
        }
    }

    @Test func loadsAValidBundleAndReadsItsPlugins() throws {
        let plugin = try PluginLoader.load(file: try SchedulerBundleFixtures.valid.get()).get()
        #expect(plugin.info.kind == .scheduler)
        #expect(plugin.info.interfaceVersion == "2.0")
        #expect(SchedulerBundleClient.isFrameworkBundle(plugin))
        let plugins = try SchedulerBundleClient.frameworkPlugins(of: plugin)
        #expect(plugins.map(\.name) == ["FixtureFilter", "FixtureBind"])
        #expect(plugins[0].points == [.preEnqueue, .queueSort, .preFilter, .filter, .postFilter])
        #expect(plugins[0].events == [FrameworkClusterEvent(resource: "Node", action: "Add"), FrameworkClusterEvent(resource: "Pod", action: "Delete")])
        #expect(plugins[1].points == [.reserve, .permit, .preBind, .bind, .postBind])
        #expect(plugins[1].events == nil)
    }

    @Test func aSchedulerOfInterfaceOneIsNotABundle() async throws {
        let path = try await FixturePlugins.build("libfixture.so", in: try FixturePlugins.temporaryDirectory())
        let plugin = try PluginLoader.load(file: path).get()
        #expect(!SchedulerBundleClient.isFrameworkBundle(plugin))
        let instance = try PluginInstance.createSync(plugin: plugin)
        defer { instance.destroy() }
        #expect(throws: PluginRejection.self) { try SchedulerBundleClient(instance) }
    }

    @Test func rejectsANullRequiredHook() async throws {
        #expect(try await rejection(["BUNDLE_NULL_REQUIRED"]) == "plugin fixture-bundle: required scheduler hook node_event is NULL")
    }

    @Test func rejectsADeclaredPointWithoutItsHook() async throws {
        #expect(try await rejection(["BUNDLE_MISSING_POINT"])
            == "plugin fixture-bundle: required scheduler hook filter (a plugin declares that extension point) is NULL")
    }

    @Test func rejectsDuplicatePluginNames() async throws {
        #expect(try await rejection(["BUNDLE_DUPLICATE"]) == "plugin fixture-bundle: scheduler bundle table: plugins[1].name_plugin_owned \"FixtureFilter\" duplicates plugins[0]: names must be unique in a bundle")
    }

    @Test func rejectsAnInvalidPluginName() async throws {
        #expect(try await rejection(["BUNDLE_BAD_NAME"]).contains("plugins[1].name_plugin_owned \"fixture bind!\" is not a plugin name"))
    }

    @Test func rejectsMalformedEventsJSON() async throws {
        #expect(try await rejection(["BUNDLE_BAD_EVENTS"]) == "plugin fixture-bundle: scheduler bundle table: plugins[0] (FixtureFilter): events_json_plugin_owned is not valid JSON")
    }

    @Test func rejectsAnUnknownEventAction() async throws {
        #expect(try await rejection(["BUNDLE_BAD_ACTION"]).contains("plugins[0] (FixtureFilter): events_json_plugin_owned [0].action \"Explode\" is not one of"))
    }

    @Test func rejectsAPluginInfoOfTheWrongSize() async throws {
        let reason = try await rejection(["BUNDLE_BAD_INFO_SIZE"])
        #expect(reason.hasPrefix("plugin fixture-bundle: scheduler bundle table: plugins[0].struct_size is 8, expected sizeof(keelson_sched_plugin_info) = "))
    }

    @Test func rejectsAnEmptyPluginList() async throws {
        #expect(try await rejection(["BUNDLE_NO_PLUGINS"]).contains("plugin_count is 0"))
    }

    @Test func rejectsADefaultConfigThatIsNotAJSONObject() async throws {
        #expect(try await rejection(["BUNDLE_BAD_CONFIG"]).contains("default_config_json_plugin_owned is not a JSON object"))
    }

    @Test func namesBothSchedulerInterfacesForAnUnknownMajor() async throws {
        #expect(try await rejection(["BUNDLE_INTERFACE_MAJOR=3"])
            == "plugin fixture-bundle: scheduler interface 3.0 is not supported: this host implements 1.0 and 2.0 (majors equal, plugin minor <= host minor)")
    }
}
