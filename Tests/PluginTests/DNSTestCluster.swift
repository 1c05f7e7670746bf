import Foundation
import Kernel
import Synchronization

/// A fake API behind the DNS add-on's host table: it holds Services and EndpointSlices and serves
/// live watches of them, the current objects as ADDED and then every `put` and `remove` as
/// MODIFIED, ADDED or DELETED, in order.
final class DNSTestCluster: ObjectClient {
    private struct State {
        var revision: Int64 = 1
        var objects: [String: [String: JSONValue]] = [:]
        var watchers: [String: [Int: AsyncThrowingStream<WatchEvent, any Error>.Continuation]] = [:]
        var nextWatcher = 0
    }

    private let state = Mutex(State())

    init(_ objects: [(ResourceType, JSONValue)] = []) {
        for (type, object) in objects { put(type, object) }
    }

    /// How many objects the cluster holds.
    var objectCount: Int {
        state.withLock { $0.objects.values.reduce(0) { $0 + $1.count } }
    }

    /// How many watches are open on `type`.
    func watchCount(_ type: ResourceType) -> Int {
        state.withLock { $0.watchers[type.storageName]?.count ?? 0 }
    }

    /// Creates or replaces an object and tells the watchers (ADDED or MODIFIED).
    func put(_ type: ResourceType, _ object: JSONValue) {
        state.withLock { state in
            state.revision += 1
            var stored = object
            stored.resourceVersion = state.revision
            let key = "\(object.namespace ?? "")/\(object.name ?? "")"
            let existed = state.objects[type.storageName]?[key] != nil
            state.objects[type.storageName, default: [:]][key] = stored
            let event = WatchEvent(type: existed ? "MODIFIED" : "ADDED", object: stored, revision: state.revision)
            for watcher in (state.watchers[type.storageName] ?? [:]).values { watcher.yield(event) }
        }
    }

    /// Deletes an object and tells the watchers (DELETED).
    func remove(_ type: ResourceType, namespace: String, name: String) {
        state.withLock { state in
            guard var last = state.objects[type.storageName]?.removeValue(forKey: "\(namespace)/\(name)") else { return }
            state.revision += 1
            last.resourceVersion = state.revision
            let event = WatchEvent(type: "DELETED", object: last, revision: state.revision)
            for watcher in (state.watchers[type.storageName] ?? [:]).values { watcher.yield(event) }
        }
    }

    func watch(_ type: ResourceType, namespace: String?, fromRevision: Int64) async throws -> AsyncThrowingStream<WatchEvent, any Error> {
        let (stream, continuation) = AsyncThrowingStream<WatchEvent, any Error>.makeStream()
        let resource = type.storageName
        let id = state.withLock { state in
            // Replay and register under one lock, so no change falls between the two.
            for object in (state.objects[resource] ?? [:]).values.sorted(by: { ($0.name ?? "") < ($1.name ?? "") })
            where namespace == nil || object.namespace == namespace {
                continuation.yield(WatchEvent(type: "ADDED", object: object, revision: state.revision))
            }
            state.nextWatcher += 1
            state.watchers[resource, default: [:]][state.nextWatcher] = continuation
            return state.nextWatcher
        }
        continuation.onTermination = { [weak self] _ in
            self?.state.withLock { _ = $0.watchers[resource]?.removeValue(forKey: id) }
        }
        return stream
    }

    func get(_ type: ResourceType, namespace: String, name: String) async throws -> JSONValue {
        guard let object = state.withLock({ $0.objects[type.storageName]?["\(namespace)/\(name)"] }) else {
            throw APIError.notFound(type, name)
        }
        return object
    }

    func list(_ type: ResourceType, namespace: String?, labelSelector: [String: String]) async throws -> (items: [JSONValue], resourceVersion: Int64) {
        state.withLock { state in
            (Array((state.objects[type.storageName] ?? [:]).values), state.revision)
        }
    }

