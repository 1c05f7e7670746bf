import Foundation
import Kernel
import Synchronization
import Testing

/// Set in the environment of the writer process that `killedWriterLosesNothing` starts.
private let crashChildVariable = "KEELSON_STORE_CRASH_CHILD_DB"

/// What the SQLite backend keeps on disk.
@Suite("Store durability (SQLite)")
struct StoreDurabilityTests {
    /// Writes a small history: revisions 1...6, compacted before 4.
    private func writeHistory(_ store: Store) throws {
        try store.create(podKey("a"), object: podObject("a", value: 1))  // 1
        try store.create(podKey("b"), object: podObject("b", value: 1))  // 2
        try store.update(podKey("a"), object: podObject("a", value: 2), expectedRevision: 1)  // 3
        try store.delete(podKey("b"))  // 4
        try store.create(StoreKey(.nodes, namespace: "", name: "n"), object: ["metadata": ["name": "n"]])  // 5
        try store.update(podKey("a"), object: podObject("a", value: 3), expectedRevision: 3)  // 6
        try store.compact(before: 4)
    }

    /// Checks what `writeHistory` left, through a store opened anew.
    private func expectHistory(_ store: Store) async throws {
        #expect(store.currentRevision == 6)
        #expect(store.compactedRevision == 4)
        let a = try #require(try store.get(podKey("a")))
        #expect(specValue(a.object) == 3)
        #expect(a.createRevision == 1 && a.modRevision == 6 && a.object.resourceVersion == 6)
        #expect(try store.get(podKey("b")) == nil)
        #expect(try store.list(resource: "nodes", namespace: nil).items.map(\.key.name) == ["n"])
        #expect(specValue(try store.get(podKey("a"), atRevision: 4)?.object) == 2)
        expectStoreError(.compacted(requested: 3, compacted: 4)) { _ = try store.get(podKey("a"), atRevision: 3) }
        let watch = try store.watch(resource: nil, namespace: nil, fromRevision: 4)
        #expect(await collectEvents(watch, count: 2).map(\.revision) == [5, 6])
        watch.cancel()
    }

    @Test("closed and reopened: objects, revision counter and compaction point survive")
    func reopenAfterClose() async throws {
        let directory = try StoreTempDirectory()
        defer { directory.remove() }
        let path = directory.path("data/store.db")  // the directory is created on open
        do {
            let store = try Store(backend: SQLiteBackend(path: path))
            try writeHistory(store)
            store.close()
        }
        let reopened = try Store(backend: SQLiteBackend(path: path))
        defer { reopened.close() }
        try await expectHistory(reopened)
        let next = try reopened.create(podKey("c"), object: podObject("c"))
        #expect(next.modRevision == 7)
        #expect(next.object.resourceVersion == 7)
    }

    @Test("reopened while the first opener never closed: every acknowledged write is there")
    func reopenWithoutClose() async throws {
        let directory = try StoreTempDirectory()
        defer { directory.remove() }
        let path = directory.path("store.db")
        let first = try Store(backend: SQLiteBackend(path: path))
        try writeHistory(first)
        try await first.waitUntilDurable()
        // A second opener (as a restarted process would) sees everything acknowledged, without
        // any checkpoint or close by the first.
        let second = try Store(backend: SQLiteBackend(path: path))
        defer { second.close() }
        try await expectHistory(second)
        withExtendedLifetime(first) {}
    }

    @Test("the file is in WAL mode and a write is in the log before it is acknowledged")
    func walMode() async throws {
        let directory = try StoreTempDirectory()
        defer { directory.remove() }
        let path = directory.path("store.db")
        let store = try Store(backend: SQLiteBackend(path: path))
        defer { store.close() }
        try store.create(podKey("a"), object: podObject("a", value: 42))
        try await store.waitUntilDurable()
        let header = try Data(contentsOf: URL(fileURLWithPath: path)).prefix(20)
        // Bytes 18 and 19 of an SQLite header are 2 for a write-ahead-logged database.
        #expect(header.count == 20 && header[18] == 2 && header[19] == 2)
        #expect(try logHolds(path, #""value":42"#))
    }

    @Test("a batch no one flushes or reads is committed to the log within the commit delay")
    func timedCommit() async throws {
        let directory = try StoreTempDirectory()
        defer { directory.remove() }
        let path = directory.path("store.db")
        let store = try Store(backend: SQLiteBackend(path: path))
        defer { store.close() }
        try store.create(podKey("a"), object: podObject("a", value: 77))
        let deadline = ContinuousClock.now + .seconds(5)
        while try !logHolds(path, #""value":77"#), ContinuousClock.now < deadline {
            try await Task.sleep(for: .milliseconds(5))
        }
        #expect(try logHolds(path, #""value":77"#))
    }

    @Test("a change refused inside a batch leaves the batch's other changes; reads see the batch")
    func refusedChangeInBatch() async throws {
        let directory = try StoreTempDirectory()
        defer { directory.remove() }
        let path = directory.path("store.db")
        let store = try Store(backend: SQLiteBackend(path: path))
        try store.create(podKey("a"), object: podObject("a", value: 1))
        #expect(throws: StoreError.alreadyExists(podKey("a"))) { try store.create(podKey("a"), object: podObject("a", value: 2)) }
        #expect(throws: StoreError.self) { try store.update(podKey("a"), object: podObject("a", value: 3), expectedRevision: 9) }
        try store.create(podKey("b"), object: podObject("b", value: 4))
        // A list reads the backend (the read connection) and must see the open batch.
        #expect(try store.backend.list(resource: "pods", namespace: "default", atRevision: nil).items.map(\.key.name) == ["a", "b"])
        try await store.waitUntilDurable()
        store.close()
        let reopened = try Store(backend: SQLiteBackend(path: path))
        defer { reopened.close() }
        #expect(reopened.currentRevision == 2)
        #expect(specValue(try reopened.get(podKey("a"))?.object) == 1)
        #expect(specValue(try reopened.get(podKey("b"))?.object) == 4)
    }

