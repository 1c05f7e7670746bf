import Foundation
import Kernel
import PluginABI
import Testing

/// cri-o-like as CRI-O 1.31: versions, names, sandboxes without infra containers, short names
/// through the search registries and aliases, the crun and runc handlers, the CRI log format.
@Suite("cri-o-like: flavor")
struct RuntimeCrioTests {
    @Test func versionAndHandlers() async throws {
        let runtime = try await RuntimeHarness.make("cri-o-like")
        defer { runtime.close() }
        let version = try await runtime.client.version()
        #expect(version["runtimeName"] == "cri-o")
        #expect(version["runtimeVersion"]?.stringValue?.hasPrefix("1.31.") == true)
        #expect(version["runtimeApiVersion"] == "v1")
        let handlers = try await runtime.call(.status)["runtimeHandlers"]?.arrayValue ?? []
        #expect(handlers.compactMap { $0["name"]?.stringValue } == ["", "crun", "runc"])
        let crun = try await runtime.client.runPodSandbox(config: RuntimeHarness.sandboxConfig("a"), runtimeHandler: "crun")
        _ = try await runtime.client.runPodSandbox(config: RuntimeHarness.sandboxConfig("b"), runtimeHandler: "runc")
        #expect(try await runtime.client.podSandboxStatus(crun)["runtimeHandler"] == "crun")
    }

    @Test func sandboxesPinNamespacesWithoutAPauseImage() async throws {
        let runtime = try await RuntimeHarness.make("cri-o-like")
        defer { runtime.close() }
        let (id, config) = try await runtime.runSandbox()
        let info = try await runtime.sandboxInfo(id)
        #expect(info["sandboxName"] == "k8s_web-0_default_uid-web-0_0")
        #expect(info["infraContainer"] == false)
        #expect(try await runtime.allTags().isEmpty)
        let message = await pluginMessage { _ = try await runtime.client.runPodSandbox(config: config) }
        #expect(message == "pod sandbox with name \"k8s_web-0_default_uid-web-0_0\" already exists")
        // A pod sharing one PID namespace needs a process to hold it: the infra container.
        var shared = RuntimeHarness.sandboxConfig("shared")
        shared["linux"] = ["securityContext": ["namespaceOptions": ["network": "POD", "pid": "POD"]]]
        let sharedID = try await runtime.client.runPodSandbox(config: shared)
        #expect(try await runtime.sandboxInfo(sharedID)["infraContainer"] == true)
        #expect(try await runtime.allTags() == ["registry.k8s.io/pause:3.10"])
    }

    @Test func shortNamesResolveThroughTheSearchRegistries() async throws {
        // quay.io is searched first but cannot be reached; docker.io has busybox.
        let runtime = try await RuntimeHarness.make("cri-o-like", ["unqualifiedSearchRegistries": ["quay.io", "docker.io"]])
        defer { runtime.close() }
        let sandbox = try await runtime.runSandbox()
        let id = try await runtime.createContainer(in: sandbox, "app", command: ["sleep", "30"])
        #expect(try await runtime.allTags() == ["docker.io/library/busybox:latest"])
        let status = try await runtime.status(id)
        #expect(status[path: "image", "image"] == "docker.io/library/busybox:latest")
        #expect(status["imageRef"]?.stringValue?.hasPrefix("docker.io/library/busybox@sha256:") == true)
        let conflict = await pluginMessage { _ = try await runtime.createContainer(in: sandbox, "app", command: ["true"]) }
        #expect(conflict?.contains("the container name \"k8s_app_web-0_default_uid-web-0_0\" is already in use") == true)
        // A name found nowhere names every registry tried.
        let message = await pluginMessage { _ = try await runtime.client.pullImage("no-such-image") }
        #expect(message?.contains("quay.io/no-such-image:latest") == true)
        #expect(message?.contains("docker.io/library/no-such-image:latest") == true)
    }

    @Test func theFirstRegistryThatHasTheImageWins() async throws {
        let runtime = try await RuntimeHarness.make(
            "cri-o-like", ["unqualifiedSearchRegistries": ["quay.io", "docker.io"], "allowedRegistries": ["quay.io"]])
        defer { runtime.close() }
        _ = try await runtime.client.pullImage("busybox")
        #expect(try await runtime.allTags() == ["quay.io/busybox:latest"])
        #expect(try await runtime.call(.imageStatus, ["image": ["image": "busybox"]])[path: "image", "repoTags"] == ["quay.io/busybox:latest"])
    }

    @Test func withoutSearchRegistriesOnlyQualifiedNamesAndAliasesPull() async throws {
        let runtime = try await RuntimeHarness.make(
            "cri-o-like", ["unqualifiedSearchRegistries": [], "shortNameAliases": ["web": "docker.io/library/nginx"]])
        defer { runtime.close() }
        let message = await pluginMessage { _ = try await runtime.client.pullImage("busybox") }
        #expect(message?.contains("short-name \"busybox\" did not resolve to an alias and no unqualified-search registries are defined") == true)
        #expect(await pluginStatus { _ = try await runtime.client.pullImage("busybox") } == Int32(KEELSON_ERR_NOT_FOUND))
        _ = try await runtime.client.pullImage("docker.io/library/busybox")
        _ = try await runtime.client.pullImage("web:1.27")
        #expect(Set(try await runtime.allTags()) == ["docker.io/library/busybox:latest", "docker.io/library/nginx:1.27"])
        let plugin = try PluginLibraries.load("cri-o-like")
        let schema = try JSONValue(parsing: try #require(plugin.info.configSchema))
        #expect(schema[path: "properties", "unqualifiedSearchRegistries", "type"] == "array")
        #expect(schema[path: "properties", "shortNameAliases", "type"] == "object")
    }

    @Test func logsAreInTheCRIFormat() async throws {
        let runtime = try await RuntimeHarness.make("cri-o-like")
        defer { runtime.close() }
        let logs = RuntimeHarness.temporaryDirectory("keelson-logs")
        defer { try? FileManager.default.removeItem(atPath: logs) }
        let id = try await runtime.createContainer(
            in: try await runtime.runSandbox(logDirectory: logs), "app", command: ["sh", "-c", "echo hello"], logPath: "app/0.log")
        try await runtime.start(id)
        _ = try await runtime.waitFor(id, state: "CONTAINER_EXITED")
        let line = try String(contentsOfFile: logs + "/app/0.log", encoding: .utf8)
        #expect(line.hasSuffix(" stdout F hello\n"))
    }
}
