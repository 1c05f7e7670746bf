import Foundation
import Kernel
import Synchronization

/// Runs the real `keelson` binary for end-to-end tests: a cluster started with `up` and read
/// through its output lines, or a one-shot command.
final class KeelsonProcess: Sendable {
    static let repositoryRoot = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    /// The binary: $KEELSON_BINARY, else the debug build next to the test bundle, else .build/debug.
    static var binary: String {
        if let path = ProcessInfo.processInfo.environment["KEELSON_BINARY"], !path.isEmpty { return path }
        let bundleFolder = Bundle.main.bundleURL.deletingLastPathComponent().appendingPathComponent("keelson").path
        if FileManager.default.isExecutableFile(atPath: bundleFolder) { return bundleFolder }
        return repositoryRoot.appendingPathComponent(".build/debug/keelson").path
    }

    private let process: Process
    private let output = OutputBuffer()

    /// What the process printed, appended from the pipe's reader thread.
    private final class OutputBuffer: Sendable {
        let text = Mutex("")
    }

    /// Starts `keelson arguments...` in the background, collecting its output.
    init(_ arguments: [String], environment: [String: String] = [:]) throws {
        process = Process()
        process.executableURL = URL(fileURLWithPath: Self.binary)
        process.arguments = arguments
        process.environment = ProcessInfo.processInfo.environment.merging(environment) { _, new in new }
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = pipe
        let output = self.output
        pipe.fileHandleForReading.readabilityHandler = { handle in
            let data = handle.availableData
            if !data.isEmpty { output.text.withLock { $0 += String(decoding: data, as: UTF8.self) } }
        }
        try process.run()
    }

    /// Everything printed so far.
    var text: String { output.text.withLock { $0 } }

    /// Waits until a printed line contains `marker`; returns that line.
    func waitForLine(containing marker: String, timeout: TimeInterval = 120) async throws -> String {
        let deadline = Date().addingTimeInterval(timeout)
        while Date() < deadline {
            if let line = text.split(separator: "\n").first(where: { $0.contains(marker) }) { return String(line) }
            if !process.isRunning { throw E2EError("keelson exited (\(process.terminationStatus)) before printing \"\(marker)\":\n\(text)") }
            try await Task.sleep(for: .milliseconds(50))
        }
        throw E2EError("no line containing \"\(marker)\" within \(timeout)s:\n\(text)")
    }

    /// Sends SIGTERM and waits for the process to end; returns its exit status.
    @discardableResult
    func stop() -> Int32 {
        if process.isRunning {
            process.terminate()
            process.waitUntilExit()
        }
        return process.terminationStatus
    }

    deinit { if process.isRunning { process.terminate() } }

    /// Runs a command to completion; returns (status, output). The wait happens on a thread of
    /// its own, never on Swift's cooperative pool, so running commands never starves the
    /// in-process tests that share the pool.
    static func run(_ executable: String, _ arguments: [String], environment: [String: String] = [:]) async throws -> (status: Int32, output: String) {
        try await Blocking.run { try runBlocking(executable, arguments, environment: environment) }
    }

    /// Runs a command to completion on the calling thread.
    private static func runBlocking(_ executable: String, _ arguments: [String], environment: [String: String]) throws -> (status: Int32, output: String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        process.environment = ProcessInfo.processInfo.environment.merging(environment) { _, new in new }
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = pipe
        try process.run()
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (process.terminationStatus, String(decoding: data, as: UTF8.self))
    }

    /// Builds the kernel tests' C fixture plugin (Tests/KernelTests/Fixtures/fixture_plugin.c)
    /// with `-D` `defines` into `folder/name`; returns cc's status and output.
    static func buildFixture(_ name: String, in folder: URL, defines: [String] = []) async throws -> (status: Int32, output: String) {
        let fixture = repositoryRoot.appendingPathComponent("Tests/KernelTests/Fixtures/fixture_plugin.c").path
        let include = repositoryRoot.appendingPathComponent("Sources/PluginABI/include").path
        return try await run("/usr/bin/env", ["cc", "-std=c11", "-shared", "-fPIC", "-I", include, fixture, "-o", folder.appendingPathComponent(name).path] + defines.map { "-D\($0)" })
    }

    /// The URL in a "keelson: API server listening on https://HOST:PORT" line.
    static func serverURL(in line: String) -> String {
        let start = line.range(of: "https://")?.lowerBound ?? line.range(of: "http://")?.lowerBound ?? line.endIndex
        return String(line[start...]).trimmingCharacters(in: .whitespaces)
    }

    /// Runs `keelson arguments...` to completion.
    static func keelson(_ arguments: [String]) async throws -> (status: Int32, output: String) {
        try await run(binary, arguments)
    }
}

struct E2EError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}
