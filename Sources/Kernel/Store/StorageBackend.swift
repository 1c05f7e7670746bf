/// What a write requires of the object's current state; a backend checks it atomically with
/// the write.
public enum StorePrecondition: Sendable, Hashable {
    /// No object may exist under the key (create); otherwise `.alreadyExists`.
    case mustNotExist
    /// An object must exist (`.notFound` otherwise) and, when `modRevision` is given, its latest
    /// change must be that revision (`.conflict` otherwise).
    case mustExist(modRevision: Int64?)
}

/// One write, fully prepared by the `Store`: the backend persists it at `revision`, which is
/// always the backend's current revision + 1.
public struct StoreChange: Sendable, Hashable {
    /// Added, modified or deleted.
    public let kind: StoreEvent.Kind
    /// The object written.
    public let key: StoreKey
    /// The new state; for a deletion, the last state. `metadata.resourceVersion` is already
    /// `String(revision)`.
    public let object: JSONValue
    /// The revision of the change.
    public let revision: Int64
    /// What the current state must be for the write to apply.
    public let precondition: StorePrecondition

    /// Describes a change.
    public init(kind: StoreEvent.Kind, key: StoreKey, object: JSONValue, revision: Int64, precondition: StorePrecondition) {
        self.kind = kind
        self.key = key
        self.object = object
        self.revision = revision
        self.precondition = precondition
    }

    /// The change as the event watchers see.
    public var event: StoreEvent { StoreEvent(kind: kind, key: key, object: object, revision: revision) }
}

/// Storage for the `Store`: current objects plus a log of every change by revision.
///
/// The `Store` serializes writes; a backend must nevertheless check each change's precondition
/// and revision atomically with persisting it, and it must answer reads from any thread.
/// Semantics every backend shares (checked by the conformance suite):
/// - reads at revision R (compacted <= R <= current) see the state right after R's change;
/// - a revision below the compacted one throws `.compacted`, above the current one `.futureRevision`;
/// - `compact(before: C)` drops history a read at a revision >= C no longer needs;
/// - `close()` ends use; later calls throw `.backend`.
public protocol StorageBackend: Sendable {
    /// The latest committed revision (0 for an empty store) and the compaction point (0: none).
    func revisions() throws -> (current: Int64, compacted: Int64)

    /// The object under `key` now (`revision` nil) or as of `revision`; nil when absent then.
    func get(_ key: StoreKey, atRevision revision: Int64?) throws -> StoredObject?

    /// The objects of `resource` in `namespace` (nil: all namespaces), ordered by namespace then
    /// name, now (`revision` nil) or as of `revision`, with the revision the list reflects.
    func list(resource: String, namespace: String?, atRevision revision: Int64?) throws -> (items: [StoredObject], revision: Int64)

    /// The objects of a list inside `window` (after a position, at most a limit), with the same
    /// ordering and revision rules as the full list. `more` is false only when the list ended
    /// inside the window.
    func list(resource: String, namespace: String?, atRevision revision: Int64?, window: ListWindow) throws -> ListedWindow

    /// Persists `change` (durably once `flush` returns, or at once when `defersDurability` is
    /// false), or throws without writing anything: `.alreadyExists`, `.notFound` or `.conflict`
    /// when the precondition fails, `.backend` when `change.revision` is not current + 1 or
    /// storage fails. Returns the object as stored (for a deletion, the last state).
    func apply(_ change: StoreChange) throws -> StoredObject

    /// Whether applied changes become durable only at the next `flush` (group commit: one sync
    /// for every write since the last). False: `apply` is durable by itself, or nothing is.
    var defersDurability: Bool { get }

    /// Makes every change applied so far durable. Called from one thread at a time.
    func flush() throws

    /// Every change with a revision above `revision`, in order, restricted to `filter`.
    func changes(after revision: Int64, filter: EventFilter) throws -> [StoreEvent]

    /// Drops history below `revision` (reads and watches before it then throw `.compacted`).
    /// A revision at or below the compacted one does nothing; above the current one throws
    /// `.futureRevision`.
    func compact(before revision: Int64) throws

    /// Releases the storage. Idempotent.
    func close()
}

extension StorageBackend {
    /// By default a backend's `apply` is as durable as it gets.
    public var defersDurability: Bool { false }

    /// Nothing to do when `apply` is already durable.
    public func flush() throws {}
}
