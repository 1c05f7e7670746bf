import Foundation
import Kernel
import PluginABI
import Testing

/// docker-shim as cri-dockerd over Docker Engine: versions, `k8s_` names, the pause container,
/// Docker's image names and image IDs, json-file logs, one runtime handler, Docker's errors.
@Suite("docker-shim: flavor")
struct RuntimeDockerShimTests {
    @Test func versionNamesDocker() async throws {
        let runtime = try await RuntimeHarness.make("docker-shim")
        defer { runtime.close() }
        let version = try await runtime.client.version()
        #expect(version["runtimeName"] == "docker")
        #expect(version["runtimeVersion"] == "27.4.1")
        #expect(version["runtimeApiVersion"] == "1.47.0")
        let handlers = try await runtime.call(.status)["runtimeHandlers"]?.arrayValue ?? []
        #expect(handlers.compactMap { $0["name"]?.stringValue } == [""])
        #expect(await pluginStatus {
            _ = try await runtime.client.runPodSandbox(config: RuntimeHarness.sandboxConfig(), runtimeHandler: "runc")
        } == Int32(KEELSON_ERR_INVALID_ARGUMENT))
    }

    @Test func sandboxesRunThePauseContainerUnderK8sNames() async throws {
        let runtime = try await RuntimeHarness.make("docker-shim")
        defer { runtime.close() }
        let sandbox = try await runtime.runSandbox()
        let info = try await runtime.sandboxInfo(sandbox.0)
        #expect(info["sandboxName"] == "k8s_POD_web-0_default_uid-web-0_0")
        #expect(info["infraContainer"] == true)
        #expect(try await runtime.allTags().contains("registry.k8s.io/pause:3.10"))
        let message = await pluginMessage { _ = try await runtime.client.runPodSandbox(config: sandbox.1) }
        #expect(message?.contains("The container name \"/k8s_POD_web-0_default_uid-web-0_0\" is already in use") == true)
        _ = try await runtime.createContainer(in: sandbox, "app", command: ["sleep", "30"])
        let conflict = await pluginMessage { _ = try await runtime.createContainer(in: sandbox, "app", command: ["true"]) }
        #expect(conflict?.contains("\"/k8s_app_web-0_default_uid-web-0_0\"") == true)
    }

    @Test func imagesAsDockerShowsThem() async throws {
        let runtime = try await RuntimeHarness.make("docker-shim")
        defer { runtime.close() }
        let id = try await runtime.createContainer(in: try await runtime.runSandbox(), "app", image: "busybox:1.36", command: ["sleep", "30"])
        let image = try #require(try await runtime.call(.imageStatus, ["image": ["image": "docker.io/library/busybox:1.36"]])["image"])
        #expect(image["repoTags"] == ["busybox:1.36"])
        let digest = try #require(image["repoDigests"]?.arrayValue?.first?.stringValue)
        #expect(digest.hasPrefix("busybox@sha256:"))
        let status = try await runtime.status(id)
        #expect(status[path: "image", "image"] == "busybox:1.36")
        #expect(status["imageRef"] == .string("docker-pullable://" + digest))
        #expect(status["imageId"] == image["id"])
        let denied = await pluginMessage { _ = try await runtime.client.pullImage("no-such-image") }
        #expect(denied?.contains("pull access denied for no-such-image, repository does not exist or may require 'docker login'") == true)
    }

    @Test func logsAreDockerJSONLines() async throws {
        let runtime = try await RuntimeHarness.make("docker-shim")
        defer { runtime.close() }
        let logs = RuntimeHarness.temporaryDirectory("keelson-logs")
        defer { try? FileManager.default.removeItem(atPath: logs) }
        let id = try await runtime.createContainer(
            in: try await runtime.runSandbox(logDirectory: logs), "app",
            command: ["sh", "-c", "echo '<hi> \"there\"'; echo oops >&2; printf later"], logPath: "app/0.log")
        try await runtime.start(id)
        _ = try await runtime.waitFor(id, state: "CONTAINER_EXITED")
        let lines = try String(contentsOfFile: logs + "/app/0.log", encoding: .utf8).split(separator: "\n")
        #expect(lines.count == 3)
        #expect(lines.first?.hasPrefix(#"{"log":"\u003chi\u003e \"there\"\n","stream":"stdout","time":""#) == true)
        let objects = try lines.map { try JSONValue(parsing: String($0)) }
        #expect(objects.map { $0["log"] } == ["<hi> \"there\"\n", "oops\n", "later"])
        #expect(objects.map { $0["stream"] } == ["stdout", "stderr", "stdout"])
        #expect(objects.allSatisfy { $0["time"]?.stringValue.map(LogTimestamp.isRFC3339) == true })
    }

    @Test func flavorConfigKeysOfOthersAreRefused() async throws {
        let plugin = try PluginLibraries.load("docker-shim")
        let schema = try JSONValue(parsing: try #require(plugin.info.configSchema))
        #expect(schema[path: "properties", "unqualifiedSearchRegistries"] == nil)
        await #expect(throws: PluginCallError.self) {
            _ = try await PluginInstance.create(plugin: plugin, config: ["shortNameAliases": ["a": "docker.io/library/nginx"]], label: "bad")
        }
    }
}
