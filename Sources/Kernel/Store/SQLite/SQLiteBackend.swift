import Foundation
import Synchronization
#if canImport(Glibc)
import Glibc
#endif

/// The default backend: one SQLite file (system libsqlite3) in WAL mode with
/// `synchronous=NORMAL`. Writes are batched as etcd batches its backend transactions: changes
/// are written into one open transaction (`SQLiteWriteBatch`), committed to the write-ahead log
/// when the store asks for durability (`flush`, which then makes every commit so far durable
/// against power loss with one `fsync` of the log, so concurrent writers share one commit and
/// one sync), when a read needs the latest state, when `SQLiteWriteBatch.limit` changes are
/// pending, or at the latest `commitDelay` after the transaction opened. A change survives the
/// process being killed once its batch is committed.
///
/// Writes go through one connection and reads through another, so reads do not wait for a
/// write's fsync. Each connection is used under its own lock.
public final class SQLiteBackend: StorageBackend {
    /// The database file.
    public let path: String
    private let writer: Mutex<SQLiteWriteBatch?>
    /// Where timed commits of the open transaction run.
    private let committer = DispatchQueue(label: "keelson.store.commit")
    /// How long a transaction stays open at most when no one asks for durability or reads.
    static let commitDelay = DispatchTimeInterval.milliseconds(10)
    private let reader: Mutex<SQLiteConnection?>
    /// The write-ahead log, opened for `flush` (-1 once closed).
    private let log: Mutex<Int32>

    /// Opens the store file at `path`, creating it (and its directory) when missing. Throws
    /// `StoreError.backend` naming the path when the file cannot be opened, is not a Keelson
    /// store or has an unknown layout.
    public init(path: String) throws {
        self.path = path
        let directory = (path as NSString).deletingLastPathComponent
        if !directory.isEmpty, !FileManager.default.fileExists(atPath: directory) {
            do {
                try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
            } catch {
                throw StoreError.backend("cannot create the directory of the store database \(path): \(error.localizedDescription)")
            }
        }
        let writer = try SQLiteConnection(path: path)
        try Self.prepare(writer)
        let reader = try SQLiteConnection(path: path)
        try reader.execute("PRAGMA query_only = ON")
        self.writer = Mutex(SQLiteWriteBatch(writer))
        self.reader = Mutex(reader)
        let logDescriptor = open(path + "-wal", O_RDWR | O_CLOEXEC)
        guard logDescriptor >= 0 else {
            throw StoreError.backend("store database \(path): cannot open its write-ahead log: \(String(cString: strerror(errno)))")
        }
        self.log = Mutex(logDescriptor)
    }

    /// Commits are durable only after `flush`.
    public var defersDurability: Bool { true }

    /// Commits the open transaction, then one `fdatasync` of the write-ahead log: every change
    /// applied so far is on disk. The sync runs outside the writer lock, so the next batch
    /// collects meanwhile.
    public func flush() throws {
        try commitPending()
        try log.withLock { descriptor in
            guard descriptor >= 0 else { throw StoreError.backend("store database \(path) is closed") }
            guard fdatasync(descriptor) == 0 else {
                throw StoreError.backend("store database \(path): syncing the write-ahead log failed: \(String(cString: strerror(errno)))")
            }
        }
    }

    /// Sets the durability pragmas and creates or checks the layout.
    private static func prepare(_ connection: SQLiteConnection) throws {
        let path = connection.path
        let mode = try connection.first("PRAGMA journal_mode = WAL") { $0.text(0) }
        guard mode?.lowercased() == "wal" else {
            throw StoreError.backend("store database \(path): cannot enable write-ahead logging (journal mode is \(mode ?? "unknown"))")
        }
        try connection.execute("PRAGMA synchronous = NORMAL")
        try connection.transaction(writing: true) {
            let application = try connection.first("PRAGMA application_id") { $0.int(0) } ?? 0
            let tables = try connection.first("SELECT count(*) FROM sqlite_schema WHERE type = 'table'") { $0.int(0) } ?? 0
            if application != SQLiteSchema.applicationID, application != 0 || tables > 0 {
                throw StoreError.backend("store database \(path): the file is an SQLite database but not a Keelson store")
            }
            try connection.execute(SQLiteSchema.create)
            let version = try connection.first(SQLiteSchema.readMeta) { $0.int(2) }
            guard version == SQLiteSchema.version else {
                throw StoreError.backend("store database \(path): unsupported layout version \(version.map(String.init) ?? "none") (this build reads \(SQLiteSchema.version))")
            }
        }
    }

