import Logging
import Synchronization

/// Lists and watches one resource type through an `ObjectClient`, keeps an in-memory cache of
/// the objects, and tells its handlers about every change, like a client-go shared informer.
///
/// `run()` lists, then watches from the list's revision; when the watch ends it resumes from
/// the last revision seen, and when that fails (e.g. 410 Gone after compaction) it relists and
/// reports the difference to its handlers. Reads of the cache never block on the network.
public final class Informer: Sendable {
    private struct State {
        var objects: [String: [String: JSONValue]] = [:]
        var handlers: [InformerHandler] = []
        var revision: Int64 = 0
        var listed = false
        /// Index functions by index name, and each index's keys to the objects filed under them.
        var indexers: [String: InformerIndexer] = [:]
        var indices: [String: [String: Set<ObjectKey>]] = [:]

        mutating func file(_ object: JSONValue, key: ObjectKey) {
            for (name, indexer) in indexers {
                for value in indexer(object) { indices[name, default: [:]][value, default: []].insert(key) }
            }
        }

        mutating func unfile(_ object: JSONValue, key: ObjectKey) {
            for (name, indexer) in indexers {
                for value in indexer(object) {
                    indices[name]?[value]?.remove(key)
                    if indices[name]?[value]?.isEmpty == true { indices[name]?[value] = nil }
                }
            }
        }

        mutating func reindex() {
            indices = [:]
            for (namespace, byName) in objects {
                for (name, object) in byName { file(object, key: ObjectKey(namespace: namespace, name: name)) }
            }
        }
    }

    /// The resource type this informer follows.
    public let type: ResourceType
    /// The namespace it is limited to (nil: all namespaces).
    public let namespace: String?
    private let client: any ObjectClient
    private let logger: Logger
    private let state = Mutex(State())
    private let synced = Latch()

    /// Creates an informer; nothing happens until `run()`.
    public init(client: any ObjectClient, type: ResourceType, namespace: String? = nil, logger: Logger) {
        self.client = client
        self.type = type
        self.namespace = namespace
        var logger = logger
        logger[metadataKey: "informer"] = "\(type.storageName)"
        self.logger = logger
    }

    // MARK: Handlers

    /// Registers a handler. When the informer has already synced, the handler first receives
    /// every cached object as `.added`.
    public func addHandler(_ handler: @escaping InformerHandler) {
        let replay = state.withLock { state -> [JSONValue] in
            state.handlers.append(handler)
            return state.listed ? state.objects.values.flatMap(\.values) : []
        }
        for object in replay { handler(.added(object)) }
    }

    // MARK: Cache reads

    /// Whether the first list has been loaded into the cache.
    public var hasSynced: Bool { synced.isOpen }

    /// Waits until the first list has been loaded (returns early when the task is cancelled).
    public func waitUntilSynced() async { await synced.wait() }

    /// The revision of the last list or watch event applied to the cache.
    public var lastRevision: Int64 { state.withLock { $0.revision } }

    /// The cached object `namespace/name`.
    public func get(namespace: String, name: String) -> JSONValue? {
        state.withLock { $0.objects[namespace]?[name] }
    }

    /// The cached object with this key.
    public func get(_ key: ObjectKey) -> JSONValue? { get(namespace: key.namespace, name: key.name) }

    /// The cached objects of a namespace, or of all namespaces when nil.
    public func list(namespace: String? = nil) -> [JSONValue] {
        state.withLock { state in
            if let namespace { return state.objects[namespace].map { Array($0.values) } ?? [] }
            return state.objects.values.flatMap(\.values)
        }
    }

    /// Adds an index, as client-go's indexers: `indexer` names the index values an object is
    /// filed under, and `byIndex` returns the cached objects filed under one value without
    /// scanning the cache. Adding an index that exists already does nothing.
    public func addIndex(_ name: String, _ indexer: @escaping InformerIndexer) {
        state.withLock { state in
            guard state.indexers[name] == nil else { return }
            state.indexers[name] = indexer
            state.reindex()
        }
    }

    /// The cached objects the index `name` files under `value` (none for an unknown index).
    public func byIndex(_ name: String, _ value: String) -> [JSONValue] {
        state.withLock { state in
            (state.indices[name]?[value] ?? []).compactMap { state.objects[$0.namespace]?[$0.name] }
        }
    }

