import Foundation
import Kernel
import PluginABI
import Testing

/// CRI conformance, container lifecycle in every state: CREATED → RUNNING → EXITED → removed,
/// idempotent stop and remove, wrong-state calls, filters, exits driven by the command, and
/// several containers in one sandbox.
@Suite("CRI conformance: container lifecycle")
struct RuntimeContainerTests {
    @Test(arguments: RuntimesUnderTest.all)
    func createStartStopRemove(runtime: String) async throws {
        let harness = try await RuntimeHarness.make(runtime)
        defer { harness.close() }
        let sandbox = try await harness.runSandbox()
        let id = try await harness.createContainer(in: sandbox, "app", command: ["sleep", "30"], labels: ["role": "main"])

        var status = try await harness.status(id)
        #expect(status["state"] == "CONTAINER_CREATED")
        #expect(status[path: "metadata", "name"] == "app")
        #expect(status[path: "labels", "role"] == "main")
        #expect(int64(status["createdAt"]) > 0)
        #expect(int64(status["startedAt"]) == 0)

        try await harness.start(id)
        status = try await harness.status(id)
        #expect(status["state"] == "CONTAINER_RUNNING")
        #expect(int64(status["startedAt"]) >= int64(status["createdAt"]))
        // A running container cannot start again.
        #expect(await pluginStatus { try await harness.start(id) } == Int32(KEELSON_ERR_FAILED_PRECONDITION))

        try await harness.stop(id, timeout: 0)
        status = try await harness.status(id)
        #expect(status["state"] == "CONTAINER_EXITED")
        #expect(status["exitCode"] == 137)
        #expect(status["reason"] == "Error")
        #expect(int64(status["finishedAt"]) >= int64(status["startedAt"]))
        // Stop is idempotent; an exited container cannot start.
        try await harness.stop(id, timeout: 10)
        #expect(try await harness.status(id)["exitCode"] == 137)
        #expect(await pluginStatus { try await harness.start(id) } == Int32(KEELSON_ERR_FAILED_PRECONDITION))

        _ = try await harness.call(.removeContainer, ["containerId": .string(id)])
        _ = try await harness.call(.removeContainer, ["containerId": .string(id)])
        #expect(await pluginStatus { _ = try await harness.status(id) } == Int32(KEELSON_ERR_NOT_FOUND))
        #expect(await pluginStatus {
            _ = try await harness.call(.stopContainer, ["containerId": "unknown"])
        } == Int32(KEELSON_ERR_NOT_FOUND))
    }

    @Test(arguments: RuntimesUnderTest.all)
    func stoppingACreatedContainerLeavesItCreated(runtime: String) async throws {
        let harness = try await RuntimeHarness.make(runtime)
        defer { harness.close() }
        let id = try await harness.createContainer(in: try await harness.runSandbox(), "app", command: ["true"])
        _ = try await harness.call(.stopContainer, ["containerId": .string(id)])
        #expect(try await harness.state(id) == "CONTAINER_CREATED")
        // A created container is removed without being started.
        _ = try await harness.call(.removeContainer, ["containerId": .string(id)])
        #expect(await pluginStatus { _ = try await harness.status(id) } == Int32(KEELSON_ERR_NOT_FOUND))
    }

    @Test(arguments: RuntimesUnderTest.all)
    func removingARunningContainerKillsIt(runtime: String) async throws {
        let harness = try await RuntimeHarness.make(runtime)
        defer { harness.close() }
        let id = try await harness.createContainer(in: try await harness.runSandbox(), "app", command: ["sleep", "30"])
        try await harness.start(id)
        _ = try await harness.call(.removeContainer, ["containerId": .string(id)])
        #expect(await pluginStatus { _ = try await harness.status(id) } == Int32(KEELSON_ERR_NOT_FOUND))
    }

    @Test(arguments: RuntimesUnderTest.all)
    func createNeedsAReadySandboxAndAUniqueName(runtime: String) async throws {
        let harness = try await RuntimeHarness.make(runtime)
        defer { harness.close() }
        let sandbox = try await harness.runSandbox()
        _ = try await harness.client.pullImage("busybox")
        let config = RuntimeHarness.containerConfig("app", command: ["sleep", "30"])
        #expect(await pluginStatus {
            _ = try await harness.client.createContainer(sandboxID: "missing", config: config, sandboxConfig: sandbox.1)
        } == Int32(KEELSON_ERR_NOT_FOUND))
        _ = try await harness.client.createContainer(sandboxID: sandbox.0, config: config, sandboxConfig: sandbox.1)
        // (name, attempt) is unique in a sandbox; the next attempt is fine.
        #expect(await pluginStatus {
            _ = try await harness.client.createContainer(sandboxID: sandbox.0, config: config, sandboxConfig: sandbox.1)
        } == Int32(KEELSON_ERR_ALREADY_EXISTS))
        let retry = RuntimeHarness.containerConfig("app", command: ["sleep", "30"], attempt: 1)
        _ = try await harness.client.createContainer(sandboxID: sandbox.0, config: retry, sandboxConfig: sandbox.1)
        #expect(await pluginStatus {
            _ = try await harness.call(.createContainer, ["podSandboxId": .string(sandbox.0), "config": ["image": ["image": "busybox"]]])
        } == Int32(KEELSON_ERR_INVALID_ARGUMENT))
    }

    @Test(arguments: RuntimesUnderTest.all, [
        (["true"], [String](), Int64(0), "Completed"),
        (["false"], [], 1, "Error"),
        (["sh", "-c", "exit 3"], [], 3, "Error"),
        (["/bin/sh", "-c"], ["echo starting; exit 300"], 44, "Error"),
        (["sh", "-c", "false || exit 0"], [], 0, "Completed"),
        (["sh", "-c", "true && false"], [], 1, "Error"),
    ])
    func commandsDecideTheExit(runtime: String, _ run: (command: [String], args: [String], code: Int64, reason: String)) async throws {
        let harness = try await RuntimeHarness.make(runtime)
        defer { harness.close() }
        let id = try await harness.createContainer(in: try await harness.runSandbox(), "job", command: run.command, args: run.args)
        try await harness.start(id)
        let status = try await harness.waitFor(id, state: "CONTAINER_EXITED")
        #expect(status["state"] == "CONTAINER_EXITED")
        #expect(status["exitCode"]?.intValue == run.code)
        #expect(status["reason"] == .string(run.reason))
    }

    @Test(arguments: RuntimesUnderTest.all)
    func sleepExitsOnTime(runtime: String) async throws {
        let harness = try await RuntimeHarness.make(runtime)
        defer { harness.close() }
        let id = try await harness.createContainer(in: try await harness.runSandbox(), "nap", command: ["sleep", "2"])
        try await harness.start(id)
        // Not "still running right after start": on a loaded machine two seconds can pass before
        // the next call. That it ran for its whole sleep is what the times below show.
        let status = try await harness.waitFor(id, state: "CONTAINER_EXITED", seconds: 20)
        #expect(status["exitCode"] == 0)
        let ran = int64(status["finishedAt"]) - int64(status["startedAt"])
        #expect(ran >= 2_000_000_000)
    }

    @Test(arguments: RuntimesUnderTest.all)
    func listFiltersContainers(runtime: String) async throws {
        let harness = try await RuntimeHarness.make(runtime)
        defer { harness.close() }
        let first = try await harness.runSandbox("a")
        let second = try await harness.runSandbox("b")
        let a1 = try await harness.createContainer(in: first, "one", command: ["sleep", "30"], labels: ["tier": "web"])
        let a2 = try await harness.createContainer(in: first, "two", command: ["true"], labels: ["tier": "db"])
        let b1 = try await harness.createContainer(in: second, "three", command: ["sleep", "30"], labels: ["tier": "web"])
        try await harness.start(a1)

        func ids(_ filter: JSONValue) async throws -> [String] {
            let items = try await harness.call(.listContainers, ["filter": filter])["containers"]?.arrayValue ?? []
            return items.compactMap { $0["id"]?.stringValue }
        }
        #expect(try await ids([:]) == [a1, a2, b1])
        #expect(try await ids(["podSandboxId": .string(first.0)]) == [a1, a2])
        #expect(try await ids(["state": ["state": "CONTAINER_RUNNING"]]) == [a1])
        #expect(try await ids(["state": ["state": "CONTAINER_CREATED"]]) == [a2, b1])
        #expect(try await ids(["labelSelector": ["tier": "web"]]) == [a1, b1])
        #expect(try await ids(["id": .string(String(b1.prefix(10)))]) == [b1])
        let item = try #require(try await harness.call(.listContainers, ["filter": ["id": .string(a1)]])["containers"]?.arrayValue?.first)
        #expect(item["podSandboxId"] == .string(first.0))
        #expect(item["state"] == "CONTAINER_RUNNING")
        #expect(item["imageId"]?.stringValue?.isEmpty == false)
    }

    @Test(arguments: RuntimesUnderTest.all)
    func multipleContainersInOneSandboxLiveTheirOwnLives(runtime: String) async throws {
        let harness = try await RuntimeHarness.make(runtime)
        defer { harness.close() }
        let sandbox = try await harness.runSandbox()
        let server = try await harness.createContainer(in: sandbox, "server", command: ["sleep", "30"])
        let job = try await harness.createContainer(in: sandbox, "job", command: ["sh", "-c", "exit 3"])
        let idle = try await harness.createContainer(in: sandbox, "idle", command: ["sleep", "30"])
        try await harness.start(server)
        try await harness.start(job)
        #expect(try await harness.waitFor(job, state: "CONTAINER_EXITED")["exitCode"] == 3)
        #expect(try await harness.state(server) == "CONTAINER_RUNNING")
        #expect(try await harness.state(idle) == "CONTAINER_CREATED")
        try await harness.stop(server)
        #expect(try await harness.status(server)["exitCode"] == 137)
        let statuses = try await harness.call(.podSandboxStatus, ["podSandboxId": .string(sandbox.0)])["containersStatuses"]?.arrayValue ?? []
        #expect(Set(statuses.compactMap { $0[path: "metadata", "name"]?.stringValue }) == ["server", "job", "idle"])
    }
}
