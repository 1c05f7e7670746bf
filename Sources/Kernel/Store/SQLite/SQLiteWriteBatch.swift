/// The write connection and the transaction that collects changes between commits (as etcd's
/// backend batches its transactions): changes are written into one open transaction, and
/// `commit` writes the whole batch to the write-ahead log at once, so a burst of writes touches
/// each page of the log once instead of once per change. The meta row's current revision is
/// written once per batch, at its commit.
///
/// A change checks its preconditions before it writes anything, so a refused change leaves the
/// batch as it was. A statement that fails while writing (a full disk, an I/O error) or a failed
/// commit rolls the whole batch back and stops the database from taking further writes: the
/// store has already published those changes, so the file no longer holds what it served.
///
/// Used only under the backend's writer lock.
final class SQLiteWriteBatch {
    /// The write connection.
    let connection: SQLiteConnection
    /// Changes in the open transaction (0: none is open).
    private(set) var pending = 0
    /// The revision of the latest change, in the open batch or committed.
    private(set) var currentRevision: Int64 = 0
    /// The current revision the meta row holds.
    private var storedRevision: Int64 = 0
    /// Whether a timed commit of the open transaction is scheduled.
    var commitScheduled = false
    /// Why the database stopped accepting writes.
    private(set) var failure: String?

    /// The most changes one transaction collects before it is committed on the spot.
    static let limit = 1000

    init(_ connection: SQLiteConnection) {
        self.connection = connection
    }

    /// Runs `body` as one change of the open transaction, opening one (and reading the current
    /// revision) when none is. `body` checks its preconditions, then writes through `write`.
    /// A full batch is committed before this returns.
    func change<T>(_ body: (SQLiteWriteBatch) throws -> T) throws -> T {
        if let failure { throw StoreError.backend(failure) }
        let opened = pending == 0
        if opened {
            try connection.query("BEGIN IMMEDIATE")
            do {
                currentRevision = try SQLiteBackend.meta(connection).current
                storedRevision = currentRevision
            } catch {
                try? connection.query("ROLLBACK")
                throw error
            }
        }
        let before = pending
        let result: T
        do {
            result = try body(self)
        } catch {
            // Refused before writing: an otherwise empty transaction is dropped.
            if opened, pending == before { try? connection.query("ROLLBACK") }
            throw error
        }
        if pending >= Self.limit { try commit() }
        return result
    }

    /// Runs the statements of a change that moves the current revision to `revision` (nil: a
    /// change that does not, such as a compaction). A failing statement fails the database.
    func write(revision: Int64?, _ statements: () throws -> Void) throws {
        do {
            try statements()
        } catch {
            throw fail("writing a change failed (\(error))")
        }
        pending += 1
        if let revision { currentRevision = revision }
    }

    /// Commits the open transaction, if any, with the meta row's current revision.
    func commit() throws {
        if let failure { throw StoreError.backend(failure) }
        guard pending > 0 else { return }
        let count = pending
        do {
            if currentRevision != storedRevision {
                try connection.query(SQLiteSchema.setCurrent, [.int(currentRevision)])
            }
            try connection.query("COMMIT")
        } catch {
            throw fail("committing \(count) changes failed (\(error))")
        }
        pending = 0
        storedRevision = currentRevision
    }

    /// Rolls the batch back and refuses every later write.
    private func fail(_ what: String) -> StoreError {
        try? connection.query("ROLLBACK")
        pending = 0
        let failure = "store database \(connection.path): \(what); restart to reopen the store from what the file holds"
        self.failure = failure
        return StoreError.backend(failure)
    }
}