    /// The keys of every cached object.
    public func keys() -> [ObjectKey] {
        state.withLock { state in
            state.objects.flatMap { namespace, byName in byName.keys.map { ObjectKey(namespace: namespace, name: $0) } }
        }
    }

    /// The number of cached objects.
    public var count: Int { state.withLock { $0.objects.values.reduce(0) { $0 + $1.count } } }

    // MARK: Running

    /// Lists and watches until the calling task is cancelled.
    public func run() async {
        var failures = 0
        while !Task.isCancelled {
            do {
                let list = try await client.list(type, namespace: namespace, labelSelector: [:])
                replace(with: list.items, revision: list.resourceVersion)
                failures = 0
                try await watch(from: list.resourceVersion)
            } catch {
                if Task.isCancelled { return }
                failures += 1
                let delay = Self.retryDelay(failures: failures)
                logger.debug("list/watch failed, relisting", metadata: ["error": "\(error)", "retryIn": "\(delay)"])
                try? await Task.sleep(for: delay)
            }
        }
    }

    /// Follows watches from `revision`, resuming after each normal end; throws to make the
    /// caller relist.
    private func watch(from revision: Int64) async throws {
        var last = revision
        var quietEnds = 0
        while !Task.isCancelled {
            let stream = try await client.watch(type, namespace: namespace, fromRevision: last)
            var delivered = false
            for try await event in stream {
                apply(event)
                last = max(last, event.revision)
                delivered = true
            }
            // The stream ended without an error: resume from where it stopped. A watch that
            // keeps ending at once is backed off so a closing server does not spin us.
            quietEnds = delivered ? 0 : quietEnds + 1
            if quietEnds > 0 { try await Task.sleep(for: Self.retryDelay(failures: quietEnds)) }
        }
    }

    private static func retryDelay(failures: Int) -> Duration {
        let milliseconds = min(5_000, 20 << min(failures, 10))
        return .milliseconds(milliseconds)
    }

    /// Applies one watch event to the cache and dispatches it.
    private func apply(_ event: WatchEvent) {
        let object = event.object
        let namespace = object.namespace ?? ""
        guard let name = object.name else {
            state.withLock { $0.revision = max($0.revision, event.revision) }
            return
        }
        let result = state.withLock { state -> (InformerEvent?, [InformerHandler]) in
            state.revision = max(state.revision, event.revision)
            let old = state.objects[namespace]?[name]
            let key = ObjectKey(namespace: namespace, name: name)
            switch event.type {
            case "ADDED", "MODIFIED":
                if let old, !state.indexers.isEmpty { state.unfile(old, key: key) }
                state.objects[namespace, default: [:]][name] = object
                if !state.indexers.isEmpty { state.file(object, key: key) }
                if let old { return (.updated(old: old, new: object), state.handlers) }
                return (.added(object), state.handlers)
            case "DELETED":
                if let old, !state.indexers.isEmpty { state.unfile(old, key: key) }
                state.objects[namespace]?[name] = nil
                if state.objects[namespace]?.isEmpty == true { state.objects[namespace] = nil }
                return (.deleted(object), state.handlers)
            default:
                return (nil, [])
            }
        }
        if let informerEvent = result.0 {
            for handler in result.1 { handler(informerEvent) }
        }
    }

    /// Replaces the cache with a full list and dispatches the difference.
    private func replace(with items: [JSONValue], revision: Int64) {
        let (events, handlers) = state.withLock { state -> ([InformerEvent], [InformerHandler]) in
            var fresh: [String: [String: JSONValue]] = [:]
            var events: [InformerEvent] = []
            for object in items {
                guard let name = object.name else { continue }
                let namespace = object.namespace ?? ""
                fresh[namespace, default: [:]][name] = object
                if let old = state.objects[namespace]?[name] {
                    if old != object { events.append(.updated(old: old, new: object)) }
                } else {
                    events.append(.added(object))
                }
            }
            for (namespace, byName) in state.objects {
                for (name, object) in byName where fresh[namespace]?[name] == nil {
                    events.append(.deleted(object))
                }
            }
            state.objects = fresh
            if !state.indexers.isEmpty { state.reindex() }
            state.revision = revision
            state.listed = true
            return (events, state.handlers)
        }
        for event in events {
            for handler in handlers { handler(event) }
        }
        synced.open()
    }
}
