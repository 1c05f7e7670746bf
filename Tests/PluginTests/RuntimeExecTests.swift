import Foundation
import Kernel
import PluginABI
import Testing

/// CRI conformance, ExecSync: output, exit codes, the container's files and environment, time
/// limits, and a liveness probe scenario driven by the container's own script.
@Suite("containerd-like: exec sync")
struct RuntimeExecTests {
    @Test func outputAndExitCodes() async throws {
        let runtime = try await RuntimeHarness.make()
        defer { runtime.close() }
        let id = try await runtime.createContainer(
            in: try await runtime.runSandbox("web-0"), "app", command: ["sleep", "600"], envs: [("GREETING", "hi there")])
        try await runtime.start(id)

        var result = try await runtime.exec(id, ["echo", "x"])
        #expect(result.0 == 0 && result.1 == "x\n")
        #expect(try await runtime.exec(id, ["true"]).0 == 0)
        #expect(try await runtime.exec(id, ["false"]).0 == 1)
        #expect(try await runtime.exec(id, ["sh", "-c", "exit 7"]).0 == 7)
        #expect(try await runtime.exec(id, ["cat", "/etc/hostname"]).1 == "web-0\n")
        #expect(try await runtime.exec(id, ["printenv", "GREETING"]).1 == "hi there\n")
        #expect(try await runtime.exec(id, ["sh", "-c", "echo \"$GREETING, ${MISSING:-you}\""]).1 == "hi there, you\n")
        result = try await runtime.exec(id, ["cat", "/no/such/file"])
        #expect(result.0 == 1 && result.2.contains("No such file or directory"))
        result = try await runtime.exec(id, ["sh", "-c", "echo saved > /tmp/f && cat /tmp/f | grep -c saved; test -f /tmp/nope"])
        #expect(result.0 == 1 && result.1 == "1\n")
        #expect(try await runtime.exec(id, ["cat", "/etc/resolv.conf"]).1.contains("nameserver 127.0.0.53"))
    }

    @Test func filesWrittenByTheContainerAreSeenByExec() async throws {
        let runtime = try await RuntimeHarness.make()
        defer { runtime.close() }
        // The classic liveness example: healthy at first, then the file goes away.
        let id = try await runtime.createContainer(
            in: try await runtime.runSandbox(), "live",
            args: ["/bin/sh", "-c", "touch /tmp/healthy; sleep 3; rm -f /tmp/healthy; sleep 600"])
        try await runtime.start(id)
        #expect(try await runtime.exec(id, ["cat", "/tmp/healthy"]).0 == 0)
        var status: Int64 = 0
        let deadline = Date().addingTimeInterval(15)
        while Date() < deadline {
            status = try await runtime.exec(id, ["cat", "/tmp/healthy"]).0
            if status == 1 { break }
            try await Task.sleep(for: .milliseconds(100))
        }
        #expect(status == 1)
        #expect(try await runtime.state(id) == "CONTAINER_RUNNING")
    }

    @Test func mountsReadAndWriteTheHost() async throws {
        let runtime = try await RuntimeHarness.make()
        defer { runtime.close() }
        let host = FileManager.default.temporaryDirectory.appendingPathComponent("keelson-mount-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: host, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: host) }
        try "from the host\n".write(toFile: host + "/config", atomically: true, encoding: .utf8)
        let id = try await runtime.createContainer(
            in: try await runtime.runSandbox(), "app", command: ["sleep", "600"],
            mounts: [["containerPath": "/etc/app", "hostPath": .string(host)], ["containerPath": "/ro", "hostPath": .string(host), "readonly": true]])
        try await runtime.start(id)
        #expect(try await runtime.exec(id, ["cat", "/etc/app/config"]).1 == "from the host\n")
        #expect(try await runtime.exec(id, ["sh", "-c", "echo written > /etc/app/out"]).0 == 0)
        #expect(try String(contentsOfFile: host + "/out", encoding: .utf8) == "written\n")
        let refused = try await runtime.exec(id, ["touch", "/ro/x"])
        #expect(refused.0 == 1 && refused.2.contains("Read-only file system"))
        let status = try await runtime.status(id)
        #expect(status["mounts"]?.arrayValue?.first?["containerPath"] == "/etc/app")
    }

    @Test func execNeedsARunningContainer() async throws {
        let runtime = try await RuntimeHarness.make()
        defer { runtime.close() }
        let id = try await runtime.createContainer(in: try await runtime.runSandbox(), "app", command: ["true"])
        #expect(await pluginStatus { _ = try await runtime.exec(id, ["true"]) } == Int32(KEELSON_ERR_FAILED_PRECONDITION))
        try await runtime.start(id)
        _ = try await runtime.waitFor(id, state: "CONTAINER_EXITED")
        #expect(await pluginStatus { _ = try await runtime.exec(id, ["true"]) } == Int32(KEELSON_ERR_FAILED_PRECONDITION))
        #expect(await pluginStatus { _ = try await runtime.exec("missing", ["true"]) } == Int32(KEELSON_ERR_NOT_FOUND))
    }

    @Test func execTakesItsTimeAndTimesOut() async throws {
        let runtime = try await RuntimeHarness.make()
        defer { runtime.close() }
        let id = try await runtime.createContainer(in: try await runtime.runSandbox(), "app", command: ["sleep", "600"])
        try await runtime.start(id)
        var started = Date()
        #expect(try await runtime.exec(id, ["sleep", "0.2"], timeout: 1).0 == 0)
        #expect(Date().timeIntervalSince(started) >= 0.2)
        started = Date()
        #expect(await pluginStatus { _ = try await runtime.exec(id, ["sleep", "5"], timeout: 1) } == Int32(KEELSON_ERR_TIMEOUT))
        #expect(Date().timeIntervalSince(started) >= 1.0)
        #expect(await pluginStatus { _ = try await runtime.exec(id, ["sleep", "infinity"]) } == Int32(KEELSON_ERR_TIMEOUT))
    }
}
