import Foundation
import Kernel
import Synchronization

/// An in-memory `ObjectClient` for kernel tests: serves a fixed set of objects and a watch
/// that replays them as ADDED events.
final class FakeObjectClient: ObjectClient {
    let objects: [String: JSONValue]
    let created = Mutex<[JSONValue]>([])

    init(objects: [ResourceType: [JSONValue]]) {
        var byKey: [String: JSONValue] = [:]
        for (type, items) in objects {
            for item in items { byKey["\(type.storageName)/\(item.namespace ?? "")/\(item.name ?? "")"] = item }
        }
        self.objects = byKey
    }

    private func items(_ type: ResourceType) -> [JSONValue] {
        objects.filter { $0.key.hasPrefix("\(type.storageName)/") }.sorted { $0.key < $1.key }.map(\.value)
    }

    func create(_ type: ResourceType, namespace: String, object: JSONValue) async throws -> JSONValue {
        created.withLock { $0.append(object) }
        return object
    }

    func get(_ type: ResourceType, namespace: String, name: String) async throws -> JSONValue {
        guard let object = objects["\(type.storageName)/\(namespace)/\(name)"] else { throw APIError.notFound(type, name) }
        return object
    }

    func list(_ type: ResourceType, namespace: String?, labelSelector: [String: String]) async throws -> (items: [JSONValue], resourceVersion: Int64) {
        (items(type), 7)
    }

    func update(_ type: ResourceType, namespace: String, object: JSONValue) async throws -> JSONValue { object }
    func updateStatus(_ type: ResourceType, namespace: String, object: JSONValue) async throws -> JSONValue { object }

    func delete(_ type: ResourceType, namespace: String, name: String) async throws -> JSONValue {
        try await get(type, namespace: namespace, name: name)
    }

    func watch(_ type: ResourceType, namespace: String?, fromRevision: Int64) async throws -> AsyncThrowingStream<WatchEvent, any Error> {
        let events = items(type).map { WatchEvent(type: "ADDED", object: $0, revision: 7) }
        return AsyncThrowingStream { continuation in
            for event in events { continuation.yield(event) }
            // Left open, as a real watch is, until the consumer cancels.
        }
    }

    func bind(podNamespace: String, podName: String, nodeName: String) async throws {}
}
