import Foundation
import Synchronization

/// The kernel's revisioned, watchable object store.
///
/// Every write takes the next global revision, which becomes the object's
/// `metadata.resourceVersion`. Writes are serialized under one lock that also orders the events
/// published on `bus` and the registration of watches, so a watch sees every change after its
/// starting revision exactly once, in order. Revisions and the in-memory caches sit behind a
/// second lock held only for a moment, so reads served from memory never wait for a write's
/// trip to the backend.
public final class Store: Sendable {
    private struct State {
        var current: Int64
        var compacted: Int64
        var closed = false
        /// The latest state of recently written or read keys (at most `latestCapacity`), so a
        /// read-modify-write such as a binding does not read and decode the object back from
        /// the backend. Kept exact: every write replaces or drops its key once the backend holds it.
        var latest: [StoreKey: StoredObject] = [:]
        /// The keys in the order they entered `latest` (a ring: the oldest leaves first).
        var latestOrder: [StoreKey] = []
        var latestNext = 0
        /// The revision of the last write to each resource since the store opened.
        var lastWrite: [String: Int64] = [:]
        /// Small lists (at most `listCacheLimit` items) by resource and namespace, with the
        /// revision they were read at; valid while their resource has no later write.
        var lists: [ListCacheKey: (items: [StoredObject], revision: Int64)] = [:]

        mutating func remember(_ object: StoredObject) {
            if latest[object.key] == nil {
                if latestOrder.count < Store.latestCapacity {
                    latestOrder.append(object.key)
                } else {
                    latest[latestOrder[latestNext]] = nil
                    latestOrder[latestNext] = object.key
                    latestNext = (latestNext + 1) % Store.latestCapacity
                }
            }
            latest[object.key] = object
        }
    }

    /// What a cached list is kept under.
    private struct ListCacheKey: Hashable {
        var resource: String
        var namespace: String?
    }

    /// The most items a list may have to be kept in memory (PriorityClasses, namespaces, ...).
    static let listCacheLimit = 64

    /// How many keys' latest states the store keeps in memory.
    static let latestCapacity = 8192

    /// How many times `guaranteedUpdate` tries before giving up on a conflict. Kubernetes
    /// retries without a bound; this bound only stops a livelock, and the random back-off after
    /// the first few conflicts keeps one writer from losing every race to the others.
    public static let maxUpdateAttempts = 256

    /// Where objects and history are kept.
    public let backend: any StorageBackend
    /// Where committed changes are published, in revision order.
    public let bus: EventBus
    /// Revisions, caches and the closed flag (short critical sections; taken inside `writes`).
    private let state: Mutex<State>
    /// Serializes writes, compaction and watch registration (taken before `state`, never after).
    private let writes = Mutex<Void>(())
    private let durability: StoreDurability

    /// Opens a store over `backend`, publishing changes on `bus`.
    public init(backend: any StorageBackend, bus: EventBus = EventBus()) throws {
        let revisions = try backend.revisions()
        self.backend = backend
        self.bus = bus
        self.state = Mutex(State(current: revisions.current, compacted: revisions.compacted))
        self.durability = StoreDurability(backend: backend, durable: revisions.current)
    }

    /// Returns once every change committed so far is durable. Writers call it before they
    /// acknowledge a write; concurrent callers share one sync of the backend (group commit).
    /// Watchers may see a change before it is durable: the SQLite backend batches changes and
    /// commits them to its log at the latest within a few milliseconds, so a change not yet
    /// acknowledged can be lost with the process, as it can with power.
    public func waitUntilDurable() async throws {
        try await durability.wait(for: currentRevision) { [weak self] in self?.currentRevision ?? 0 }
    }

    /// The revision of the latest committed change (0 for an empty store).
    public var currentRevision: Int64 { state.withLock { $0.current } }

    /// The oldest revision still readable; history before it was compacted away (0: none).
    public var compactedRevision: Int64 { state.withLock { $0.compacted } }

