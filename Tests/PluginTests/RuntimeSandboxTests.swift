import Foundation
import Kernel
import PluginABI
import Testing

/// CRI conformance, pod sandbox lifecycle: READY → NOTREADY → removed, idempotent stop and
/// remove, status, list filters, name reservation, and what a sandbox does to its containers.
@Suite("CRI conformance: sandbox lifecycle")
struct RuntimeSandboxTests {
    @Test(arguments: RuntimesUnderTest.all)
    func runStatusStopRemove(runtime: String) async throws {
        let harness = try await RuntimeHarness.make(runtime)
        defer { harness.close() }
        let before = Int64(Date().timeIntervalSince1970 * 1e9)
        let (id, _) = try await harness.runSandbox("web-0", labels: ["app": "web"], annotations: ["note": "kept"])
        #expect(id.count == 64)

        var status = try await harness.client.podSandboxStatus(id)
        #expect(status["id"] == .string(id))
        #expect(status["state"] == "SANDBOX_READY")
        #expect(status[path: "metadata", "name"] == "web-0")
        #expect(status[path: "metadata", "namespace"] == "default")
        #expect(status[path: "metadata", "uid"] == "uid-web-0")
        #expect(status[path: "labels", "app"] == "web")
        #expect(status[path: "annotations", "note"] == "kept")
        #expect(int64(status["createdAt"]) >= before - 1_000_000_000)

        _ = try await harness.call(.stopPodSandbox, ["podSandboxId": .string(id)])
        status = try await harness.client.podSandboxStatus(id)
        #expect(status["state"] == "SANDBOX_NOTREADY")
        #expect(status["network"] == nil)
        // Stop is idempotent.
        _ = try await harness.call(.stopPodSandbox, ["podSandboxId": .string(id)])

        _ = try await harness.call(.removePodSandbox, ["podSandboxId": .string(id)])
        _ = try await harness.call(.removePodSandbox, ["podSandboxId": .string(id)])
        #expect(await pluginStatus { _ = try await harness.client.podSandboxStatus(id) } == Int32(KEELSON_ERR_NOT_FOUND))
        #expect(await pluginStatus { _ = try await harness.call(.stopPodSandbox, ["podSandboxId": "nope"]) } == Int32(KEELSON_ERR_NOT_FOUND))
    }

    @Test(arguments: RuntimesUnderTest.all)
    func listFiltersByIdStateAndLabels(runtime: String) async throws {
        let harness = try await RuntimeHarness.make(runtime)
        defer { harness.close() }
        let (a, _) = try await harness.runSandbox("a", labels: ["app": "web", "tier": "front"])
        let (b, _) = try await harness.runSandbox("b", labels: ["app": "web"])
        let (c, _) = try await harness.runSandbox("c", labels: ["app": "db"])
        _ = try await harness.call(.stopPodSandbox, ["podSandboxId": .string(c)])

        func ids(_ filter: JSONValue) async throws -> [String] {
            let items = try await harness.call(.listPodSandbox, ["filter": filter])["items"]?.arrayValue ?? []
            return items.compactMap { $0["id"]?.stringValue }
        }
        #expect(try await ids([:]) == [a, b, c])
        #expect(try await ids(["id": .string(b)]) == [b])
        #expect(try await ids(["id": .string(String(a.prefix(12)))]) == [a])
        #expect(try await ids(["state": ["state": "SANDBOX_READY"]]) == [a, b])
        #expect(try await ids(["state": ["state": 1]]) == [c])
        #expect(try await ids(["labelSelector": ["app": "web"]]) == [a, b])
        #expect(try await ids(["labelSelector": ["app": "web", "tier": "front"]]) == [a])
        let item = try #require(try await harness.call(.listPodSandbox)["items"]?.arrayValue?.first)
        #expect(item[path: "metadata", "name"] == "a")
        #expect(int64(item["createdAt"]) > 0)
    }

