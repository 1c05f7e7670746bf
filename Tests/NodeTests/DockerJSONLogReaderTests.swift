import Foundation
import Testing
@testable import Node

/// The log reader on Docker json-file logs (docker-shim's format): the JSON unwrapped, partial
/// lines joined per stream, escapes decoded, times shown with nine digits, and files that mix
/// both formats read line by line.
@Suite struct DockerJSONLogReaderTests {
    static let sample = """
        {"log":"one\\n","stream":"stdout","time":"2026-01-01T10:00:00.000000001Z"}
        {"log":"two \\u003cb\\u003e \\"q\\"\\n","stream":"stderr","time":"2026-01-01T10:00:01Z"}
        {"log":"thr","stream":"stdout","time":"2026-01-01T10:00:02Z"}
        {"log":"ee\\n","stream":"stdout","time":"2026-01-01T10:00:02.5Z"}
        {"log":"four\\n","stream":"stdout","time":"2026-01-01T10:00:03.12Z"}

        """

    static func read(_ text: String, _ query: [String: String]) async throws -> String {
        let path = NSTemporaryDirectory() + "keelson-jsonlog-\(UUID().uuidString).log"
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(atPath: path) }
        let reader = ContainerLogReader(path: path, options: try ContainerLogOptions(query: query), pollInterval: .milliseconds(10))
        var output = ""
        try await reader.read(isRunning: { false }) { output += $0 }
        return output
    }

    @Test func unwrapsTheJSONAndJoinsPartialLines() async throws {
        #expect(try await Self.read(Self.sample, [:]) == "one\ntwo <b> \"q\"\nthree\nfour\n")
    }

    @Test func timestampsAreShownWithNineDigits() async throws {
        let lines = try await Self.read(Self.sample, ["timestamps": "true", "tailLines": "2"])
        #expect(lines == "2026-01-01T10:00:02.000000000Z three\n2026-01-01T10:00:03.120000000Z four\n")
    }

    @Test func sinceTimeAndTailApply() async throws {
        #expect(try await Self.read(Self.sample, ["sinceTime": "2026-01-01T10:00:01Z"]) == "two <b> \"q\"\nthree\nfour\n")
        #expect(try await Self.read(Self.sample, ["tailLines": "1"]) == "four\n")
    }

    @Test func linesParseInEitherFormat() throws {
        let json = try #require(ContainerLogLine.parse(#"{"log":"hi\n","stream":"stdout","time":"2024-05-01T10:00:00.1Z"}"#))
        #expect(json == CRILogLine(time: "2024-05-01T10:00:00.100000000Z", stream: "stdout", partial: false, text: "hi"))
        let cri = try #require(ContainerLogLine.parse("2024-05-01T10:00:00.100000000Z stderr P par"))
        #expect(cri == CRILogLine(time: "2024-05-01T10:00:00.100000000Z", stream: "stderr", partial: true, text: "par"))
        #expect(ContainerLogLine.parse(#"{"log":"x","stream":"stdin","time":"2024-05-01T10:00:00Z"}"#) == nil)
        #expect(ContainerLogLine.parse(#"{"log":"x","stream":"stdout"}"#) == nil)
        #expect(ContainerLogLine.parse("{not json") == nil)
    }

    @Test func aMixedFileIsReadLineByLine() async throws {
        let text = """
            2026-01-01T10:00:00.000000000Z stdout F cri
            {"log":"json\\n","stream":"stdout","time":"2026-01-01T10:00:01Z"}

            """
        #expect(try await Self.read(text, [:]) == "cri\njson\n")
    }
}
