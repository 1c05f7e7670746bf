import Foundation
import Kernel
import PluginABI
import Testing

/// CRI conformance, logs: a container's output reaches the log file the kubelet names
/// (`logDirectory` + `logPath`) on time, whoever asks, with streams and partial lines kept.
/// The file's format is the runtime's (see the per-flavor tests); the lines are read in either
/// format a kubelet accepts.
@Suite("CRI conformance: logs")
struct RuntimeLogTests {
    @Test(arguments: RuntimesUnderTest.all)
    func outputGoesToTheLogOnTime(runtime: String) async throws {
        let harness = try await RuntimeHarness.make(runtime)
        defer { harness.close() }
        let logs = RuntimeHarness.temporaryDirectory("keelson-logs")
        defer { try? FileManager.default.removeItem(atPath: logs) }
        let sandbox = try await harness.runSandbox(logDirectory: logs)
        let id = try await harness.createContainer(
            in: sandbox, "app", command: ["sh", "-c", "echo hello; echo oops >&2; sleep 0.2; printf later; exit 2"],
            logPath: "app/0.log")
        try await harness.start(id)
        #expect(try await harness.status(id)["logPath"] == .string(logs + "/app/0.log"))
        // Nobody calls the runtime meanwhile: the late line and the exit happen on their own
        // (only the file is watched, up to 10 s).
        var lines: [RuntimeLogLine] = []
        for _ in 0..<200 where !lines.contains(where: { $0.text == "later" }) {
            try await Task.sleep(for: .milliseconds(50))
            lines = (try? RuntimeLogLine.read(logs + "/app/0.log")) ?? []
        }
        // Each stream keeps its order; how two streams interleave is up to the runtime (a real
        // process writes them through two pipes, as under containerd).
        func stream(_ name: String) -> [String] {
            lines.filter { $0.stream == name }.map { "\($0.partial ? "P" : "F") \($0.text)" }
        }
        #expect(stream("stdout") == ["F hello", "P later"])
        #expect(stream("stderr") == ["F oops"])
        #expect(lines.allSatisfy { LogTimestamp.isRFC3339($0.time) })
        #expect(try await harness.waitFor(id, state: "CONTAINER_EXITED")["exitCode"] == 2)
    }

    @Test(arguments: RuntimesUnderTest.all)
    func eachAttemptHasItsOwnLog(runtime: String) async throws {
        let harness = try await RuntimeHarness.make(runtime)
        defer { harness.close() }
        let logs = RuntimeHarness.temporaryDirectory("keelson-logs")
        defer { try? FileManager.default.removeItem(atPath: logs) }
        let sandbox = try await harness.runSandbox(logDirectory: logs)
        for attempt in 0..<2 {
            _ = try await harness.client.pullImage("busybox")
            let config = RuntimeHarness.containerConfig(
                "app", command: ["sh", "-c", "echo run \(attempt)"], attempt: Int64(attempt), logPath: "app/\(attempt).log")
            let id = try await harness.client.createContainer(sandboxID: sandbox.0, config: config, sandboxConfig: sandbox.1)
            try await harness.start(id)
            _ = try await harness.waitFor(id, state: "CONTAINER_EXITED")
        }
        #expect(try RuntimeLogLine.read(logs + "/app/0.log").map(\.text) == ["run 0"])
        #expect(try RuntimeLogLine.read(logs + "/app/1.log").map(\.text) == ["run 1"])
    }
}

/// Checks a log line's time.
enum LogTimestamp {
    /// Whether `text` is an RFC 3339 UTC time such as "2024-05-01T10:00:00.123Z".
    static func isRFC3339(_ text: String) -> Bool {
        text.count >= 20 && text.hasSuffix("Z") && text.dropFirst(10).first == "T"
    }
}
