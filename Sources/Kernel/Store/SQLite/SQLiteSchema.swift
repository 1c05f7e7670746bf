/// The layout of a Keelson store file.
///
/// - `meta`: one row with the current revision, the compacted revision and the schema version.
/// - `log`: every retained change by revision (the object's JSON, for a deletion its last state);
///   reads at past revisions and watch replays come from here.
/// - `objects`: the live objects, each pointing at the log entry of its latest change.
enum SQLiteSchema {
    /// Marks a file as a Keelson store (`PRAGMA application_id`, "KLSN").
    static let applicationID: Int64 = 0x4B4C_534E
    /// The version of the layout below.
    static let version: Int64 = 1

    static let create = """
        CREATE TABLE IF NOT EXISTS meta (
            id INTEGER PRIMARY KEY CHECK (id = 1),
            current_revision INTEGER NOT NULL,
            compacted_revision INTEGER NOT NULL,
            schema_version INTEGER NOT NULL
        );
        CREATE TABLE IF NOT EXISTS log (
            revision INTEGER PRIMARY KEY,
            kind TEXT NOT NULL,
            resource TEXT NOT NULL,
            namespace TEXT NOT NULL,
            name TEXT NOT NULL,
            create_revision INTEGER NOT NULL,
            object TEXT NOT NULL
        );
        CREATE INDEX IF NOT EXISTS log_by_key ON log (resource, namespace, name, revision);
        CREATE TABLE IF NOT EXISTS objects (
            resource TEXT NOT NULL,
            namespace TEXT NOT NULL,
            name TEXT NOT NULL,
            create_revision INTEGER NOT NULL,
            mod_revision INTEGER NOT NULL,
            PRIMARY KEY (resource, namespace, name)
        ) WITHOUT ROWID;
        INSERT OR IGNORE INTO meta (id, current_revision, compacted_revision, schema_version) VALUES (1, 0, 0, \(version));
        PRAGMA application_id = \(applicationID);
        """

    static let readMeta = "SELECT current_revision, compacted_revision, schema_version FROM meta WHERE id = 1"
    static let setCurrent = "UPDATE meta SET current_revision = ?1 WHERE id = 1"
    static let setCompacted = "UPDATE meta SET compacted_revision = ?1 WHERE id = 1"

    static let getCurrent = """
        SELECT o.create_revision, o.mod_revision, l.object FROM objects AS o JOIN log AS l ON l.revision = o.mod_revision
        WHERE o.resource = ?1 AND o.namespace = ?2 AND o.name = ?3
        """
    static let getAtRevision = """
        SELECT kind, create_revision, revision, object FROM log
        WHERE resource = ?1 AND namespace = ?2 AND name = ?3 AND revision <= ?4
        ORDER BY revision DESC LIMIT 1
        """
    static let head = "SELECT create_revision, mod_revision FROM objects WHERE resource = ?1 AND namespace = ?2 AND name = ?3"

    /// Live objects of a resource (optionally one namespace): namespace, name, create, mod, object.
    static func listCurrent(namespaced: Bool) -> String {
        """
        SELECT o.namespace, o.name, o.create_revision, o.mod_revision, l.object
        FROM objects AS o JOIN log AS l ON l.revision = o.mod_revision
        WHERE o.resource = ?1\(namespaced ? " AND o.namespace = ?2" : "")
        ORDER BY o.namespace, o.name
        """
    }

    /// The latest log entry per key at or below a revision (SQLite takes the bare columns from
    /// the row holding MAX): kind, namespace, name, create, revision, object.
    static func listAtRevision(namespaced: Bool) -> String {
        """
        SELECT kind, namespace, name, create_revision, MAX(revision), object FROM log
        WHERE resource = ?1 AND revision <= ?2\(namespaced ? " AND namespace = ?3" : "")
        GROUP BY namespace, name
        ORDER BY namespace, name
        """
    }

    /// Changes after a revision, optionally of one resource and/or namespace:
    /// kind, resource, namespace, name, revision, object.
    static func changes(resource: Bool, namespace: Bool) -> String {
        var sql = "SELECT kind, resource, namespace, name, revision, object FROM log WHERE revision > ?1"
        if resource { sql += " AND resource = ?2" }
        if namespace { sql += resource ? " AND namespace = ?3" : " AND namespace = ?2" }
        return sql + " ORDER BY revision"
    }

    static let appendLog = """
        INSERT INTO log (revision, kind, resource, namespace, name, create_revision, object)
        VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)
        """
    static let upsertObject = """
        INSERT INTO objects (resource, namespace, name, create_revision, mod_revision) VALUES (?1, ?2, ?3, ?4, ?5)
        ON CONFLICT (resource, namespace, name) DO UPDATE SET mod_revision = excluded.mod_revision
        """
    static let deleteObject = "DELETE FROM objects WHERE resource = ?1 AND namespace = ?2 AND name = ?3"

    /// Drops log entries below a revision that a later entry at or below it supersedes.
    static let compactSuperseded = """
        DELETE FROM log WHERE revision < ?1 AND EXISTS (
            SELECT 1 FROM log AS later
            WHERE later.resource = log.resource AND later.namespace = log.namespace AND later.name = log.name
              AND later.revision > log.revision AND later.revision <= ?1)
        """
    /// Then drops deletions below it, now the last entry of their key.
    static let compactDeletions = "DELETE FROM log WHERE revision < ?1 AND kind = 'DELETED'"
}
