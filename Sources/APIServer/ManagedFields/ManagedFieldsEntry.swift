import Kernel

/// One `metadata.managedFields` entry: who (manager, operation, subresource) owns which fields
/// of an object, as of when.
struct ManagedFieldsEntry: Equatable, Sendable {
    /// The operation that recorded the entry.
    enum Operation: String, Sendable {
        /// Server-side apply.
        case apply = "Apply"
        /// Create, update or any non-apply patch.
        case update = "Update"
    }

    /// The field manager's name.
    var manager: String
    /// Apply or Update.
    var operation: Operation
    /// The API version the fields were set through, "apps/v1".
    var apiVersion: String
    /// When the manager last changed the object, RFC 3339; nil when unknown.
    var time: String?
    /// The subresource written ("status", "scale"); nil for the object itself.
    var subresource: String?
    /// The owned fields.
    var fields: FieldSet

    /// Whether `other` is the same manager: same name, operation and subresource (and API
    /// version, for Update entries), as Kubernetes identifies managers.
    func sameManager(_ other: ManagedFieldsEntry) -> Bool {
        manager == other.manager && operation == other.operation && (subresource ?? "") == (other.subresource ?? "")
            && (operation == .apply || apiVersion == other.apiVersion)
    }

    /// The manager as conflict messages print it: `"kubectl" with subresource "scale" using apps/v1`.
    var printed: String {
        var text = "\"\(manager)\""
        if let subresource, !subresource.isEmpty { text += " with subresource \"\(subresource)\"" }
        if operation == .update { text += " using \(apiVersion)" }
        return text
    }

    /// The entry's JSON.
    var json: JSONValue { json(fieldsV1: fields.fieldsV1) }

    /// The entry's JSON with `fieldsV1` as its fields (already encoded).
    func json(fieldsV1: JSONValue) -> JSONValue {
        var members: [String: JSONValue] = [
            "manager": .string(manager),
            "operation": .string(operation.rawValue),
            "apiVersion": .string(apiVersion),
            "fieldsType": "FieldsV1",
            "fieldsV1": fieldsV1,
        ]
        if let time { members["time"] = .string(time) }
        if let subresource, !subresource.isEmpty { members["subresource"] = .string(subresource) }
        return .object(members)
    }

    /// Reads an entry; nil when it is malformed (an unknown operation or fieldsType, fields
    /// that are not FieldsV1). An empty entry `{}` reads as an entry owning nothing.
    init?(json: JSONValue) {
        guard json.objectValue != nil else { return nil }
        manager = json["manager"]?.stringValue ?? ""
        let operation = json["operation"]?.stringValue ?? ""
        self.operation = Operation(rawValue: operation) ?? .update
        if !operation.isEmpty && Operation(rawValue: operation) == nil { return nil }
        apiVersion = json["apiVersion"]?.stringValue ?? ""
        time = json["time"]?.stringValue
        subresource = json["subresource"]?.stringValue.flatMap { $0.isEmpty ? nil : $0 }
        if let type = json["fieldsType"]?.stringValue, !type.isEmpty, type != "FieldsV1" { return nil }
        guard let fields = FieldSet(fieldsV1: json["fieldsV1"] ?? .object([:])) else { return nil }
        self.fields = fields
    }

    /// An entry.
    init(manager: String, operation: Operation, apiVersion: String, time: String?, subresource: String?, fields: FieldSet) {
        self.manager = manager
        self.operation = operation
        self.apiVersion = apiVersion
        self.time = time
        self.subresource = subresource
        self.fields = fields
    }
}

/// The managedFields list of an object.
enum ManagedFieldsList {
    /// The entries of `object`; nil when absent, empty, or malformed.
    static func read(_ object: JSONValue?) -> [ManagedFieldsEntry]? {
        guard let list = object?[path: "metadata", "managedFields"]?.arrayValue, !list.isEmpty else { return nil }
        var entries: [ManagedFieldsEntry] = []
        for item in list {
            guard let entry = ManagedFieldsEntry(json: item) else { return nil }
            entries.append(entry)
        }
        return entries
    }

    /// Stores `entries` in `object` in Kubernetes' order (Apply before Update, then by time,
    /// manager, API version and subresource), dropping entries that own nothing; an empty
    /// list removes the field.
    static func write(_ entries: [ManagedFieldsEntry], into object: inout JSONValue) {
        let kept = entries.filter { !$0.fields.isEmpty }.sorted { p, q in
            if p.operation != q.operation { return p.operation.rawValue < q.operation.rawValue }
            if (p.time ?? "") != (q.time ?? "") { return (p.time ?? "") < (q.time ?? "") }
            if p.manager != q.manager { return p.manager < q.manager }
            if p.apiVersion != q.apiVersion { return p.apiVersion < q.apiVersion }
            return (p.subresource ?? "") < (q.subresource ?? "")
        }
        guard object.objectValue != nil else { return }
        if !kept.isEmpty {
            object[path: "metadata", "managedFields"] = .array(kept.map(\.json))
        } else if object[path: "metadata", "managedFields"] != nil {
            object[path: "metadata", "managedFields"] = nil
        }
    }

    /// Stores the one entry of a created object, whose fields are `fieldsV1` (already encoded;
    /// `{}` owns nothing and stores no entry).
    static func write(createdEntry entry: ManagedFieldsEntry, fieldsV1: JSONValue, into object: inout JSONValue) {
        guard object.objectValue != nil else { return }
        if fieldsV1.objectValue?.isEmpty ?? true {
            if object[path: "metadata", "managedFields"] != nil { object[path: "metadata", "managedFields"] = nil }
            return
        }
        object[path: "metadata", "managedFields"] = .array([entry.json(fieldsV1: fieldsV1)])
    }

    /// `object` without its managedFields.
    static func stripped(_ object: JSONValue) -> JSONValue {
        var copy = object
        if copy[path: "metadata", "managedFields"] != nil { copy[path: "metadata", "managedFields"] = nil }
        return copy
    }
}