    /// Whether the write-ahead log next to `path` holds `text`.
    private func logHolds(_ path: String, _ text: String) throws -> Bool {
        try Data(contentsOf: URL(fileURLWithPath: path + "-wal")).range(of: Data(text.utf8)) != nil
    }

    @Test("open errors name the path")
    func openErrors() throws {
        let directory = try StoreTempDirectory()
        defer { directory.remove() }
        let blocker = directory.path("plain-file")
        try Data("not a directory".utf8).write(to: URL(fileURLWithPath: blocker))
        let underFile = blocker + "/store.db"
        do {
            _ = try SQLiteBackend(path: underFile)
            Issue.record("opening under a regular file succeeded")
        } catch let error as StoreError {
            #expect("\(error)".contains(underFile))
        }

        let junk = directory.path("junk.db")
        try Data(repeating: 0x5A, count: 4096).write(to: URL(fileURLWithPath: junk))
        do {
            _ = try SQLiteBackend(path: junk)
            Issue.record("opening a junk file succeeded")
        } catch let error as StoreError {
            #expect("\(error)".contains(junk))
        }
    }

    @Test("a second writer on the same file cannot reuse a revision")
    func secondWriter() throws {
        let directory = try StoreTempDirectory()
        defer { directory.remove() }
        let path = directory.path("store.db")
        let first = try Store(backend: SQLiteBackend(path: path))
        defer { first.close() }
        let second = try Store(backend: SQLiteBackend(path: path))
        defer { second.close() }
        try first.create(podKey("a"), object: podObject("a"))
        #expect(throws: StoreError.self) { try second.create(podKey("b"), object: podObject("b")) }
        #expect(try first.get(podKey("b")) == nil)
        #expect(first.currentRevision == 1)
    }

    @Test("a writer killed with SIGKILL loses no acknowledged write")
    func killedWriterLosesNothing() async throws {
        let directory = try StoreTempDirectory()
        defer { directory.remove() }
        let path = directory.path("store.db")
        // The child is this test binary, running only `crashChildWriter`.
        let process = Process()
        process.executableURL = URL(fileURLWithPath: try FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe"))
        process.arguments = ["--testing-library", "swift-testing", "--filter", "crashChildWriter"]
        process.environment = ProcessInfo.processInfo.environment.merging([crashChildVariable: path]) { _, new in new }
        let output = Pipe()
        process.standardOutput = output
        process.standardError = FileHandle.nullDevice
        let received = Mutex(Data())
        output.fileHandleForReading.readabilityHandler = { handle in
            let chunk = handle.availableData
            received.withLock { $0.append(chunk) }
        }
        func acknowledged() -> [Int64] {
            let text = received.withLock { String(decoding: $0, as: UTF8.self) }
            return text.split(separator: "\n").compactMap { line in
                line.hasPrefix("ACK ") ? Int64(line.dropFirst(4)) : nil
            }
        }
        try process.run()
        let deadline = ContinuousClock.now + .seconds(30)
        while acknowledged().count < 300, process.isRunning, ContinuousClock.now < deadline {
            try await Task.sleep(for: .milliseconds(10))
        }
        kill(process.processIdentifier, SIGKILL)
        while process.isRunning { try await Task.sleep(for: .milliseconds(10)) }
        output.fileHandleForReading.readabilityHandler = nil
        let rest = output.fileHandleForReading.readDataToEndOfFile()
        received.withLock { $0.append(rest) }
        #expect(process.terminationReason == .uncaughtSignal)

        let acks = acknowledged()
        let last = try #require(acks.last, "the writer acknowledged nothing")
        #expect(acks.count >= 300)
        #expect(acks == Array(1...last))
        let store = try Store(backend: SQLiteBackend(path: path))
        defer { store.close() }
        #expect(store.currentRevision >= last)
        let items = try store.list(resource: "pods", namespace: "default").items
        #expect(Int64(items.count) == store.currentRevision)
        for revision in 1...last {
            #expect(try store.get(podKey("p\(revision)"))?.modRevision == revision)
        }
        #expect(try store.create(podKey("after"), object: podObject("after")).modRevision == store.currentRevision)
    }

    /// The child process of `killedWriterLosesNothing`: writes until killed, printing
    /// "ACK <revision>" after each create it has waited to be durable (acknowledged, as the API
    /// acknowledges a write). Skipped in ordinary runs.
    @Test("writer process of the SIGKILL test (runs only as that child)", .enabled(if: ProcessInfo.processInfo.environment[crashChildVariable] != nil))
    func crashChildWriter() async throws {
        let path = try #require(ProcessInfo.processInfo.environment[crashChildVariable])
        let store = try Store(backend: SQLiteBackend(path: path))
        for index in Int64(1)...1_000_000 {
            let stored = try store.create(podKey("p\(index)"), object: podObject("p\(index)", value: index))
            try await store.waitUntilDurable()
            FileHandle.standardOutput.write(Data("ACK \(stored.modRevision)\n".utf8))
        }
    }
}