    func create(_ type: ResourceType, namespace: String, object: JSONValue) async throws -> JSONValue {
        put(type, object)
        return object
    }

    func update(_ type: ResourceType, namespace: String, object: JSONValue) async throws -> JSONValue {
        put(type, object)
        return object
    }

    func updateStatus(_ type: ResourceType, namespace: String, object: JSONValue) async throws -> JSONValue {
        put(type, object)
        return object
    }

    func delete(_ type: ResourceType, namespace: String, name: String) async throws -> JSONValue {
        let object = try await get(type, namespace: namespace, name: name)
        remove(type, namespace: namespace, name: name)
        return object
    }

    func bind(podNamespace: String, podName: String, nodeName: String) async throws {}
}

/// Service and EndpointSlice objects as the API serves them.
enum DNSFixtures {
    /// A ClusterIP service with named ports.
    static func service(
        _ name: String, namespace: String = "default", clusterIP: String,
        ports: [(name: String?, port: Int, proto: String)] = [("http", 80, "TCP")]
    ) -> JSONValue {
        [
            "apiVersion": "v1", "kind": "Service",
            "metadata": ["name": .string(name), "namespace": .string(namespace)],
            "spec": [
                "type": "ClusterIP",
                "clusterIP": .string(clusterIP),
                "clusterIPs": [.string(clusterIP)],
                "ports": .array(ports.map { port in
                    var entry: JSONValue = ["port": .int(Int64(port.port)), "protocol": .string(port.proto)]
                    if let name = port.name { entry["name"] = .string(name) }
                    return entry
                }),
            ],
        ]
    }

    /// A headless service (`clusterIP: None`).
    static func headless(_ name: String, namespace: String = "default", port: String = "pg", number: Int = 5432) -> JSONValue {
        [
            "apiVersion": "v1", "kind": "Service",
            "metadata": ["name": .string(name), "namespace": .string(namespace)],
            "spec": [
                "clusterIP": "None", "clusterIPs": ["None"],
                "ports": [["name": .string(port), "port": .int(Int64(number)), "protocol": "TCP"]],
            ],
        ]
    }

    /// An ExternalName service.
    static func externalName(_ name: String, target: String, namespace: String = "default") -> JSONValue {
        [
            "apiVersion": "v1", "kind": "Service",
            "metadata": ["name": .string(name), "namespace": .string(namespace)],
            "spec": ["type": "ExternalName", "externalName": .string(target)],
        ]
    }

    /// The EndpointSlice of Service `name` (named `<name>-<slice>`, labelled with
    /// `kubernetes.io/service-name`), as the EndpointSlice controller writes it: the ready
    /// addresses with `conditions.ready: true`, the not-ready ones with `ready: false`.
    static func endpoints(
        _ name: String, namespace: String = "default",
        ready: [(ip: String, hostname: String?)], notReady: [String] = [],
        port: String = "pg", number: Int = 5432, slice: String = "abcde", addressType: String = "IPv4"
    ) -> JSONValue {
        let endpoints: [JSONValue] = ready.map { address in
            var entry: JSONValue = ["addresses": [.string(address.ip)], "conditions": ["ready": true, "serving": true, "terminating": false]]
            if let hostname = address.hostname { entry["hostname"] = .string(hostname) }
            return entry
        } + notReady.map { ["addresses": [.string($0)], "conditions": ["ready": false, "serving": false, "terminating": false]] }
        return [
            "apiVersion": "discovery.k8s.io/v1", "kind": "EndpointSlice",
            "metadata": [
                "name": .string("\(name)-\(slice)"), "namespace": .string(namespace),
                "labels": ["kubernetes.io/service-name": .string(name), "endpointslice.kubernetes.io/managed-by": "endpointslice-controller.k8s.io"],
            ],
            "addressType": .string(addressType),
            "endpoints": .array(endpoints),
            "ports": [["name": .string(port), "port": .int(Int64(number)), "protocol": "TCP"]],
        ]
    }
}
