import Kernel

/// Small readers the printers share: fields as strings and numbers, and Kubernetes' ways of
/// joining lists and selectors.
enum TableCells {
    /// A string field, "" when absent.
    static func string(_ object: JSONValue, _ path: String...) -> String {
        path.reduce(Optional(object)) { $0?[$1] }?.stringValue ?? ""
    }

    /// An integer field, `otherwise` when absent.
    static func int(_ object: JSONValue, _ path: [String], otherwise: Int64 = 0) -> Int64 {
        path.reduce(Optional(object)) { $0?[$1] }?.intValue ?? otherwise
    }

    /// An array field, empty when absent.
    static func array(_ object: JSONValue, _ path: String...) -> [JSONValue] {
        path.reduce(Optional(object)) { $0?[$1] }?.arrayValue ?? []
    }

    /// `value`, or "<none>" when it is empty.
    static func orNone(_ value: String) -> String { value.isEmpty ? "<none>" : value }

    /// A label map as `k=v,k2=v2`, sorted by key; "<none>" when empty.
    static func labels(_ map: JSONValue?) -> String {
        let pairs = (map?.objectValue ?? [:]).sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value.stringValue ?? "")" }
        return orNone(pairs.joined(separator: ","))
    }


    /// Up to three entries joined by ",", then " + N more..." as Kubernetes abbreviates long
    /// lists; `empty` when there are none.
    static func abbreviated(_ entries: [String], empty: String) -> String {
        let limit = 3
        if entries.isEmpty { return empty }
        let shown = entries.prefix(limit).joined(separator: ",")
        return entries.count > limit ? "\(shown) + \(entries.count - limit) more..." : shown
    }

    /// The container names and images of a pod spec, each comma-joined (the wide CONTAINERS
    /// and IMAGES columns).
    static func containers(_ podSpec: JSONValue?) -> (names: String, images: String) {
        let containers = podSpec?["containers"]?.arrayValue ?? []
        return (containers.map { $0["name"]?.stringValue ?? "" }.joined(separator: ","),
                containers.map { $0["image"]?.stringValue ?? "" }.joined(separator: ","))
    }
}