    @Test(arguments: RuntimesUnderTest.all)
    func sandboxNamesAreReserved(runtime: String) async throws {
        let harness = try await RuntimeHarness.make(runtime)
        defer { harness.close() }
        let first = RuntimeHarness.sandboxConfig("db-0")
        let id = try await harness.client.runPodSandbox(config: first)
        #expect(await pluginStatus { _ = try await harness.client.runPodSandbox(config: first) } == Int32(KEELSON_ERR_ALREADY_EXISTS))
        // The next attempt is a different name.
        _ = try await harness.client.runPodSandbox(config: RuntimeHarness.sandboxConfig("db-0", attempt: 1))
        // Removing the sandbox frees its name.
        _ = try await harness.call(.removePodSandbox, ["podSandboxId": .string(id)])
        _ = try await harness.client.runPodSandbox(config: first)
    }

    @Test(arguments: RuntimesUnderTest.all)
    func invalidSandboxRequests(runtime: String) async throws {
        let harness = try await RuntimeHarness.make(runtime)
        defer { harness.close() }
        #expect(await pluginStatus { _ = try await harness.call(.runPodSandbox, ["config": [:]]) } == Int32(KEELSON_ERR_INVALID_ARGUMENT))
        #expect(await pluginStatus {
            _ = try await harness.client.runPodSandbox(config: RuntimeHarness.sandboxConfig(), runtimeHandler: "kata")
        } == Int32(KEELSON_ERR_INVALID_ARGUMENT))
    }

    @Test(arguments: RuntimesUnderTest.all)
    func stoppingASandboxKillsItsContainers(runtime: String) async throws {
        let harness = try await RuntimeHarness.make(runtime)
        defer { harness.close() }
        let sandbox = try await harness.runSandbox()
        let id = try await harness.createContainer(in: sandbox, "app", command: ["sleep", "30"])
        try await harness.start(id)
        #expect(try await harness.state(id) == "CONTAINER_RUNNING")
        _ = try await harness.call(.stopPodSandbox, ["podSandboxId": .string(sandbox.0)])
        let status = try await harness.status(id)
        #expect(status["state"] == "CONTAINER_EXITED")
        #expect(status["exitCode"] == 137)
        // No new containers in a stopped sandbox.
        #expect(await pluginStatus {
            _ = try await harness.createContainer(in: sandbox, "late", command: ["true"])
        } == Int32(KEELSON_ERR_FAILED_PRECONDITION))
    }

    @Test(arguments: RuntimesUnderTest.all)
    func removingASandboxRemovesItsContainers(runtime: String) async throws {
        let harness = try await RuntimeHarness.make(runtime)
        defer { harness.close() }
        let sandbox = try await harness.runSandbox()
        let running = try await harness.createContainer(in: sandbox, "app", command: ["sleep", "30"])
        try await harness.start(running)
        let created = try await harness.createContainer(in: sandbox, "sidecar", command: ["true"])
        _ = try await harness.call(.removePodSandbox, ["podSandboxId": .string(sandbox.0)])
        for id in [running, created] {
            #expect(await pluginStatus { _ = try await harness.status(id) } == Int32(KEELSON_ERR_NOT_FOUND))
        }
        #expect(try await harness.call(.listContainers)["containers"]?.arrayValue?.isEmpty == true)
    }

    // The fakes report the IP the kubelet passes in `keelson.dev/pod-ip` (the kubelet runs CNI).

    @Test(arguments: RuntimesUnderTest.fakes)
    func podIPFromTheKubeletAnnotation(runtime: String) async throws {
        let harness = try await RuntimeHarness.make(runtime)
        defer { harness.close() }
        let (id, _) = try await harness.runSandbox("web-0", annotations: ["keelson.dev/pod-ip": "127.244.1.7"])
        let status = try await harness.client.podSandboxStatus(id)
        #expect(status[path: "network", "ip"] == "127.244.1.7")
        #expect(status[path: "annotations", "keelson.dev/pod-ip"] == "127.244.1.7")
        _ = try await harness.call(.stopPodSandbox, ["podSandboxId": .string(id)])
        #expect(try await harness.client.podSandboxStatus(id)["network"] == nil)
    }
}
