import Foundation
import Testing

/// The parent of every end-to-end suite, which run one test at a time: each test starts a whole
/// cluster (or several processes), and clusters booting side by side on a 2-CPU machine starve
/// the in-process suites that share the test process.
@Suite(.serialized)
enum EndToEnd {
    /// Polls `probe` every 250 ms until it holds; after `seconds`, records an issue naming
    /// `what` and ends the test.
    static func waitFor(_ what: String, seconds: Double = 90, _ probe: () async throws -> Bool) async throws {
        let deadline = Date().addingTimeInterval(seconds)
        while Date() < deadline {
            if try await probe() { return }
            try await Task.sleep(for: .milliseconds(250))
        }
        Issue.record("timed out waiting for \(what)")
        throw CancellationError()
    }
}