    /// Runs `body` with the write batch.
    private func writing<T: Sendable>(_ body: (SQLiteWriteBatch) throws -> T) throws -> T {
        try writer.withLock { batch in
            guard let batch else { throw StoreError.backend("store database \(path) is closed") }
            return try body(batch)
        }
    }

    /// Runs `body` as one change of the open write transaction, and makes sure the transaction
    /// is committed within `commitDelay` even when no one flushes or reads.
    private func changing<T: Sendable>(_ body: (SQLiteWriteBatch) throws -> T) throws -> T {
        let (result, schedule) = try writing { batch in
            let result = try batch.change(body)
            let schedule = batch.pending > 0 && !batch.commitScheduled
            if schedule { batch.commitScheduled = true }
            return (result, schedule)
        }
        if schedule {
            committer.asyncAfter(deadline: .now() + Self.commitDelay) { [weak self] in
                guard let self else { return }
                _ = try? self.writing { batch in
                    batch.commitScheduled = false
                    try batch.commit()
                }
            }
        }
        return result
    }

    /// Commits the open write transaction, so that the read connection sees every change.
    private func commitPending() throws {
        try writing { try $0.commit() }
    }

    /// Runs `body` with the read connection, after committing pending writes (a read reflects
    /// every change the store has published).
    func reading<T: Sendable>(_ body: (SQLiteConnection) throws -> T) throws -> T {
        try commitPending()
        return try reader.withLock { connection in
            guard let connection else { throw StoreError.backend("store database \(path) is closed") }
            return try body(connection)
        }
    }

    static func meta(_ connection: SQLiteConnection) throws -> (current: Int64, compacted: Int64) {
        guard let meta = try connection.first(SQLiteSchema.readMeta, [], { ($0.int(0), $0.int(1)) }) else {
            throw StoreError.backend("store database \(connection.path): the meta row is missing")
        }
        return meta
    }

    static func checkReadable(_ revision: Int64, _ meta: (current: Int64, compacted: Int64)) throws {
        if revision < meta.compacted { throw StoreError.compacted(requested: revision, compacted: meta.compacted) }
        if revision > meta.current { throw StoreError.futureRevision(requested: revision, current: meta.current) }
    }

    static func kind(_ text: String, in connection: SQLiteConnection) throws -> StoreEvent.Kind {
        guard let kind = StoreEvent.Kind(rawValue: text) else {
            throw StoreError.backend("store database \(connection.path): unknown change kind \(text)")
        }
        return kind
    }

    static func object(_ row: SQLiteConnection.Row, _ column: Int32, in connection: SQLiteConnection) throws -> JSONValue {
        do {
            return try row.json(column)
        } catch {
            throw StoreError.backend("store database \(connection.path): unreadable object: \(error)")
        }
    }

    /// The latest committed revision and the compaction point.
    public func revisions() throws -> (current: Int64, compacted: Int64) {
        try reading { try Self.meta($0) }
    }

    /// The object under `key` now or as of `revision`.
    public func get(_ key: StoreKey, atRevision revision: Int64?) throws -> StoredObject? {
        let keyValues: [SQLiteConnection.Value] = [.text(key.resource), .text(key.namespace), .text(key.name)]
        return try reading { connection in
            try connection.transaction(writing: false) {
                let meta = try Self.meta(connection)
                guard let revision, revision > 0, revision != meta.current else {
                    return try connection.first(SQLiteSchema.getCurrent, keyValues) { row in
                        StoredObject(key: key, object: try Self.object(row, 2, in: connection), createRevision: row.int(0), modRevision: row.int(1))
                    }
                }
                try Self.checkReadable(revision, meta)
                let found = try connection.first(SQLiteSchema.getAtRevision, keyValues + [.int(revision)]) { row -> StoredObject? in
                    guard try Self.kind(row.text(0), in: connection) != .deleted else { return nil }
                    return StoredObject(key: key, object: try Self.object(row, 3, in: connection), createRevision: row.int(1), modRevision: row.int(2))
                }
                return found ?? nil
            }
        }
    }