    /// The object under `key` now, or as of `atRevision` (nil or 0: now). Nil when absent.
    /// Throws `.compacted` or `.futureRevision` for a revision out of range.
    public func get(_ key: StoreKey, atRevision: Int64? = nil) throws -> StoredObject? {
        if let atRevision, atRevision != 0 {
            try checkOpen()
            return try backend.get(key, atRevision: atRevision)
        }
        let (cached, revision) = try state.withLock { state in
            guard !state.closed else { throw StoreError.backend("the store is closed") }
            return (state.latest[key], state.current)
        }
        if let cached { return cached }
        let read = try backend.get(key, atRevision: nil)
        // Kept only when no write committed meanwhile (it could have been this key).
        if let read { state.withLock { if $0.current == revision { $0.remember(read) } } }
        return read
    }

    /// The objects of `resource` in `namespace` (nil: every namespace) ordered by namespace and
    /// name, now or as of `atRevision` (nil or 0: now), with the revision the list reflects.
    /// Small lists read now are kept until their resource is written again.
    public func list(resource: String, namespace: String?, atRevision: Int64? = nil) throws -> (items: [StoredObject], revision: Int64) {
        if let atRevision, atRevision != 0 {
            try checkOpen()
            return try backend.list(resource: resource, namespace: namespace, atRevision: atRevision)
        }
        let key = ListCacheKey(resource: resource, namespace: namespace)
        let cached: (items: [StoredObject], revision: Int64)? = try state.withLock { state in
            guard !state.closed else { throw StoreError.backend("the store is closed") }
            guard let list = state.lists[key], state.lastWrite[resource, default: 0] <= list.revision else { return nil }
            // Nothing of the resource changed since: the items are also the state now (or of a
            // write the backend already holds and `current` is about to show).
            return (list.items, max(list.revision, state.current))
        }
        if let cached { return cached }
        let read = try backend.list(resource: resource, namespace: namespace, atRevision: nil)
        if read.items.count <= Self.listCacheLimit {
            state.withLock { state in
                if state.lastWrite[resource, default: 0] <= read.revision { state.lists[key] = read }
            }
        }
        return read
    }

    /// The objects of a list inside `window`: at most `window.limit` after a position, in
    /// namespace/name order, now or as of `atRevision`. A paged LIST reads one page this way.
    public func list(resource: String, namespace: String?, atRevision: Int64? = nil, window: ListWindow) throws -> ListedWindow {
        try checkOpen()
        return try backend.list(resource: resource, namespace: namespace, atRevision: atRevision, window: window)
    }

    /// Creates an object; throws `.alreadyExists` when the key is taken. Sets
    /// `metadata.resourceVersion` to the new revision.
    @discardableResult
    public func create(_ key: StoreKey, object: JSONValue) throws -> StoredObject {
        try write { revision in
            var object = object
            object.resourceVersion = revision
            return StoreChange(kind: .added, key: key, object: object, revision: revision, precondition: .mustNotExist)
        }
    }

    /// Replaces an object. With `expectedRevision`, fails with `.conflict` (writing nothing) when
    /// the object's latest change is another revision; nil writes unconditionally. Throws
    /// `.notFound` when there is no object.
    @discardableResult
    public func update(_ key: StoreKey, object: JSONValue, expectedRevision: Int64?) throws -> StoredObject {
        try write { revision in
            var object = object
            object.resourceVersion = revision
            return StoreChange(kind: .modified, key: key, object: object, revision: revision, precondition: .mustExist(modRevision: expectedRevision))
        }
    }

    /// Deletes an object and returns its last state, whose resourceVersion is the deletion's
    /// revision. Throws `.notFound`, or `.conflict` when `expectedRevision` is stale.
    @discardableResult
    public func delete(_ key: StoreKey, expectedRevision: Int64? = nil) throws -> StoredObject {
        try write { revision in
            guard let existing = try backend.get(key, atRevision: nil) else { throw StoreError.notFound(key) }
            if let expectedRevision, expectedRevision != existing.modRevision {
                throw StoreError.conflict(key, expected: expectedRevision, actual: existing.modRevision)
            }
            var object = existing.object
            object.resourceVersion = revision
            return StoreChange(kind: .deleted, key: key, object: object, revision: revision, precondition: .mustExist(modRevision: existing.modRevision))
        }
    }

