import Foundation
import Kernel
import Testing

/// The backends every conformance test runs against.
enum StoreBackendKind: String, CaseIterable, Sendable, CustomTestStringConvertible {
    case memory
    case sqlite

    var testDescription: String { rawValue }
}

/// A fresh temporary directory, removed by `remove()`.
struct StoreTempDirectory: Sendable {
    let url: URL

    init() throws {
        url = FileManager.default.temporaryDirectory.appendingPathComponent("keelson-store-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    }

    func path(_ name: String) -> String { url.appendingPathComponent(name).path }

    func remove() { try? FileManager.default.removeItem(at: url) }
}

/// Runs `body` with a new, empty store on `kind`, then closes it and removes its files.
func withStore(_ kind: StoreBackendKind, _ body: (Store) async throws -> Void) async throws {
    let directory = try StoreTempDirectory()
    defer { directory.remove() }
    let backend: any StorageBackend
    switch kind {
    case .memory: backend = MemoryBackend()
    case .sqlite: backend = try SQLiteBackend(path: directory.path("store.db"))
    }
    let store = try Store(backend: backend)
    defer { store.close() }
    try await body(store)
}

/// The key of a pod.
func podKey(_ name: String, _ namespace: String = "default") -> StoreKey {
    StoreKey(.pods, namespace: namespace, name: name)
}

/// A minimal object named `name` in `namespace` with a `spec.value`.
func podObject(_ name: String, _ namespace: String = "default", value: Int64 = 0) -> JSONValue {
    ["metadata": ["name": .string(name), "namespace": .string(namespace)], "spec": ["value": .int(value)]]
}

/// `spec.value` of an object.
func specValue(_ object: JSONValue?) -> Int64? { object?[path: "spec", "value"]?.intValue }

/// Collects events from `watch` until there are `count` of them or `timeout` passes (the
/// watch is cancelled then, so the result is short and the caller's expectation fails).
func collectEvents(_ watch: StoreWatch, count: Int, timeout: Duration = .seconds(10)) async -> [StoreEvent] {
    guard count > 0 else { return [] }
    let deadline = Task {
        try? await Task.sleep(for: timeout)
        watch.cancel()
    }
    defer { deadline.cancel() }
    var events: [StoreEvent] = []
    for await event in watch {
        events.append(event)
        if events.count == count { break }
    }
    return events
}

/// Expects `body` to throw exactly `expected`.
func expectStoreError(_ expected: StoreError, sourceLocation: SourceLocation = #_sourceLocation, _ body: () throws -> Void) {
    do {
        try body()
        Issue.record("expected \(expected), nothing was thrown", sourceLocation: sourceLocation)
    } catch let error as StoreError {
        #expect(error == expected, sourceLocation: sourceLocation)
    } catch {
        Issue.record("expected \(expected), got \(error)", sourceLocation: sourceLocation)
    }
}
