import Kernel
import Testing

/// The store keeps recently written objects and small lists in memory; reads must still see
/// every write, on both backends.
@Suite("Store: in-memory latest objects and small lists")
struct StoreCacheTests {
    private func object(_ name: String, _ value: Int64) -> JSONValue {
        ["metadata": ["name": .string(name)], "value": .int(value)]
    }

    @Test("gets and small lists follow creates, updates and deletes", arguments: StoreBackendKind.allCases)
    func readsFollowWrites(kind: StoreBackendKind) async throws {
        try await withStore(kind) { store in
            let a = StoreKey(resource: "priorityclasses", namespace: "", name: "a")
            let b = StoreKey(resource: "priorityclasses", namespace: "", name: "b")
            try store.create(a, object: object("a", 1))
            #expect(try store.list(resource: "priorityclasses", namespace: nil).items.count == 1)
            try store.create(b, object: object("b", 2))
            let listed = try store.list(resource: "priorityclasses", namespace: nil)
            #expect(listed.items.map { $0.key.name } == ["a", "b"] && listed.revision == store.currentRevision)
            // A write to another resource leaves the cached list valid, at the current revision.
            try store.create(StoreKey(resource: "configmaps", namespace: "d", name: "c"), object: object("c", 3))
            #expect(try store.list(resource: "priorityclasses", namespace: nil).revision == store.currentRevision)
            try store.update(a, object: object("a", 10), expectedRevision: nil)
            #expect(try store.get(a)?.object["value"] == .int(10))
            #expect(try store.list(resource: "priorityclasses", namespace: nil).items.first?.object["value"] == .int(10))
            try store.delete(b)
            #expect(try store.get(b) == nil)
            #expect(try store.list(resource: "priorityclasses", namespace: nil).items.count == 1)
            // History is read from the backend.
            #expect(try store.get(a, atRevision: 1)?.object["value"] == .int(1))
        }
    }
}
