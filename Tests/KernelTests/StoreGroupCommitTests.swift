import Foundation
import Kernel
import Synchronization
import Testing

/// A memory backend whose changes are durable only after a (slow, counted) flush.
private final class DeferredBackend: StorageBackend, @unchecked Sendable {
    // Delegates everything to a MemoryBackend; only the counters are shared state (Mutex).
    let memory = MemoryBackend()
    let flushes = Mutex(0)
    let failing = Mutex(false)

    var defersDurability: Bool { true }

    func flush() throws {
        Thread.sleep(forTimeInterval: 0.02)
        if failing.withLock({ $0 }) { throw StoreError.backend("disk gone") }
        flushes.withLock { $0 += 1 }
    }

    func revisions() throws -> (current: Int64, compacted: Int64) { try memory.revisions() }
    func get(_ key: StoreKey, atRevision revision: Int64?) throws -> StoredObject? { try memory.get(key, atRevision: revision) }
    func list(resource: String, namespace: String?, atRevision revision: Int64?) throws -> (items: [StoredObject], revision: Int64) {
        try memory.list(resource: resource, namespace: namespace, atRevision: revision)
    }
    func list(resource: String, namespace: String?, atRevision revision: Int64?, window: ListWindow) throws -> ListedWindow {
        try memory.list(resource: resource, namespace: namespace, atRevision: revision, window: window)
    }
    func apply(_ change: StoreChange) throws -> StoredObject { try memory.apply(change) }
    func changes(after revision: Int64, filter: EventFilter) throws -> [StoreEvent] { try memory.changes(after: revision, filter: filter) }
    func compact(before revision: Int64) throws { try memory.compact(before: revision) }
    func close() { memory.close() }
}

/// Group commit: writers waiting for durability at the same time share one flush.
@Suite("Store group commit")
struct StoreGroupCommitTests {
    @Test("forty concurrent writers are all acknowledged after far fewer flushes")
    func concurrentWritersShareFlushes() async throws {
        let backend = DeferredBackend()
        let store = try Store(backend: backend)
        try await withThrowingTaskGroup(of: Void.self) { group in
            for index in 0..<40 {
                group.addTask {
                    try store.create(podKey("p\(index)"), object: podObject("p\(index)", value: Int64(index)))
                    try await store.waitUntilDurable()
                }
            }
            try await group.waitForAll()
        }
        let flushes = backend.flushes.withLock { $0 }
        #expect(flushes >= 1)
        #expect(flushes < 40, "\(flushes) flushes for 40 writes")
        // Nothing new to make durable: no flush at all.
        try await store.waitUntilDurable()
        #expect(backend.flushes.withLock { $0 } == flushes)
    }

    @Test("a failed flush fails the writers waiting on it")
    func failedFlushFailsWaiters() async throws {
        let backend = DeferredBackend()
        let store = try Store(backend: backend)
        backend.failing.withLock { $0 = true }
        try store.create(podKey("a"), object: podObject("a", value: 1))
        await #expect(throws: StoreError.self) { try await store.waitUntilDurable() }
        backend.failing.withLock { $0 = false }
        try await store.waitUntilDurable()
        #expect(backend.flushes.withLock { $0 } == 1)
    }

    @Test("the SQLite backend defers durability to a flush of its log")
    func sqliteFlushes() async throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("keelson-group-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let backend = try SQLiteBackend(path: folder + "/store.db")
        let store = try Store(backend: backend)
        defer { store.close() }
        #expect(backend.defersDurability)
        try store.create(podKey("a"), object: podObject("a", value: 1))
        try await store.waitUntilDurable()
        #expect(try store.get(podKey("a")) != nil)
    }
}