    /// The objects of a resource, now or as of `revision`, with the revision listed.
    public func list(resource: String, namespace: String?, atRevision revision: Int64?) throws -> (items: [StoredObject], revision: Int64) {
        try reading { connection in
            try connection.transaction(writing: false) {
                let meta = try Self.meta(connection)
                var items: [StoredObject] = []
                guard let revision, revision > 0, revision != meta.current else {
                    var values: [SQLiteConnection.Value] = [.text(resource)]
                    if let namespace { values.append(.text(namespace)) }
                    try connection.query(SQLiteSchema.listCurrent(namespaced: namespace != nil), values) { row in
                        let key = StoreKey(resource: resource, namespace: row.text(0), name: row.text(1))
                        items.append(StoredObject(key: key, object: try Self.object(row, 4, in: connection), createRevision: row.int(2), modRevision: row.int(3)))
                    }
                    return (items, meta.current)
                }
                try Self.checkReadable(revision, meta)
                var values: [SQLiteConnection.Value] = [.text(resource), .int(revision)]
                if let namespace { values.append(.text(namespace)) }
                try connection.query(SQLiteSchema.listAtRevision(namespaced: namespace != nil), values) { row in
                    guard try Self.kind(row.text(0), in: connection) != .deleted else { return }
                    let key = StoreKey(resource: resource, namespace: row.text(1), name: row.text(2))
                    items.append(StoredObject(key: key, object: try Self.object(row, 5, in: connection), createRevision: row.int(3), modRevision: row.int(4)))
                }
                return (items, revision)
            }
        }
    }

    /// Persists one change after checking its precondition, atomically.
    public func apply(_ change: StoreChange) throws -> StoredObject {
        let json = change.object.serialized()
        let key = change.key
        let keyValues: [SQLiteConnection.Value] = [.text(key.resource), .text(key.namespace), .text(key.name)]
        return try changing { batch in
            let connection = batch.connection
            guard change.revision == batch.currentRevision + 1 else {
                throw StoreError.backend("store database \(path): change at revision \(change.revision) does not follow the current revision \(batch.currentRevision) (is another process writing to it?)")
            }
            let existing = try connection.first(SQLiteSchema.head, keyValues) { (create: $0.int(0), mod: $0.int(1)) }
            switch change.precondition {
            case .mustNotExist:
                if existing != nil { throw StoreError.alreadyExists(key) }
            case .mustExist(let expected):
                guard let existing else { throw StoreError.notFound(key) }
                if let expected, expected != existing.mod {
                    throw StoreError.conflict(key, expected: expected, actual: existing.mod)
                }
            }
            let createRevision = existing?.create ?? change.revision
            try batch.write(revision: change.revision) {
                try connection.query(SQLiteSchema.appendLog, [.int(change.revision), .text(change.kind.rawValue)] + keyValues + [.int(createRevision), .json(json)])
                if change.kind == .deleted {
                    try connection.query(SQLiteSchema.deleteObject, keyValues)
                } else {
                    try connection.query(SQLiteSchema.upsertObject, keyValues + [.int(createRevision), .int(change.revision)])
                }
            }
            return StoredObject(key: key, object: change.object, createRevision: createRevision, modRevision: change.revision)
        }
    }

    /// The retained changes after `revision` that pass `filter`, in order.
    public func changes(after revision: Int64, filter: EventFilter) throws -> [StoreEvent] {
        var values: [SQLiteConnection.Value] = [.int(revision)]
        if let resource = filter.resource { values.append(.text(resource)) }
        if let namespace = filter.namespace { values.append(.text(namespace)) }
        let sql = SQLiteSchema.changes(resource: filter.resource != nil, namespace: filter.namespace != nil)
        return try reading { connection in
            try connection.transaction(writing: false) {
                try Self.checkReadable(revision, try Self.meta(connection))
                var events: [StoreEvent] = []
                try connection.query(sql, values) { row in
                    let key = StoreKey(resource: row.text(1), namespace: row.text(2), name: row.text(3))
                    events.append(StoreEvent(kind: try Self.kind(row.text(0), in: connection), key: key, object: try Self.object(row, 5, in: connection), revision: row.int(4)))
                }
                return events
            }
        }
    }

    /// Drops history that reads at `revision` or later no longer need.
    public func compact(before revision: Int64) throws {
        try changing { batch in
            let connection = batch.connection
            let meta = try Self.meta(connection)
            if revision > batch.currentRevision { throw StoreError.futureRevision(requested: revision, current: batch.currentRevision) }
            guard revision > meta.compacted else { return }
            try batch.write(revision: nil) {
                try connection.query(SQLiteSchema.compactSuperseded, [.int(revision)])
                try connection.query(SQLiteSchema.compactDeletions, [.int(revision)])
                try connection.query(SQLiteSchema.setCompacted, [.int(revision)])
            }
        }
    }

    /// Releases the storage; later calls throw `.backend`.
    public func close() {
        // Dropping a connection finalizes its statements and closes it; the last one to close
        // checkpoints the write-ahead log into the file.
        reader.withLock { $0 = nil }
        writer.withLock { batch in
            try? batch?.commit()
            batch = nil
        }
        log.withLock { descriptor in
            if descriptor >= 0 { _ = Glibc.close(descriptor) }
            descriptor = -1
        }
    }
}
