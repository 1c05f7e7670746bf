import CSQLite
import Foundation

/// One SQLite connection with its prepared statements, used by one thread at a time (the
/// backend keeps each connection inside a `Mutex`).
final class SQLiteConnection {
    /// A value bound to a statement parameter.
    enum Value {
        case int(Int64)
        case text(String)
        case json(Data)
        case null
    }

    /// One result row, read by column index.
    struct Row {
        fileprivate let statement: OpaquePointer

        func int(_ column: Int32) -> Int64 { sqlite3_column_int64(statement, column) }

        func text(_ column: Int32) -> String {
            guard let bytes = sqlite3_column_text(statement, column) else { return "" }
            return String(cString: bytes)
        }

        /// Parses the column's text as JSON, in place.
        func json(_ column: Int32) throws -> JSONValue {
            let bytes = sqlite3_column_blob(statement, column)
            let count = Int(sqlite3_column_bytes(statement, column))
            return try JSONParser.parse(UnsafeRawBufferPointer(start: bytes, count: bytes == nil ? 0 : count))
        }
    }

    let path: String
    private let db: OpaquePointer
    private var statements: [String: OpaquePointer] = [:]

    /// Opens (creating when needed) the database at `path`.
    init(path: String) throws {
        self.path = path
        var handle: OpaquePointer?
        let flags = SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX
        let status = sqlite3_open_v2(path, &handle, flags, nil)
        guard status == SQLITE_OK, let handle else {
            let reason = handle.map { String(cString: sqlite3_errmsg($0)) } ?? String(cString: sqlite3_errstr(status))
            sqlite3_close_v2(handle)
            throw StoreError.backend("cannot open the store database \(path): \(reason)")
        }
        db = handle
        sqlite3_extended_result_codes(db, 1)
        sqlite3_busy_timeout(db, 10_000)
    }

    deinit {
        for statement in statements.values { sqlite3_finalize(statement) }
        sqlite3_close_v2(db)
    }

    /// Runs SQL text (one or more statements, no parameters, no results).
    func execute(_ sql: String) throws {
        var message: UnsafeMutablePointer<CChar>?
        let status = sqlite3_exec(db, sql, nil, nil, &message)
        if status != SQLITE_OK {
            let reason = message.map { String(cString: $0) } ?? String(cString: sqlite3_errstr(status))
            sqlite3_free(message)
            throw failure(reason)
        }
    }

    /// Runs a cached prepared statement, calling `row` for each result row.
    func query(_ sql: String, _ values: [Value] = [], row: (Row) throws -> Void = { _ in }) throws {
        let statement = try prepared(sql)
        defer {
            sqlite3_reset(statement)
            sqlite3_clear_bindings(statement)
        }
        for (index, value) in values.enumerated() {
            try bind(value, at: Int32(index + 1), in: statement)
        }
        while true {
            let status = sqlite3_step(statement)
            if status == SQLITE_DONE { return }
            guard status == SQLITE_ROW else { throw failure(message) }
            try row(Row(statement: statement))
        }
    }

    /// Runs a statement and returns its first row mapped by `map`, or nil.
    func first<T>(_ sql: String, _ values: [Value] = [], _ map: (Row) throws -> T) throws -> T? {
        var result: T?
        try query(sql, values) { row in
            if result == nil { result = try map(row) }
        }
        return result
    }

    /// Rows changed by the latest INSERT, UPDATE or DELETE.
    var changes: Int { Int(sqlite3_changes(db)) }

    /// Runs `body` in a transaction (`BEGIN IMMEDIATE` for writes so that the write lock is taken
    /// up front); commits when it returns, rolls back when it throws.
    func transaction<T>(writing: Bool, _ body: () throws -> T) throws -> T {
        try query(writing ? "BEGIN IMMEDIATE" : "BEGIN")
        do {
            let result = try body()
            try query("COMMIT")
            return result
        } catch {
            try? query("ROLLBACK")
            throw error
        }
    }

    private var message: String { String(cString: sqlite3_errmsg(db)) }

    private func failure(_ reason: String) -> StoreError {
        StoreError.backend("store database \(path): \(reason)")
    }

    private func prepared(_ sql: String) throws -> OpaquePointer {
        if let statement = statements[sql] { return statement }
        var statement: OpaquePointer?
        let status = sqlite3_prepare_v3(db, sql, -1, UInt32(SQLITE_PREPARE_PERSISTENT), &statement, nil)
        guard status == SQLITE_OK, let statement else { throw failure("\(message) in: \(sql)") }
        statements[sql] = statement
        return statement
    }

    private func bind(_ value: Value, at index: Int32, in statement: OpaquePointer) throws {
        // SQLITE_TRANSIENT: SQLite copies the bytes before the call returns.
        let transient = unsafeBitCast(-1, to: sqlite3_destructor_type.self)
        let status: Int32
        switch value {
        case .int(let number):
            status = sqlite3_bind_int64(statement, index, number)
        case .text(let string):
            status = sqlite3_bind_text(statement, index, string, -1, transient)
        case .json(let data):
            status = data.withUnsafeBytes { bytes in
                guard let base = bytes.baseAddress, bytes.count > 0 else {
                    return sqlite3_bind_text(statement, index, "", 0, transient)
                }
                return sqlite3_bind_text(statement, index, base.assumingMemoryBound(to: CChar.self), Int32(bytes.count), transient)
            }
        case .null:
            status = sqlite3_bind_null(statement, index)
        }
        guard status == SQLITE_OK else { throw failure(message) }
    }
}
