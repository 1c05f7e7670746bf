import Foundation
import Kernel
import PluginABI
import Testing

/// CRI conformance, ExecSync: output, exit codes, the container's environment, wrong states
/// and time limits, for every runtime under test.
@Suite("CRI conformance: exec sync")
struct RuntimeExecTests {
    @Test(arguments: RuntimesUnderTest.all)
    func outputAndExitCodes(runtime: String) async throws {
        let harness = try await RuntimeHarness.make(runtime)
        defer { harness.close() }
        let id = try await harness.createContainer(
            in: try await harness.runSandbox("web-0"), "app", command: ["sleep", "30"], envs: [("GREETING", "hi there")])
        try await harness.start(id)

        var result = try await harness.exec(id, ["echo", "hi"])
        #expect(result.0 == 0 && result.1 == "hi\n")
        #expect(try await harness.exec(id, ["true"]).0 == 0)
        #expect(try await harness.exec(id, ["false"]).0 == 1)
        #expect(try await harness.exec(id, ["sh", "-c", "exit 7"]).0 == 7)
        result = try await harness.exec(id, ["cat", "/etc/hostname"])
        #expect(result.0 == 0 && !result.1.isEmpty)
        #expect(try await harness.exec(id, ["printenv", "GREETING"]).1 == "hi there\n")
        #expect(try await harness.exec(id, ["sh", "-c", "echo \"$GREETING, ${MISSING:-you}\""]).1 == "hi there, you\n")
        result = try await harness.exec(id, ["sh", "-c", "echo oops >&2; exit 2"])
        #expect(result.0 == 2 && result.2 == "oops\n")
        result = try await harness.exec(id, ["cat", "/no/such/file"])
        #expect(result.0 == 1 && result.2.contains("No such file or directory"))
    }

    @Test(arguments: RuntimesUnderTest.all)
    func execNeedsARunningContainer(runtime: String) async throws {
        let harness = try await RuntimeHarness.make(runtime)
        defer { harness.close() }
        let id = try await harness.createContainer(in: try await harness.runSandbox(), "app", command: ["true"])
        #expect(await pluginStatus { _ = try await harness.exec(id, ["true"]) } == Int32(KEELSON_ERR_FAILED_PRECONDITION))
        try await harness.start(id)
        _ = try await harness.waitFor(id, state: "CONTAINER_EXITED")
        #expect(await pluginStatus { _ = try await harness.exec(id, ["true"]) } == Int32(KEELSON_ERR_FAILED_PRECONDITION))
        #expect(await pluginStatus { _ = try await harness.exec("missing", ["true"]) } == Int32(KEELSON_ERR_NOT_FOUND))
    }

    @Test(arguments: RuntimesUnderTest.all)
    func execTakesItsTimeAndTimesOut(runtime: String) async throws {
        let harness = try await RuntimeHarness.make(runtime)
        defer { harness.close() }
        let id = try await harness.createContainer(in: try await harness.runSandbox(), "app", command: ["sleep", "30"])
        try await harness.start(id)
        var started = Date()
        #expect(try await harness.exec(id, ["sleep", "0.2"], timeout: 1).0 == 0)
        #expect(Date().timeIntervalSince(started) >= 0.2)
        started = Date()
        #expect(await pluginStatus { _ = try await harness.exec(id, ["sleep", "5"], timeout: 1) } == Int32(KEELSON_ERR_TIMEOUT))
        #expect(Date().timeIntervalSince(started) >= 1.0)
    }

    // The fakes: the container's own files (hostname, resolv.conf, what it writes), mounts, and
    // a command that never ends.

    @Test(arguments: RuntimesUnderTest.fakes)
    func theContainersOwnFiles(runtime: String) async throws {
        let harness = try await RuntimeHarness.make(runtime)
        defer { harness.close() }
        let id = try await harness.createContainer(in: try await harness.runSandbox("web-0"), "app", command: ["sleep", "600"])
        try await harness.start(id)
        #expect(try await harness.exec(id, ["cat", "/etc/hostname"]).1 == "web-0\n")
        let result = try await harness.exec(id, ["sh", "-c", "echo saved > /tmp/f && cat /tmp/f | grep -c saved; test -f /tmp/nope"])
        #expect(result.0 == 1 && result.1 == "1\n")
        #expect(try await harness.exec(id, ["cat", "/etc/resolv.conf"]).1.contains("nameserver 127.0.0.53"))
        #expect(await pluginStatus { _ = try await harness.exec(id, ["sleep", "infinity"]) } == Int32(KEELSON_ERR_TIMEOUT))
    }

    @Test(arguments: RuntimesUnderTest.fakes)
    func filesWrittenByTheContainerAreSeenByExec(runtime: String) async throws {
        let harness = try await RuntimeHarness.make(runtime)
        defer { harness.close() }
        // The classic liveness example: healthy at first, then the file goes away.
        let id = try await harness.createContainer(
            in: try await harness.runSandbox(), "live",
            args: ["/bin/sh", "-c", "touch /tmp/healthy; sleep 5; rm -f /tmp/healthy; sleep 600"])
        try await harness.start(id)
        #expect(try await harness.exec(id, ["cat", "/tmp/healthy"]).0 == 0)
        var status: Int64 = 0
        let deadline = Date().addingTimeInterval(30)
        while Date() < deadline {
            status = try await harness.exec(id, ["cat", "/tmp/healthy"]).0
            if status == 1 { break }
            try await Task.sleep(for: .milliseconds(100))
        }
        #expect(status == 1)
        #expect(try await harness.state(id) == "CONTAINER_RUNNING")
    }

    @Test(arguments: RuntimesUnderTest.fakes)
    func mountsReadAndWriteTheHost(runtime: String) async throws {
        let harness = try await RuntimeHarness.make(runtime)
        defer { harness.close() }
        let host = RuntimeHarness.temporaryDirectory("keelson-mount")
        try FileManager.default.createDirectory(atPath: host, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: host) }
        try "from the host\n".write(toFile: host + "/config", atomically: true, encoding: .utf8)
        let id = try await harness.createContainer(
            in: try await harness.runSandbox(), "app", command: ["sleep", "600"],
            mounts: [["containerPath": "/etc/app", "hostPath": .string(host)], ["containerPath": "/ro", "hostPath": .string(host), "readonly": true]])
        try await harness.start(id)
        #expect(try await harness.exec(id, ["cat", "/etc/app/config"]).1 == "from the host\n")
        #expect(try await harness.exec(id, ["sh", "-c", "echo written > /etc/app/out"]).0 == 0)
        #expect(try String(contentsOfFile: host + "/out", encoding: .utf8) == "written\n")
        let refused = try await harness.exec(id, ["touch", "/ro/x"])
        #expect(refused.0 == 1 && refused.2.contains("Read-only file system"))
        let status = try await harness.status(id)
        #expect(status["mounts"]?.arrayValue?.first?["containerPath"] == "/etc/app")
    }
}
