import Foundation
import Kernel
import PluginABI
import Testing

/// CRI conformance, runtime info: the descriptor, Version, Status and the config schema.
@Suite("containerd-like: runtime info")
struct RuntimeInfoTests {
    @Test func descriptorIsARuntimeWithASchema() throws {
        let plugin = try PluginLibraries.load("containerd-like")
        #expect(plugin.info.name == "containerd-like")
        #expect(plugin.info.kind == .runtime)
        #expect(plugin.info.interfaceVersion == "1.0")
        let schema = try JSONValue(parsing: try #require(plugin.info.configSchema))
        #expect(schema[path: "properties", "pullDelayMs", "type"] == "integer")
        #expect(schema[path: "properties", "allowedRegistries", "type"] == "array")
    }

    @Test func versionNamesContainerd() async throws {
        let runtime = try await RuntimeHarness.make()
        defer { runtime.close() }
        let version = try await runtime.client.version()
        #expect(version["version"] == "0.1.0")
        #expect(version["runtimeName"] == "containerd")
        #expect(version["runtimeVersion"]?.stringValue?.hasPrefix("1.7.") == true)
        #expect(version["runtimeVersion"]?.stringValue?.hasSuffix("-keelson") == true)
        #expect(version["runtimeApiVersion"] == "v1")
    }

    @Test func statusReportsRuntimeAndNetworkReady() async throws {
        let runtime = try await RuntimeHarness.make()
        defer { runtime.close() }
        let status = try await runtime.call(.status, ["verbose": false])
        let conditions = try #require(status[path: "status", "conditions"]?.arrayValue)
        #expect(conditions.contains { $0["type"] == "RuntimeReady" && $0["status"] == true })
        #expect(conditions.contains { $0["type"] == "NetworkReady" && $0["status"] == true })
    }

    @Test func networkNotReadyWhenConfigured() async throws {
        let runtime = try await RuntimeHarness.make(["networkReady": false])
        defer { runtime.close() }
        let conditions = try #require(try await runtime.call(.status)[path: "status", "conditions"]?.arrayValue)
        let network = try #require(conditions.first { $0["type"] == "NetworkReady" })
        #expect(network["status"] == false)
        #expect(network["reason"] == "NetworkPluginNotReady")
    }

    @Test func badConfigIsRefusedAtCreate() async throws {
        let plugin = try PluginLibraries.load("containerd-like")
        await #expect(throws: PluginCallError.self) {
            _ = try await PluginInstance.create(plugin: plugin, config: ["pullDelayMs": "soon"], label: "bad-config")
        }
        await #expect(throws: PluginCallError.self) {
            _ = try await PluginInstance.create(plugin: plugin, config: ["startDelayMs": -5], label: "bad-config-2")
        }
    }

    @Test func optionalMethodsAnswerOrAreUnsupported() async throws {
        let runtime = try await RuntimeHarness.make()
        defer { runtime.close() }
        _ = try await runtime.call(.updateRuntimeConfig, ["runtimeConfig": ["networkConfig": ["podCidr": "127.244.1.0/24"]]])
        let status = try await runtime.call(.status, ["verbose": true])
        #expect(status[path: "info", "config"]?.stringValue?.contains("127.244.1.0/24") == true)
        #expect(await pluginStatus { _ = try await runtime.call(.containerStats, ["containerId": "x"]) } == Int32(KEELSON_ERR_UNSUPPORTED))
    }

    @Test func malformedRequestIsInvalidArgument() async throws {
        let runtime = try await RuntimeHarness.make()
        defer { runtime.close() }
        let status = await pluginStatus {
            _ = try await runtime.client.callData(.runPodSandbox, Data("{not json".utf8))
        }
        #expect(status == Int32(KEELSON_ERR_INVALID_ARGUMENT))
    }
}
