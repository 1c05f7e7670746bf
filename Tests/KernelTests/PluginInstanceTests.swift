import Foundation
import Kernel
import PluginABI
import Testing

/// Instances of a real C plugin: create with config, calls through the kind table, the
/// libffi-bound host table (log, status, get, watch), last_error, statistics and health.
@Suite("Plugin instances")
struct PluginInstanceTests {
    static let node: JSONValue = ["apiVersion": "v1", "kind": "Node", "metadata": ["name": "n1"]]

    private func loadFixture() async throws -> LoadedPlugin {
        let directory = try FixturePlugins.temporaryDirectory()
        return try PluginLoader.load(file: try await FixturePlugins.build("libfixture.so", in: directory)).get()
    }

    private func schedule(_ instance: PluginInstance, _ pod: String) async throws -> String {
        let table = instance.plugin.table(keelson_scheduler_v1.self)
        let data = try await instance.call("schedule") { handle, sink in
            pod.withCString { table.schedule(handle, $0, strlen($0), sink) }
        }
        return String(decoding: data, as: UTF8.self)
    }

    @Test func callsReachThePluginAndHostTableCallsReachTheClient() async throws {
        let plugin = try await loadFixture()
        let client = FakeObjectClient(objects: [.nodes: [Self.node]])
        let instance = try await PluginInstance.create(plugin: plugin, config: ["mode": "test"], label: "fixture@test", client: client)
        defer { instance.destroy() }
        #expect(instance.statistics.health.health == .degraded)
        #expect(instance.statistics.health.message == "warming up")

        #expect(try await schedule(instance, "{}") == "node-a")
        let fetched = try JSONValue(parsing: try await schedule(instance, "get-node"))
        #expect(fetched.name == "n1")

        #expect(try await schedule(instance, "watch").hasPrefix("watch "))
        let deadline = Date().addingTimeInterval(5)
        var events = ""
        while Date() < deadline {
            events = try await schedule(instance, "events")
            if events == "1" { break }
            try await Task.sleep(for: .milliseconds(20))
        }
        #expect(events == "1")
        #expect(instance.statistics.operations["schedule"]?.calls ?? 0 >= 4)
        #expect(instance.statistics.operations["on_watch_event"]?.calls == 1)
    }

    @Test func aFailedCallCarriesTheStatusAndLastError() async throws {
        let instance = try await PluginInstance.create(plugin: try await loadFixture())
        defer { instance.destroy() }
        do {
            _ = try await schedule(instance, "fail")
            Issue.record("fail did not throw")
        } catch let error as PluginCallError {
            #expect(error.status == Int32(KEELSON_ERR_UNSCHEDULABLE))
            #expect(error.message == "0/1 nodes are available: no luck.")
            #expect(error.statusName == "UNSCHEDULABLE")
        }
        // Answers such as UNSCHEDULABLE are not malfunctions; INTERNAL errors are.
        for _ in 0..<PluginCallStatistics.unhealthyAfter { _ = try? await schedule(instance, "fail") }
        #expect(instance.statistics.health.health != .unhealthy)
        for _ in 0..<PluginCallStatistics.unhealthyAfter { _ = try? await schedule(instance, "broken") }
        #expect(instance.statistics.health.health == .unhealthy)
        #expect(instance.statistics.operations["schedule"]?.malfunctions == PluginCallStatistics.unhealthyAfter)
        #expect(try await schedule(instance, "{}") == "node-a")
        #expect(instance.statistics.health.health != .unhealthy)
    }

    @Test func createRefusalReportsThePluginsMessage() async throws {
        let plugin = try await loadFixture()
        await #expect(throws: PluginCallError.self) {
            _ = try await PluginInstance.create(plugin: plugin, config: ["mode": "refuse"])
        }
        do {
            _ = try PluginInstance.createSync(plugin: plugin, config: ["mode": "refuse"])
        } catch let error as PluginCallError {
            #expect(error.message == "refused by its config")
        }
    }

    @Test func severalInstancesLiveSideBySideAndADestroyedOneRefusesCalls() async throws {
        let plugin = try await loadFixture()
        let first = try PluginInstance.createSync(plugin: plugin, label: "a")
        let second = try PluginInstance.createSync(plugin: plugin, label: "b")
        #expect(try await schedule(first, "{}") == "node-a")
        first.destroy()
        first.destroy()
        await #expect(throws: PluginCallError.self) { _ = try await schedule(first, "{}") }
        #expect(try await schedule(second, "{}") == "node-a")
        second.destroy()
    }
}
