import Foundation
import Synchronization
import Testing
@testable import Node

/// The CRI log reader: prefix stripping, partial lines, tail, previous-file layout, timestamps,
/// since, byte limits and follow.
@Suite struct ContainerLogReaderTests {
    static let sample = """
        2026-01-01T10:00:00.000000001Z stdout F one
        2026-01-01T10:00:01.000000000Z stderr F two
        2026-01-01T10:00:02.000000000Z stdout P thr
        2026-01-01T10:00:02.500000000Z stdout F ee
        2026-01-01T10:00:03.000000000Z stdout F four

        """

    static func file(_ text: String) throws -> String {
        let path = NSTemporaryDirectory() + "keelson-log-\(UUID().uuidString).log"
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    static func read(_ path: String, _ query: [String: String], isRunning: @escaping @Sendable () async -> Bool = { false }) async throws -> String {
        let reader = ContainerLogReader(path: path, options: try ContainerLogOptions(query: query), pollInterval: .milliseconds(10))
        var output = ""
        try await reader.read(isRunning: isRunning) { output += $0 }
        return output
    }

    @Test func stripsThePrefixAndJoinsPartialLines() async throws {
        let path = try Self.file(Self.sample)
        defer { try? FileManager.default.removeItem(atPath: path) }
        #expect(try await Self.read(path, [:]) == "one\ntwo\nthree\nfour\n")
    }

    @Test func tailLinesKeepsTheLastLines() async throws {
        let path = try Self.file(Self.sample)
        defer { try? FileManager.default.removeItem(atPath: path) }
        #expect(try await Self.read(path, ["tailLines": "1"]) == "four\n")
        #expect(try await Self.read(path, ["tailLines": "2"]) == "three\nfour\n")
        #expect(try await Self.read(path, ["tailLines": "0"]) == "")
    }

    @Test func timestampsKeepTheTimeOfTheLineStart() async throws {
        let path = try Self.file(Self.sample)
        defer { try? FileManager.default.removeItem(atPath: path) }
        let lines = try await Self.read(path, ["timestamps": "true", "tailLines": "2"])
        #expect(lines == "2026-01-01T10:00:02.000000000Z three\n2026-01-01T10:00:03.000000000Z four\n")
    }

    @Test func sinceTimeAndLimitBytes() async throws {
        let path = try Self.file(Self.sample)
        defer { try? FileManager.default.removeItem(atPath: path) }
        #expect(try await Self.read(path, ["sinceTime": "2026-01-01T10:00:01Z"]) == "two\nthree\nfour\n")
        #expect(try await Self.read(path, ["sinceTime": "2026-01-01T11:00:01+01:00"]) == "two\nthree\nfour\n")
        #expect(try await Self.read(path, ["limitBytes": "6"]) == "one\ntw")
        let now = try #require(LogTime.nanoseconds("2026-01-01T10:00:03Z"))
        let options = try ContainerLogOptions(query: ["sinceSeconds": "1"], now: now)
        #expect(options.since == LogTime.nanoseconds("2026-01-01T10:00:02Z"))
    }

    @Test func malformedOptionsAreRejected() {
        #expect(throws: ContainerLogError.self) { try ContainerLogOptions(query: ["tailLines": "-1"]) }
        #expect(throws: ContainerLogError.self) { try ContainerLogOptions(query: ["follow": "maybe"]) }
        #expect(throws: ContainerLogError.self) { try ContainerLogOptions(query: ["sinceSeconds": "5", "sinceTime": "2026-01-01T10:00:00Z"]) }
        #expect(throws: ContainerLogError.self) { try ContainerLogOptions(query: ["sinceTime": "yesterday"]) }
    }

    @Test func followPicksUpAppendedLinesUntilTheContainerStops() async throws {
        let path = try Self.file("2026-01-01T10:00:00.000000000Z stdout F first\n")
        defer { try? FileManager.default.removeItem(atPath: path) }
        let running = Mutex(true)
        let (chunks, sink) = AsyncStream<String>.makeStream()
        let reader = ContainerLogReader(path: path, options: try ContainerLogOptions(query: ["follow": "true"]), pollInterval: .milliseconds(10))
        let task = Task {
            try await reader.read(isRunning: { running.withLock { $0 } }) { sink.yield($0) }
            sink.finish()
        }
        var iterator = chunks.makeAsyncIterator()
        #expect(await iterator.next() == "first\n")
        let handle = try #require(FileHandle(forWritingAtPath: path))
        try handle.seekToEnd()
        try handle.write(contentsOf: Data("2026-01-01T10:00:01.000000000Z stdout P sec\n".utf8))
        try handle.write(contentsOf: Data("2026-01-01T10:00:01.100000000Z stdout F ond\n".utf8))
        try handle.close()
        #expect(await iterator.next() == "second\n")
        running.withLock { $0 = false }
        try await task.value
        #expect(await iterator.next() == nil)
    }

    @Test func logFilesFollowKubernetesLayout() throws {
        let root = NSTemporaryDirectory() + "keelson-logroot-\(UUID().uuidString)"
        defer { try? FileManager.default.removeItem(atPath: root) }
        let files = ContainerLogFiles(root: root)
        #expect(files.path(namespace: "ns", pod: "web", uid: "u1", container: "main", attempt: 2) == "\(root)/ns_web_u1/main/2.log")
        try FileManager.default.createDirectory(atPath: "\(root)/ns_web_u1/main", withIntermediateDirectories: true)
        for attempt in [0, 1, 10] {
            FileManager.default.createFile(atPath: files.path(namespace: "ns", pod: "web", uid: "u1", container: "main", attempt: attempt), contents: nil)
        }
        #expect(files.attempts(namespace: "ns", pod: "web", uid: "u1", container: "main") == [0, 1, 10])
    }
}
