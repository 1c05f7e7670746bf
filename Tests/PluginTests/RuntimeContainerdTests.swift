import Foundation
import Kernel
import PluginABI
import Testing

/// containerd-like as containerd: versions, names, the pause image, image names and the CRI log format.
@Suite("containerd-like: flavor")
struct RuntimeContainerdTests {
    @Test func versionNamesContainerd() async throws {
        let runtime = try await RuntimeHarness.make("containerd-like")
        defer { runtime.close() }
        let version = try await runtime.client.version()
        #expect(version["runtimeName"] == "containerd")
        #expect(version["runtimeVersion"]?.stringValue?.hasPrefix("1.7.") == true)
        #expect(version["runtimeVersion"]?.stringValue?.hasSuffix("-keelson") == true)
        #expect(version["runtimeApiVersion"] == "v1")
    }

    @Test func namesPauseImageAndRuncHandler() async throws {
        let runtime = try await RuntimeHarness.make("containerd-like")
        defer { runtime.close() }
        let (id, _) = try await runtime.runSandbox()
        #expect(try await runtime.sandboxInfo(id)["sandboxName"] == "web-0_default_uid-web-0_0")
        let images = try await runtime.call(.listImages)["images"]?.arrayValue ?? []
        let pause = try #require(images.first { $0["repoTags"]?.arrayValue?.contains("registry.k8s.io/pause:3.10") == true })
        #expect(pause["pinned"] == true)
        _ = try await runtime.client.runPodSandbox(config: RuntimeHarness.sandboxConfig("x"), runtimeHandler: "runc")
        // The schema has no CRI-O keys, and the plugin refuses them.
        let plugin = try PluginLibraries.load("containerd-like")
        await #expect(throws: PluginCallError.self) {
            _ = try await PluginInstance.create(plugin: plugin, config: ["unqualifiedSearchRegistries": ["quay.io"]], label: "bad")
        }
    }

    @Test func containerShowsTheNormalisedImage() async throws {
        let runtime = try await RuntimeHarness.make("containerd-like")
        defer { runtime.close() }
        let sandbox = try await runtime.runSandbox()
        let id = try await runtime.createContainer(in: sandbox, "app", command: ["sleep", "3600"])
        let status = try await runtime.status(id)
        #expect(status[path: "image", "image"] == "docker.io/library/busybox:latest")
        #expect(status["imageId"]?.stringValue?.hasPrefix("sha256:") == true)
        #expect(status["imageRef"]?.stringValue?.hasPrefix("docker.io/library/busybox@sha256:") == true)
        let message = await pluginMessage { _ = try await runtime.createContainer(in: sandbox, "app", command: ["true"]) }
        #expect(message?.contains("failed to reserve container name \"app_web-0_default_uid-web-0_0\"") == true)
    }

    @Test func logsAreInTheCRIFormat() async throws {
        let runtime = try await RuntimeHarness.make("containerd-like")
        defer { runtime.close() }
        let logs = RuntimeHarness.temporaryDirectory("keelson-logs")
        defer { try? FileManager.default.removeItem(atPath: logs) }
        let id = try await runtime.createContainer(
            in: try await runtime.runSandbox(logDirectory: logs), "app", command: ["sh", "-c", "echo hello; echo -n later"], logPath: "app/0.log")
        try await runtime.start(id)
        _ = try await runtime.waitFor(id, state: "CONTAINER_EXITED")
        let lines = try String(contentsOfFile: logs + "/app/0.log", encoding: .utf8).split(separator: "\n")
        #expect(lines.map { $0.split(separator: " ", maxSplits: 1).last.map(String.init) } == ["stdout F hello", "stdout P later"])
        #expect(lines.first?.split(separator: " ").first?.count == 30)
    }
}
