import Foundation
import Kernel
import PluginABI
import Testing

/// CRI conformance, runtime info: the descriptor, Version, Status, UpdateRuntimeConfig and
/// malformed requests, for every runtime under test.
@Suite("CRI conformance: runtime info")
struct RuntimeInfoTests {
    @Test(arguments: RuntimesUnderTest.all)
    func descriptorIsARuntimeWithASchema(runtime: String) throws {
        let plugin = try PluginLibraries.load(runtime)
        #expect(plugin.info.name == runtime)
        #expect(plugin.info.kind == .runtime)
        #expect(plugin.info.interfaceVersion == "1.0")
        let schema = try JSONValue(parsing: try #require(plugin.info.configSchema))
        #expect(schema["type"] == "object")
    }

    @Test(arguments: RuntimesUnderTest.all)
    func versionNamesTheRuntime(runtime: String) async throws {
        let harness = try await RuntimeHarness.make(runtime)
        defer { harness.close() }
        let version = try await harness.client.version()
        #expect(version["version"] == "0.1.0")
        #expect(version["runtimeName"]?.stringValue?.isEmpty == false)
        #expect(version["runtimeVersion"]?.stringValue?.isEmpty == false)
        #expect(version["runtimeApiVersion"]?.stringValue?.isEmpty == false)
    }

    @Test(arguments: RuntimesUnderTest.all)
    func statusReportsRuntimeAndNetworkReady(runtime: String) async throws {
        let harness = try await RuntimeHarness.make(runtime)
        defer { harness.close() }
        let status = try await harness.call(.status, ["verbose": false])
        let conditions = try #require(status[path: "status", "conditions"]?.arrayValue)
        #expect(conditions.contains { $0["type"] == "RuntimeReady" && $0["status"] == true })
        #expect(conditions.contains { $0["type"] == "NetworkReady" && $0["status"] == true })
        let handlers = status["runtimeHandlers"]?.arrayValue ?? []
        #expect(handlers.contains { $0["name"] == "" })
    }

    @Test(arguments: RuntimesUnderTest.all)
    func malformedRequestIsInvalidArgument(runtime: String) async throws {
        let harness = try await RuntimeHarness.make(runtime)
        defer { harness.close() }
        let status = await pluginStatus {
            _ = try await harness.client.callData(.runPodSandbox, Data("{not json".utf8))
        }
        #expect(status == Int32(KEELSON_ERR_INVALID_ARGUMENT))
    }

    // The fakes' shared config keys.

    @Test(arguments: RuntimesUnderTest.fakes)
    func sharedConfigKeysAreInTheSchema(runtime: String) throws {
        let plugin = try PluginLibraries.load(runtime)
        let schema = try JSONValue(parsing: try #require(plugin.info.configSchema))
        #expect(schema[path: "properties", "pullDelayMs", "type"] == "integer")
        #expect(schema[path: "properties", "allowedRegistries", "type"] == "array")
        #expect(schema[path: "properties", "sandboxImage", "type"] == "string")
        #expect(schema["additionalProperties"] == false)
    }

    @Test(arguments: RuntimesUnderTest.fakes)
    func networkNotReadyWhenConfigured(runtime: String) async throws {
        let harness = try await RuntimeHarness.make(runtime, ["networkReady": false])
        defer { harness.close() }
        let conditions = try #require(try await harness.call(.status)[path: "status", "conditions"]?.arrayValue)
        let network = try #require(conditions.first { $0["type"] == "NetworkReady" })
        #expect(network["status"] == false)
        #expect(network["reason"] == "NetworkPluginNotReady")
    }

    @Test(arguments: RuntimesUnderTest.fakes)
    func badConfigIsRefusedAtCreate(runtime: String) async throws {
        let plugin = try PluginLibraries.load(runtime)
        await #expect(throws: PluginCallError.self) {
            _ = try await PluginInstance.create(plugin: plugin, config: ["pullDelayMs": "soon"], label: "bad-config")
        }
        await #expect(throws: PluginCallError.self) {
            _ = try await PluginInstance.create(plugin: plugin, config: ["startDelayMs": -5], label: "bad-config-2")
        }
    }

    @Test(arguments: RuntimesUnderTest.fakes)
    func updateRuntimeConfigKeepsThePodCIDR(runtime: String) async throws {
        let harness = try await RuntimeHarness.make(runtime)
        defer { harness.close() }
        _ = try await harness.call(.updateRuntimeConfig, ["runtimeConfig": ["networkConfig": ["podCidr": "127.244.1.0/24"]]])
        let status = try await harness.call(.status, ["verbose": true])
        #expect(status[path: "info", "config"]?.stringValue?.contains("127.244.1.0/24") == true)
    }
}
