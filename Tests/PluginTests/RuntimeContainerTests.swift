import Foundation
import Kernel
import PluginABI
import Testing

/// CRI conformance, container lifecycle in every state: CREATED → RUNNING → EXITED → removed,
/// idempotent stop and remove, wrong-state calls, filters, and exits driven by the command.
@Suite("containerd-like: container lifecycle")
struct RuntimeContainerTests {
    @Test func createStartStopRemove() async throws {
        let runtime = try await RuntimeHarness.make()
        defer { runtime.close() }
        let sandbox = try await runtime.runSandbox()
        let id = try await runtime.createContainer(in: sandbox, "app", command: ["sleep", "3600"], labels: ["role": "main"])

        var status = try await runtime.status(id)
        #expect(status["state"] == "CONTAINER_CREATED")
        #expect(status[path: "metadata", "name"] == "app")
        #expect(status[path: "image", "image"] == "docker.io/library/busybox:latest")
        #expect(status["imageId"]?.stringValue?.hasPrefix("sha256:") == true)
        #expect(status["imageRef"]?.stringValue?.hasPrefix("docker.io/library/busybox@sha256:") == true)
        #expect(status[path: "labels", "role"] == "main")
        #expect(int64(status["createdAt"]) > 0)
        #expect(int64(status["startedAt"]) == 0)

        try await runtime.start(id)
        status = try await runtime.status(id)
        #expect(status["state"] == "CONTAINER_RUNNING")
        #expect(int64(status["startedAt"]) >= int64(status["createdAt"]))
        // A running container cannot start again.
        #expect(await pluginStatus { try await runtime.start(id) } == Int32(KEELSON_ERR_FAILED_PRECONDITION))

        _ = try await runtime.call(.stopContainer, ["containerId": .string(id), "timeout": "0"])
        status = try await runtime.status(id)
        #expect(status["state"] == "CONTAINER_EXITED")
        #expect(status["exitCode"] == 137)
        #expect(status["reason"] == "Error")
        #expect(int64(status["finishedAt"]) >= int64(status["startedAt"]))
        // Stop is idempotent; an exited container cannot start.
        _ = try await runtime.call(.stopContainer, ["containerId": .string(id), "timeout": 10])
        #expect(try await runtime.status(id)["exitCode"] == 137)
        #expect(await pluginStatus { try await runtime.start(id) } == Int32(KEELSON_ERR_FAILED_PRECONDITION))

        _ = try await runtime.call(.removeContainer, ["containerId": .string(id)])
        _ = try await runtime.call(.removeContainer, ["containerId": .string(id)])
        #expect(await pluginStatus { _ = try await runtime.status(id) } == Int32(KEELSON_ERR_NOT_FOUND))
        #expect(await pluginStatus {
            _ = try await runtime.call(.stopContainer, ["containerId": "unknown"])
        } == Int32(KEELSON_ERR_NOT_FOUND))
    }

    @Test func stoppingACreatedContainerLeavesItCreated() async throws {
        let runtime = try await RuntimeHarness.make()
        defer { runtime.close() }
        let id = try await runtime.createContainer(in: try await runtime.runSandbox(), "app", command: ["true"])
        _ = try await runtime.call(.stopContainer, ["containerId": .string(id)])
        #expect(try await runtime.state(id) == "CONTAINER_CREATED")
        // A created container is removed without being started.
        _ = try await runtime.call(.removeContainer, ["containerId": .string(id)])
    }

    @Test func removingARunningContainerKillsIt() async throws {
        let runtime = try await RuntimeHarness.make()
        defer { runtime.close() }
        let id = try await runtime.createContainer(in: try await runtime.runSandbox(), "app", image: "redis")
        try await runtime.start(id)
        _ = try await runtime.call(.removeContainer, ["containerId": .string(id)])
        #expect(await pluginStatus { _ = try await runtime.status(id) } == Int32(KEELSON_ERR_NOT_FOUND))
    }

    @Test func createNeedsAPulledImageAndAReadySandbox() async throws {
        let runtime = try await RuntimeHarness.make()
        defer { runtime.close() }
        let sandbox = try await runtime.runSandbox()
        let config = RuntimeHarness.containerConfig("app", image: "nginx:1.27")
        #expect(await pluginStatus {
            _ = try await runtime.client.createContainer(sandboxID: sandbox.0, config: config, sandboxConfig: sandbox.1)
        } == Int32(KEELSON_ERR_NOT_FOUND))
        _ = try await runtime.client.pullImage("nginx:1.27")
        #expect(await pluginStatus {
            _ = try await runtime.client.createContainer(sandboxID: "missing", config: config, sandboxConfig: sandbox.1)
        } == Int32(KEELSON_ERR_NOT_FOUND))
        _ = try await runtime.client.createContainer(sandboxID: sandbox.0, config: config, sandboxConfig: sandbox.1)
        // (name, attempt) is unique in a sandbox; the next attempt is fine.
        #expect(await pluginStatus {
            _ = try await runtime.client.createContainer(sandboxID: sandbox.0, config: config, sandboxConfig: sandbox.1)
        } == Int32(KEELSON_ERR_ALREADY_EXISTS))
        let retry = RuntimeHarness.containerConfig("app", image: "nginx:1.27", attempt: 1)
        _ = try await runtime.client.createContainer(sandboxID: sandbox.0, config: retry, sandboxConfig: sandbox.1)
        #expect(await pluginStatus {
            _ = try await runtime.call(.createContainer, ["podSandboxId": .string(sandbox.0), "config": ["image": ["image": "nginx"]]])
        } == Int32(KEELSON_ERR_INVALID_ARGUMENT))
    }

    @Test(arguments: [
        (["true"], [String](), Int64(0), "Completed"),
        (["false"], [], 1, "Error"),
        (["sh", "-c", "exit 3"], [], 3, "Error"),
        (["/bin/sh", "-c"], ["echo starting; exit 300"], 44, "Error"),
        (["sh", "-c", "false || exit 0"], [], 0, "Completed"),
        (["sh", "-c", "true && false"], [], 1, "Error"),
    ])
    func commandsDecideTheExit(command: [String], args: [String], code: Int64, reason: String) async throws {
        let runtime = try await RuntimeHarness.make()
        defer { runtime.close() }
        let id = try await runtime.createContainer(in: try await runtime.runSandbox(), "job", command: command, args: args)
        try await runtime.start(id)
        let status = try await runtime.waitFor(id, state: "CONTAINER_EXITED")
        #expect(status["state"] == "CONTAINER_EXITED")
        #expect(status["exitCode"]?.intValue == code)
        #expect(status["reason"] == .string(reason))
    }

    @Test func sleepExitsOnTime() async throws {
        let runtime = try await RuntimeHarness.make()
        defer { runtime.close() }
        let id = try await runtime.createContainer(in: try await runtime.runSandbox(), "nap", command: ["sleep", "2"])
        try await runtime.start(id)
        #expect(try await runtime.state(id) == "CONTAINER_RUNNING")
        let status = try await runtime.waitFor(id, state: "CONTAINER_EXITED")
        #expect(status["exitCode"] == 0)
        let ran = int64(status["finishedAt"]) - int64(status["startedAt"])
        #expect(ran >= 2_000_000_000)
    }

    @Test func imageDefaultsDecideWhatRuns() async throws {
        let runtime = try await RuntimeHarness.make()
        defer { runtime.close() }
        let sandbox = try await runtime.runSandbox()
        // A server runs until stopped and exits 0 on a graceful stop.
        let nginx = try await runtime.createContainer(in: sandbox, "nginx", image: "nginx")
        // A shell without a terminal ends at once.
        let busybox = try await runtime.createContainer(in: sandbox, "shell")
        // postgres refuses to start without a password, and starts with one.
        let refused = try await runtime.createContainer(in: sandbox, "db", image: "postgres:16")
        let postgres = try await runtime.createContainer(in: sandbox, "db2", image: "postgres:16", envs: [("POSTGRES_PASSWORD", "s3cret")])
        // args alone replace CMD and keep the ENTRYPOINT wrapper, which runs them.
        let wrapped = try await runtime.createContainer(in: sandbox, "wrapped", image: "redis", args: ["sh", "-c", "exit 5"])
        for id in [nginx, busybox, refused, postgres, wrapped] { try await runtime.start(id) }

        #expect(try await runtime.waitFor(busybox, state: "CONTAINER_EXITED")["exitCode"] == 0)
        #expect(try await runtime.waitFor(refused, state: "CONTAINER_EXITED")["exitCode"] == 1)
        #expect(try await runtime.waitFor(wrapped, state: "CONTAINER_EXITED")["exitCode"] == 5)
        #expect(try await runtime.state(nginx) == "CONTAINER_RUNNING")
        #expect(try await runtime.state(postgres) == "CONTAINER_RUNNING")
        _ = try await runtime.call(.stopContainer, ["containerId": .string(nginx), "timeout": "30"])
        let stopped = try await runtime.status(nginx)
        #expect(stopped["exitCode"] == 0)
        #expect(stopped["reason"] == "Completed")
    }

    @Test func listFiltersContainers() async throws {
        let runtime = try await RuntimeHarness.make()
        defer { runtime.close() }
        let first = try await runtime.runSandbox("a")
        let second = try await runtime.runSandbox("b")
        let a1 = try await runtime.createContainer(in: first, "one", command: ["sleep", "600"], labels: ["tier": "web"])
        let a2 = try await runtime.createContainer(in: first, "two", command: ["true"], labels: ["tier": "db"])
        let b1 = try await runtime.createContainer(in: second, "three", command: ["sleep", "600"], labels: ["tier": "web"])
        try await runtime.start(a1)

        func ids(_ filter: JSONValue) async throws -> [String] {
            let items = try await runtime.call(.listContainers, ["filter": filter])["containers"]?.arrayValue ?? []
            return items.compactMap { $0["id"]?.stringValue }
        }
        #expect(try await ids([:]) == [a1, a2, b1])
        #expect(try await ids(["podSandboxId": .string(first.0)]) == [a1, a2])
        #expect(try await ids(["state": ["state": "CONTAINER_RUNNING"]]) == [a1])
        #expect(try await ids(["state": ["state": "CONTAINER_CREATED"]]) == [a2, b1])
        #expect(try await ids(["labelSelector": ["tier": "web"]]) == [a1, b1])
        #expect(try await ids(["id": .string(String(b1.prefix(10)))]) == [b1])
        let item = try #require(try await runtime.call(.listContainers, ["filter": ["id": .string(a1)]])["containers"]?.arrayValue?.first)
        #expect(item["podSandboxId"] == .string(first.0))
        #expect(item["state"] == "CONTAINER_RUNNING")
        #expect(item["imageId"]?.stringValue?.hasPrefix("sha256:") == true)
    }

    @Test func outputGoesToTheCRILogOnTime() async throws {
        let runtime = try await RuntimeHarness.make()
        defer { runtime.close() }
        let logs = FileManager.default.temporaryDirectory.appendingPathComponent("keelson-logs-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: logs) }
        let sandbox = try await runtime.runSandbox(logDirectory: logs)
        let id = try await runtime.createContainer(
            in: sandbox, "app", command: ["sh", "-c", "echo hello; echo oops >&2; sleep 0.2; echo -n later; exit 2"],
            logPath: "app/0.log")
        try await runtime.start(id)
        #expect(try await runtime.status(id)["logPath"] == .string(logs + "/app/0.log"))
        // Nobody calls the runtime meanwhile: its timer thread writes the late line and the exit.
        try await Task.sleep(nanoseconds: 500_000_000)
        let text = try String(contentsOfFile: logs + "/app/0.log", encoding: .utf8)
        let lines = text.split(separator: "\n").map { $0.split(separator: " ", maxSplits: 3).map(String.init) }
        #expect(lines.map { $0.dropFirst().joined(separator: " ") } == ["stdout F hello", "stderr F oops", "stdout P later"])
        #expect(lines.first?.first?.hasSuffix("Z") == true)
        #expect(try await runtime.status(id)["exitCode"] == 2)
    }

    @Test func startDelayIsTaken() async throws {
        let runtime = try await RuntimeHarness.make(["startDelayMs": 150])
        defer { runtime.close() }
        let id = try await runtime.createContainer(in: try await runtime.runSandbox(), "app", command: ["sleep", "60"])
        let started = Date()
        try await runtime.start(id)
        #expect(Date().timeIntervalSince(started) >= 0.15)
    }
}
