import Foundation
import Kernel
import PluginABI
import Testing

/// CRI conformance, pod sandbox lifecycle: READY → NOTREADY → removed, idempotent stop and
/// remove, status, list filters, name reservation, and what a sandbox does to its containers.
@Suite("containerd-like: sandbox lifecycle")
struct RuntimeSandboxTests {
    @Test func runStatusStopRemove() async throws {
        let runtime = try await RuntimeHarness.make()
        defer { runtime.close() }
        let before = Int64(Date().timeIntervalSince1970 * 1e9)
        let (id, _) = try await runtime.runSandbox(
            "web-0", labels: ["app": "web"], annotations: ["keelson.dev/pod-ip": "127.244.1.7", "note": "kept"])
        #expect(id.count == 64)

        var status = try await runtime.client.podSandboxStatus(id)
        #expect(status["id"] == .string(id))
        #expect(status["state"] == "SANDBOX_READY")
        #expect(status[path: "metadata", "name"] == "web-0")
        #expect(status[path: "metadata", "namespace"] == "default")
        #expect(status[path: "metadata", "uid"] == "uid-web-0")
        #expect(status[path: "labels", "app"] == "web")
        #expect(status[path: "annotations", "note"] == "kept")
        #expect(status[path: "network", "ip"] == "127.244.1.7")
        #expect(int64(status["createdAt"]) >= before - 1_000_000_000)

        _ = try await runtime.call(.stopPodSandbox, ["podSandboxId": .string(id)])
        status = try await runtime.client.podSandboxStatus(id)
        #expect(status["state"] == "SANDBOX_NOTREADY")
        #expect(status["network"] == nil)
        // Stop is idempotent.
        _ = try await runtime.call(.stopPodSandbox, ["podSandboxId": .string(id)])

        _ = try await runtime.call(.removePodSandbox, ["podSandboxId": .string(id)])
        _ = try await runtime.call(.removePodSandbox, ["podSandboxId": .string(id)])
        #expect(await pluginStatus { _ = try await runtime.client.podSandboxStatus(id) } == Int32(KEELSON_ERR_NOT_FOUND))
        #expect(await pluginStatus { _ = try await runtime.call(.stopPodSandbox, ["podSandboxId": "nope"]) } == Int32(KEELSON_ERR_NOT_FOUND))
    }

    @Test func listFiltersByIdStateAndLabels() async throws {
        let runtime = try await RuntimeHarness.make()
        defer { runtime.close() }
        let (a, _) = try await runtime.runSandbox("a", labels: ["app": "web", "tier": "front"])
        let (b, _) = try await runtime.runSandbox("b", labels: ["app": "web"])
        let (c, _) = try await runtime.runSandbox("c", labels: ["app": "db"])
        _ = try await runtime.call(.stopPodSandbox, ["podSandboxId": .string(c)])

        func ids(_ filter: JSONValue) async throws -> [String] {
            let items = try await runtime.call(.listPodSandbox, ["filter": filter])["items"]?.arrayValue ?? []
            return items.compactMap { $0["id"]?.stringValue }
        }
        #expect(try await ids([:]) == [a, b, c])
        #expect(try await ids(["id": .string(b)]) == [b])
        #expect(try await ids(["id": .string(String(a.prefix(12)))]) == [a])
        #expect(try await ids(["state": ["state": "SANDBOX_READY"]]) == [a, b])
        #expect(try await ids(["state": ["state": 1]]) == [c])
        #expect(try await ids(["labelSelector": ["app": "web"]]) == [a, b])
        #expect(try await ids(["labelSelector": ["app": "web", "tier": "front"]]) == [a])
        let item = try #require(try await runtime.call(.listPodSandbox)["items"]?.arrayValue?.first)
        #expect(item[path: "metadata", "name"] == "a")
        #expect(int64(item["createdAt"]) > 0)
    }

    @Test func sandboxNamesAreReserved() async throws {
        let runtime = try await RuntimeHarness.make()
        defer { runtime.close() }
        let first = RuntimeHarness.sandboxConfig("db-0")
        let id = try await runtime.client.runPodSandbox(config: first)
        #expect(await pluginStatus { _ = try await runtime.client.runPodSandbox(config: first) } == Int32(KEELSON_ERR_ALREADY_EXISTS))
        // The next attempt is a different name.
        _ = try await runtime.client.runPodSandbox(config: RuntimeHarness.sandboxConfig("db-0", attempt: 1))
        // Removing the sandbox frees its name.
        _ = try await runtime.call(.removePodSandbox, ["podSandboxId": .string(id)])
        _ = try await runtime.client.runPodSandbox(config: first)
    }

    @Test func invalidSandboxRequests() async throws {
        let runtime = try await RuntimeHarness.make()
        defer { runtime.close() }
        #expect(await pluginStatus { _ = try await runtime.call(.runPodSandbox, ["config": [:]]) } == Int32(KEELSON_ERR_INVALID_ARGUMENT))
        #expect(await pluginStatus {
            _ = try await runtime.client.runPodSandbox(config: RuntimeHarness.sandboxConfig(), runtimeHandler: "kata")
        } == Int32(KEELSON_ERR_INVALID_ARGUMENT))
        _ = try await runtime.client.runPodSandbox(config: RuntimeHarness.sandboxConfig("x"), runtimeHandler: "runc")
    }

    @Test func runningPullsThePinnedSandboxImage() async throws {
        let runtime = try await RuntimeHarness.make()
        defer { runtime.close() }
        _ = try await runtime.runSandbox()
        let images = try await runtime.call(.listImages)["images"]?.arrayValue ?? []
        let pause = try #require(images.first { $0["repoTags"]?.arrayValue?.contains("registry.k8s.io/pause:3.10") == true })
        #expect(pause["pinned"] == true)
    }

    @Test func stoppingASandboxKillsItsContainers() async throws {
        let runtime = try await RuntimeHarness.make()
        defer { runtime.close() }
        let sandbox = try await runtime.runSandbox()
        let id = try await runtime.createContainer(in: sandbox, "app", image: "nginx")
        try await runtime.start(id)
        #expect(try await runtime.state(id) == "CONTAINER_RUNNING")
        _ = try await runtime.call(.stopPodSandbox, ["podSandboxId": .string(sandbox.0)])
        let status = try await runtime.status(id)
        #expect(status["state"] == "CONTAINER_EXITED")
        #expect(status["exitCode"] == 137)
        // No new containers in a stopped sandbox.
        #expect(await pluginStatus {
            _ = try await runtime.createContainer(in: sandbox, "late")
        } == Int32(KEELSON_ERR_FAILED_PRECONDITION))
    }

    @Test func removingASandboxRemovesItsContainers() async throws {
        let runtime = try await RuntimeHarness.make()
        defer { runtime.close() }
        let sandbox = try await runtime.runSandbox()
        let running = try await runtime.createContainer(in: sandbox, "app", image: "nginx")
        try await runtime.start(running)
        let created = try await runtime.createContainer(in: sandbox, "sidecar")
        _ = try await runtime.call(.removePodSandbox, ["podSandboxId": .string(sandbox.0)])
        for id in [running, created] {
            #expect(await pluginStatus { _ = try await runtime.status(id) } == Int32(KEELSON_ERR_NOT_FOUND))
        }
        #expect(try await runtime.call(.listContainers)["containers"]?.arrayValue?.isEmpty == true)
    }
}
