import APIServer
import Foundation
import Kernel
import Testing

/// A fresh temporary directory, removed by `remove()`.
struct TempDirectory: Sendable {
    let url: URL

    init() throws {
        url = FileManager.default.temporaryDirectory.appendingPathComponent("keelson-api-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    }

    func path(_ name: String) -> String { url.appendingPathComponent(name).path }

    func remove() { try? FileManager.default.removeItem(at: url) }
}

/// Runs `body` with a ClusterAPI over a new in-memory store, bootstrapped.
func withAPI(serviceCIDR: String = "127.96.0.0/16", _ body: (ClusterAPI) async throws -> Void) async throws {
    let store = try Store(backend: MemoryBackend())
    defer { store.close() }
    let api = try ClusterAPI(store: store, serviceCIDR: serviceCIDR)
    try api.bootstrap()
    try await body(api)
}

/// A pod with one container.
func pod(_ name: String, image: String = "nginx:1.25", labels: [String: String] = [:]) -> JSONValue {
    var object: JSONValue = [
        "apiVersion": "v1", "kind": "Pod",
        "metadata": ["name": .string(name)],
        "spec": ["containers": [["name": "main", "image": .string(image)]]],
    ]
    object.labels = labels
    return object
}

/// A ClusterIP Service exposing port 80.
func service(_ name: String, clusterIP: String? = nil) -> JSONValue {
    var object: JSONValue = [
        "apiVersion": "v1", "kind": "Service",
        "metadata": ["name": .string(name)],
        "spec": ["selector": ["app": .string(name)], "ports": [["port": 80]]],
    ]
    if let clusterIP { object[path: "spec", "clusterIP"] = .string(clusterIP) }
    return object
}

/// A Deployment of `replicas` nginx pods labelled app=`name`.
func deployment(_ name: String, replicas: Int64 = 2) -> JSONValue {
    [
        "apiVersion": "apps/v1", "kind": "Deployment",
        "metadata": ["name": .string(name)],
        "spec": [
            "replicas": .int(replicas),
            "selector": ["matchLabels": ["app": .string(name)]],
            "template": [
                "metadata": ["labels": ["app": .string(name)]],
                "spec": ["containers": [["name": "web", "image": "nginx"]]],
            ],
        ],
    ]
}

/// Runs `body`, expecting an `APIError`, and returns it (nil, recorded as a failure, otherwise).
func expectAPIError(_ body: () async throws -> Void, sourceLocation: SourceLocation = #_sourceLocation) async -> APIError? {
    do {
        try await body()
        Issue.record("expected an APIError, got success", sourceLocation: sourceLocation)
    } catch let error as APIError {
        return error
    } catch {
        Issue.record("expected an APIError, got \(error)", sourceLocation: sourceLocation)
    }
    return nil
}

/// Polls `condition` every 20 ms until it holds or `timeout` passes (generous: a loaded 2-core
/// machine can stall the test process for seconds); returns whether it held.
func eventually(timeout: Duration = .seconds(60), _ condition: () async throws -> Bool) async rethrows -> Bool {
    let deadline = ContinuousClock.now + timeout
    while ContinuousClock.now < deadline {
        if try await condition() { return true }
        try? await Task.sleep(for: .milliseconds(20))
    }
    return try await condition()
}
