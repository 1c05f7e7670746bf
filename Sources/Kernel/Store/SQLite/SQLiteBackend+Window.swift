extension SQLiteBackend {
    /// A window of a list read with a range query: only the page's rows leave SQLite.
    public func list(resource: String, namespace: String?, atRevision revision: Int64?, window: ListWindow) throws -> ListedWindow {
        try reading { connection in
            try connection.transaction(writing: false) {
                let meta = try Self.meta(connection)
                let current = revision == nil || revision == 0 || revision == meta.current
                if !current, let revision { try Self.checkReadable(revision, meta) }
                var query = SQLiteWindowQuery(resource: resource, namespace: namespace, after: window.after)
                var items: [StoredObject] = []
                var rows = 0
                var cursor: StoreKey?
                if current {
                    try connection.query(query.currentRows(limit: window.limit), query.values + [.int(Int64(window.limit))]) { row in
                        rows += 1
                        let key = StoreKey(resource: resource, namespace: row.text(0), name: row.text(1))
                        items.append(StoredObject(key: key, object: try Self.object(row, 4, in: connection), createRevision: row.int(2), modRevision: row.int(3)))
                    }
                } else if let revision {
                    let values = query.values + [.int(revision), .int(Int64(window.limit))]
                    try connection.query(query.rowsAtRevision(limit: window.limit), values) { row in
                        rows += 1
                        let key = StoreKey(resource: resource, namespace: row.text(1), name: row.text(2))
                        cursor = key
                        guard try Self.kind(row.text(0), in: connection) != .deleted else { return }
                        items.append(StoredObject(key: key, object: try Self.object(row, 5, in: connection), createRevision: row.int(3), modRevision: row.int(4)))
                    }
                }
                let more = rows >= window.limit
                var remaining: Int64?
                if window.countRemaining && current {
                    if let last = items.last { query.after = (last.key.namespace, last.key.name) }
                    remaining = more ? try connection.first(query.countRows(), query.values) { $0.int(0) } ?? 0 : 0
                }
                return ListedWindow(items: items, revision: current ? meta.current : revision ?? meta.current, more: more,
                                    remaining: remaining, cursor: cursor ?? items.last?.key)
            }
        }
    }
}

/// The SQL of a windowed list: the resource, an optional namespace and an optional start
/// position, numbered as positional parameters in that order.
struct SQLiteWindowQuery {
    var resource: String
    var namespace: String?
    var after: (namespace: String, name: String)?

    /// The parameter values of the conditions, in order.
    var values: [SQLiteConnection.Value] {
        var values: [SQLiteConnection.Value] = [.text(resource)]
        if let namespace { values.append(.text(namespace)) }
        if let after { values += [.text(after.namespace), .text(after.name)] }
        return values
    }

    /// `WHERE ...` over columns prefixed with `prefix`.
    private func conditions(_ prefix: String) -> String {
        var sql = "WHERE \(prefix)resource = ?1"
        var next = 2
        if namespace != nil {
            sql += " AND \(prefix)namespace = ?\(next)"
            next += 1
        }
        if after != nil { sql += " AND (\(prefix)namespace, \(prefix)name) > (?\(next), ?\(next + 1))" }
        return sql
    }

    /// The next free parameter number.
    private var nextParameter: Int { 2 + (namespace == nil ? 0 : 1) + (after == nil ? 0 : 2) }

    /// Current objects in the window: namespace, name, create, mod, object.
    func currentRows(limit: Int) -> String {
        """
        SELECT o.namespace, o.name, o.create_revision, o.mod_revision, l.object
        FROM objects AS o JOIN log AS l ON l.revision = o.mod_revision
        \(conditions("o.")) ORDER BY o.namespace, o.name LIMIT ?\(nextParameter)
        """
    }

    /// The latest entry per key at or below a revision (deletions included, the caller skips
    /// them): kind, namespace, name, create, revision, object.
    func rowsAtRevision(limit: Int) -> String {
        """
        SELECT kind, namespace, name, create_revision, MAX(revision), object FROM log
        \(conditions("")) AND revision <= ?\(nextParameter)
        GROUP BY namespace, name ORDER BY namespace, name LIMIT ?\(nextParameter + 1)
        """
    }

    /// How many current objects follow the position.
    func countRows() -> String {
        "SELECT COUNT(*) FROM objects \(conditions(""))"
    }
}
