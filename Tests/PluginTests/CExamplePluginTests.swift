import Foundation
import Kernel
import PluginABI
import Testing

/// The plain-C example under Examples/c-static-zone, built with its Makefile (cc and the ABI
/// header only), loaded through the kernel's loader and called through the typed client.
@Suite("C example plugin (static-zone)")
struct CExamplePluginTests {
    /// Builds the example once per test run with `make -C Examples/c-static-zone`.
    static let built: Result<String, CExamplePluginTests.CExampleBuildError> = PluginLibraries.buildExample("c-static-zone", library: "libstatic-zone.so")

    struct CExampleBuildError: Error, CustomStringConvertible {
        let description: String
    }

    static func cloud(_ config: JSONValue = ["zone": "rack-7", "region": "lab"]) async throws -> CloudPluginClient {
        let plugin = try PluginLoader.load(file: try built.get()).get()
        return CloudPluginClient(try await PluginInstance.create(plugin: plugin, config: config, label: "static-zone@test"))
    }

    @Test func loadsWithItsDescriptor() throws {
        let plugin = try PluginLoader.load(file: try Self.built.get()).get()
        #expect(plugin.info.name == "static-zone")
        #expect(plugin.info.kind == .cloudProvider)
        #expect(plugin.info.version == "0.1.0")
        #expect(plugin.info.interfaceVersion == "1.0")
        let schema = try JSONValue(parsing: try #require(plugin.info.configSchema))
        #expect(schema[path: "properties", "zone", "type"] == "string")
        let validator = try JSONSchema(parsing: try #require(plugin.info.configSchema))
        #expect(validator.validate(["zone": "rack-7", "region": "lab"]).isEmpty)
        #expect(!validator.validate(["zone": "rack\"7"]).isEmpty)
        #expect(!validator.validate(["zone": ""]).isEmpty)
    }

    @Test func answersZonesFromItsConfig() async throws {
        let cloud = try await Self.cloud()
        #expect(cloud.supportsZones && cloud.supportsInstances)
        #expect(!cloud.supportsLoadBalancer && !cloud.supportsRoutes)
        #expect(try await cloud.zone() == ["failureDomain": "rack-7", "region": "lab"])
        #expect(try await cloud.zone(nodeName: "n1") == ["failureDomain": "rack-7", "region": "lab"])
        #expect(try await cloud.zone(providerID: "static://n1") == ["failureDomain": "rack-7", "region": "lab"])
        do {
            _ = try await cloud.zone(providerID: "local://n1")
            Issue.record("a foreign provider ID was accepted")
        } catch let error as PluginCallError {
            #expect(error.status == Int32(KEELSON_ERR_NOT_FOUND))
            #expect(error.message == "provider ID is not static://<node-name>")
        }
        let defaults = try await Self.cloud([:])
        #expect(try await defaults.zone() == ["failureDomain": "static-zone-a", "region": "static"])
    }

    @Test func describesInstances() async throws {
        let cloud = try await Self.cloud()
        // A label called "name" must not be taken for metadata.name.
        let node: JSONValue = ["apiVersion": "v1", "kind": "Node", "metadata": ["labels": ["name": "decoy"], "name": "pool-a-1"]]
        let metadata = try await cloud.instanceMetadata(node: node)
        #expect(metadata == [
            "providerID": "static://pool-a-1", "instanceType": "static",
            "nodeAddresses": [["type": "Hostname", "address": "pool-a-1"]], "zone": "rack-7", "region": "lab",
        ])
        #expect(try await cloud.instanceExists(node: node))
        #expect(try await cloud.instanceShutdown(node: node) == false)
        do {
            _ = try await cloud.instanceMetadata(node: ["metadata": ["labels": [:]]])
            Issue.record("a node without a name was accepted")
        } catch let error as PluginCallError {
            #expect(error.status == Int32(KEELSON_ERR_INVALID_ARGUMENT))
            #expect(error.message == "node: missing metadata.name")
        }
    }

    @Test func refusesWhatItDoesNotSupportOrUnderstand() async throws {
        let cloud = try await Self.cloud()
        do {
            _ = try await cloud.ensureLoadBalancer(clusterName: "keelson", service: ["metadata": ["name": "web"]], nodes: [])
            Issue.record("an unsupported load balancer call succeeded")
        } catch let error as PluginCallError {
            #expect(error.status == Int32(KEELSON_ERR_UNSUPPORTED))
        }
        do {
            _ = try await Self.cloud(["zone": ""])
            Issue.record("an empty zone was accepted")
        } catch let error as PluginCallError {
            #expect(error.status == Int32(KEELSON_ERR_INVALID_ARGUMENT))
            #expect(error.message.hasPrefix("config: zone must be a non-empty string"))
        }
    }
}
