import Synchronization

/// A backend held in memory, for tests: the same semantics as `SQLiteBackend`, nothing durable.
public final class MemoryBackend: StorageBackend {
    /// One entry of the change log.
    private struct Entry {
        let kind: StoreEvent.Kind
        let key: StoreKey
        let object: JSONValue
        let createRevision: Int64
        let revision: Int64

        var stored: StoredObject { StoredObject(key: key, object: object, createRevision: createRevision, modRevision: revision) }
        var event: StoreEvent { StoreEvent(kind: kind, key: key, object: object, revision: revision) }
    }

    private struct State {
        var current: Int64 = 0
        var compacted: Int64 = 0
        var closed = false
        /// Live objects by resource, then key: the latest entry of each.
        var live: [String: [StoreKey: Entry]] = [:]
        /// Retained history by resource, then key, in revision order.
        var histories: [String: [StoreKey: [Entry]]] = [:]
        /// Retained history in revision order.
        var log: [Entry] = []

        func checkOpen() throws {
            if closed { throw StoreError.backend("the in-memory store is closed") }
        }

        /// Throws unless `revision` can be read.
        func checkReadable(_ revision: Int64) throws {
            if revision < compacted { throw StoreError.compacted(requested: revision, compacted: compacted) }
            if revision > current { throw StoreError.futureRevision(requested: revision, current: current) }
        }
    }

    private let state = Mutex(State())

    /// Creates an empty store.
    public init() {}

    /// The latest committed revision and the compaction point.
    public func revisions() throws -> (current: Int64, compacted: Int64) {
        try state.withLock { state in
            try state.checkOpen()
            return (state.current, state.compacted)
        }
    }

    /// The object under `key` now or as of `revision`.
    public func get(_ key: StoreKey, atRevision revision: Int64?) throws -> StoredObject? {
        try state.withLock { state in
            try state.checkOpen()
            guard let revision, revision > 0, revision != state.current else {
                return state.live[key.resource]?[key]?.stored
            }
            try state.checkReadable(revision)
            return Self.entry(in: state.histories[key.resource]?[key] ?? [], atRevision: revision)?.stored
        }
    }

    /// The objects of a resource, now or as of `revision`, with the revision listed.
    public func list(resource: String, namespace: String?, atRevision revision: Int64?) throws -> (items: [StoredObject], revision: Int64) {
        try state.withLock { state in
            try state.checkOpen()
            var items: [StoredObject]
            let at: Int64
            if let revision, revision > 0, revision != state.current {
                try state.checkReadable(revision)
                at = revision
                items = []
                for (key, history) in state.histories[resource] ?? [:] where namespace == nil || key.namespace == namespace {
                    if let entry = Self.entry(in: history, atRevision: revision) { items.append(entry.stored) }
                }
            } else {
                at = state.current
                items = (state.live[resource] ?? [:]).values
                    .filter { namespace == nil || $0.key.namespace == namespace }
                    .map(\.stored)
            }
            items.sort { ($0.key.namespace, $0.key.name) < ($1.key.namespace, $1.key.name) }
            return (items, at)
        }
    }

    /// Persists one change after checking its precondition, atomically.
    public func apply(_ change: StoreChange) throws -> StoredObject {
        try state.withLock { state in
            try state.checkOpen()
            guard change.revision == state.current + 1 else {
                throw StoreError.backend("change at revision \(change.revision) does not follow the current revision \(state.current)")
            }
            let existing = state.live[change.key.resource]?[change.key]
            switch change.precondition {
            case .mustNotExist:
                if existing != nil { throw StoreError.alreadyExists(change.key) }
            case .mustExist(let expected):
                guard let existing else { throw StoreError.notFound(change.key) }
                if let expected, expected != existing.revision {
                    throw StoreError.conflict(change.key, expected: expected, actual: existing.revision)
                }
            }
            let entry = Entry(
                kind: change.kind, key: change.key, object: change.object,
                createRevision: existing?.createRevision ?? change.revision, revision: change.revision)
            if change.kind == .deleted {
                state.live[change.key.resource]?[change.key] = nil
            } else {
                state.live[change.key.resource, default: [:]][change.key] = entry
            }
            state.histories[change.key.resource, default: [:]][change.key, default: []].append(entry)
            state.log.append(entry)
            state.current = change.revision
            return entry.stored
        }
    }

    /// The retained changes after `revision` that pass `filter`, in order.
    public func changes(after revision: Int64, filter: EventFilter) throws -> [StoreEvent] {
        try state.withLock { state in
            try state.checkOpen()
            try state.checkReadable(revision)
            // Binary search for the first entry above `revision`.
            var low = 0
            var high = state.log.count
            while low < high {
                let mid = (low + high) / 2
                if state.log[mid].revision <= revision { low = mid + 1 } else { high = mid }
            }
            return state.log[low...].lazy.filter { filter.matches($0.key) }.map(\.event)
        }
    }

    /// Drops history that reads at `revision` or later no longer need.
    public func compact(before revision: Int64) throws {
        try state.withLock { state in
            try state.checkOpen()
            if revision > state.current { throw StoreError.futureRevision(requested: revision, current: state.current) }
            guard revision > state.compacted else { return }
            var histories: [String: [StoreKey: [Entry]]] = [:]
            var kept = Set<Int64>()
            for (resource, byKey) in state.histories {
                for (key, history) in byKey {
                    // Keep the state as of `revision` (the last entry at or below it, unless it is
                    // a deletion older than `revision`) and everything after it.
                    var start = history.lastIndex { $0.revision <= revision } ?? 0
                    if history[start].revision < revision, history[start].kind == .deleted { start += 1 }
                    let retained = Array(history[start...])
                    guard !retained.isEmpty else { continue }
                    histories[resource, default: [:]][key] = retained
                    for entry in retained where entry.revision < revision { kept.insert(entry.revision) }
                }
            }
            state.histories = histories
            state.log.removeAll { $0.revision < revision && !kept.contains($0.revision) }
            state.compacted = revision
        }
    }

    /// Releases the storage; later calls throw `.backend`.
    public func close() {
        state.withLock { state in
            state.closed = true
            state.live = [:]
            state.histories = [:]
            state.log = []
        }
    }

    /// The latest entry at or below `revision`, unless it is a deletion.
    private static func entry(in history: [Entry], atRevision revision: Int64) -> Entry? {
        guard let entry = history.last(where: { $0.revision <= revision }), entry.kind != .deleted else { return nil }
        return entry
    }
}