    /// Reads the object, applies `transform` and writes the result conditioned on the revision
    /// read, starting over when another write got in between (at most `maxUpdateAttempts` times,
    /// then the conflict is thrown). `transform` runs without any lock held and may run more
    /// than once; its errors are rethrown. When it returns the object unchanged nothing is
    /// written and the current state is returned. Throws `.notFound` when there is no object.
    @discardableResult
    public func guaranteedUpdate(_ key: StoreKey, _ transform: (JSONValue) throws -> JSONValue) throws -> StoredObject {
        var attempt = 0
        while true {
            attempt += 1
            guard let current = try get(key) else { throw StoreError.notFound(key) }
            var updated = try transform(current.object)
            updated.resourceVersion = current.modRevision
            if updated == current.object { return current }
            do {
                return try update(key, object: updated, expectedRevision: current.modRevision)
            } catch let error as StoreError {
                guard case .conflict = error, attempt < Self.maxUpdateAttempts else { throw error }
                if attempt > 4 { usleep(UInt32.random(in: 50...(200 * UInt32(min(attempt, 20))))) }
            }
        }
    }

    /// Watches `resource` in `namespace` (nil: every resource / namespace): first every retained
    /// change after `fromRevision`, then live changes, with no gap and no duplicate.
    /// `fromRevision` 0 (or less) means from now (list first to get the current state); the
    /// watch's `fromRevision` then tells which revision "now" was. Throws `.compacted`
    /// when `fromRevision` is older than the compaction point and `.futureRevision` when it is
    /// newer than the current revision.
    public func watch(resource: String?, namespace: String?, fromRevision: Int64) throws -> StoreWatch {
        let filter = EventFilter(resource: resource, namespace: namespace)
        return try writes.withLock { _ in
            let (current, compacted) = try revisionsIfOpen()
            let replay: [StoreEvent]
            if fromRevision <= 0 {
                replay = []
            } else {
                if fromRevision < compacted { throw StoreError.compacted(requested: fromRevision, compacted: compacted) }
                if fromRevision > current { throw StoreError.futureRevision(requested: fromRevision, current: current) }
                replay = try backend.changes(after: fromRevision, filter: filter)
            }
            // Registering under the write lock: no change can be published between the replay
            // read above and the subscription.
            let subscription = bus.subscribe(filter: filter, replaying: replay)
            return StoreWatch(fromRevision: fromRevision <= 0 ? current : fromRevision, subscription: subscription)
        }
    }

    /// Drops history before `revision`: reads and watches at older revisions then throw
    /// `.compacted`. Compacting at or below the current compaction point does nothing; above the
    /// current revision throws `.futureRevision`.
    public func compact(before revision: Int64) throws {
        try writes.withLock { _ in
            let (current, compacted) = try revisionsIfOpen()
            guard revision > compacted else { return }
            if revision > current { throw StoreError.futureRevision(requested: revision, current: current) }
            try backend.compact(before: revision)
            state.withLock { $0.compacted = revision }
        }
    }

    /// Closes the store: ends every watch and every subscription of `bus`, and closes the
    /// backend. Later calls throw `.backend`. Idempotent.
    public func close() {
        let wasOpen = state.withLock { state in
            defer { state.closed = true }
            return !state.closed
        }
        guard wasOpen else { return }
        bus.close()
        // Take the write lock so that no write is in flight while the backend closes.
        writes.withLock { _ in backend.close() }
    }

    /// Whether `close()` was called.
    public var isClosed: Bool { state.withLock { $0.closed } }

    private func checkOpen() throws {
        if state.withLock({ $0.closed }) { throw StoreError.backend("the store is closed") }
    }

    /// Commits one change at the next revision under the write lock and publishes it.
    private func write(_ prepare: (Int64) throws -> StoreChange) throws -> StoredObject {
        try writes.withLock { _ in
            // Only writers move `current`, so it stays put while this one holds `writes`.
            let change = try prepare(try revisionsIfOpen().current + 1)
            let stored = try backend.apply(change)
            state.withLock { state in
                state.current = change.revision
                if change.kind == .deleted { state.latest[change.key] = nil } else { state.remember(stored) }
                state.lastWrite[change.key.resource] = change.revision
            }
            bus.publish(change.event)
            return stored
        }
    }

    /// The current and compacted revisions; throws when the store is closed.
    private func revisionsIfOpen() throws -> (current: Int64, compacted: Int64) {
        try state.withLock { state in
            guard !state.closed else { throw StoreError.backend("the store is closed") }
            return (state.current, state.compacted)
        }
    }
}
