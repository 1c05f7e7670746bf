/// The write connection and the transaction that collects changes between commits (as etcd's
/// backend batches its transactions): each change runs inside a savepoint of one open
/// transaction, and `commit` writes the whole batch to the write-ahead log at once, so a burst of
/// writes touches each page of the log once instead of once per change.
///
/// Used only under the backend's writer lock.
final class SQLiteWriteBatch {
    /// The write connection.
    let connection: SQLiteConnection
    /// Changes in the open transaction (0: none is open).
    private(set) var pending = 0
    /// Whether a timed commit of the open transaction is scheduled.
    var commitScheduled = false
    /// Why the database stopped accepting writes: a commit failed after its changes were
    /// published, so the file no longer holds what the store served.
    private(set) var failure: String?

    /// The most changes one transaction collects before it is committed on the spot.
    static let limit = 1000

    init(_ connection: SQLiteConnection) {
        self.connection = connection
    }

    /// Runs `body` as one change of the open transaction (opening one when none is), inside a
    /// savepoint: when `body` throws, what it wrote is undone and the batch's other changes stay.
    /// A full batch is committed before this returns.
    func change<T>(_ body: () throws -> T) throws -> T {
        if let failure { throw StoreError.backend(failure) }
        let opened = pending == 0
        if opened { try connection.query("BEGIN IMMEDIATE") }
        do {
            try connection.query("SAVEPOINT change")
        } catch {
            if opened { try? connection.query("ROLLBACK") }
            throw error
        }
        let result: T
        do {
            result = try body()
            try connection.query("RELEASE change")
        } catch {
            try? connection.query("ROLLBACK TO change")
            try? connection.query("RELEASE change")
            if opened { try? connection.query("ROLLBACK") }
            throw error
        }
        pending += 1
        if pending >= Self.limit { try commit() }
        return result
    }

    /// Commits the open transaction, if any. A failed commit rolls the batch back and stops the
    /// database from taking further writes (its changes were already published).
    func commit() throws {
        if let failure { throw StoreError.backend(failure) }
        guard pending > 0 else { return }
        let count = pending
        pending = 0
        do {
            try connection.query("COMMIT")
        } catch {
            try? connection.query("ROLLBACK")
            let failure = "store database \(connection.path): committing \(count) changes failed (\(error)); restart to reopen the store from what the file holds"
            self.failure = failure
            throw StoreError.backend(failure)
        }
    }
}
