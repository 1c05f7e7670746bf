import Foundation
import Synchronization

/// A process whose output is read while it runs (kubectl logs -f), stopped by the test.
final class StreamingProcess: Sendable {
    private let process: Process
    private let buffer = Buffer()

    /// The output so far, appended from the pipe's reader thread.
    private final class Buffer: Sendable {
        let text = Mutex("")
    }

    init(_ executable: String, _ arguments: [String]) throws {
        process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = pipe
        let buffer = self.buffer
        pipe.fileHandleForReading.readabilityHandler = { handle in
            let data = handle.availableData
            if !data.isEmpty { buffer.text.withLock { $0 += String(decoding: data, as: UTF8.self) } }
        }
        try process.run()
    }

    /// Everything printed so far.
    var text: String { buffer.text.withLock { $0 } }

    /// Waits until the output contains `marker` (or `seconds` pass) and returns the output.
    func waitFor(_ marker: String, seconds: Double) async throws -> String {
        let deadline = Date().addingTimeInterval(seconds)
        while Date() < deadline {
            let text = buffer.text.withLock { $0 }
            if text.contains(marker) { return text }
            try await Task.sleep(for: .milliseconds(100))
        }
        throw E2EError("no \"\(marker)\" within \(seconds)s; got: \(buffer.text.withLock { $0 })")
    }

    /// Ends the process.
    func stop() {
        if process.isRunning {
            process.terminate()
            process.waitUntilExit()
        }
    }
}
