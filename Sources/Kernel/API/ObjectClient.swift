/// One change seen by a watch, as Kubernetes' watch event.
public struct WatchEvent: Sendable {
    /// "ADDED", "MODIFIED", "DELETED" (and "BOOKMARK" at the API).
    public let type: String
    /// The object after the change (for DELETED: its last state, with the deletion's resourceVersion).
    public let object: JSONValue
    /// The store revision of the change.
    public let revision: Int64

    /// Creates an event.
    public init(type: String, object: JSONValue, revision: Int64) {
        self.type = type
        self.object = object
        self.revision = revision
    }

    /// The Kubernetes watch JSON, {"type":"ADDED","object":{...}}.
    public var json: JSONValue { ["type": .string(type), "object": object] }
}

/// The API as in-process components use it: controllers, kubelets, the scheduler host and the
/// plugin host all write through this, so their writes get the same admission (defaults,
/// validation, allocation) as a `kubectl` request. The API server provides the implementation.
/// Every method throws `APIError`.
public protocol ObjectClient: Sendable {
    /// Creates an object (metadata.namespace is set from `namespace` for namespaced kinds).
    func create(_ type: ResourceType, namespace: String, object: JSONValue) async throws -> JSONValue
    /// Reads one object.
    func get(_ type: ResourceType, namespace: String, name: String) async throws -> JSONValue
    /// Lists objects (all namespaces when `namespace` is nil) matching an equality label selector,
    /// with the list's resourceVersion.
    func list(_ type: ResourceType, namespace: String?, labelSelector: [String: String]) async throws -> (items: [JSONValue], resourceVersion: Int64)
    /// Replaces an object's spec and metadata; fails with 409 Conflict when its
    /// metadata.resourceVersion is stale (no resourceVersion: unconditional).
    func update(_ type: ResourceType, namespace: String, object: JSONValue) async throws -> JSONValue
    /// Replaces an object's status (the status subresource).
    func updateStatus(_ type: ResourceType, namespace: String, object: JSONValue) async throws -> JSONValue
    /// Deletes an object and returns its last state.
    func delete(_ type: ResourceType, namespace: String, name: String) async throws -> JSONValue
    /// Watches changes after `fromRevision` (0: the current state as ADDED events, then changes).
    /// Ends with `APIError.gone` when `fromRevision` was compacted away.
    func watch(_ type: ResourceType, namespace: String?, fromRevision: Int64) async throws -> AsyncThrowingStream<WatchEvent, any Error>
    /// Binds a pod to a node (the pods/binding subresource).
    func bind(podNamespace: String, podName: String, nodeName: String) async throws
}
