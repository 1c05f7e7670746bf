/// Accessors for the `metadata` every Kubernetes object carries.
extension JSONValue {
    /// `metadata.name`.
    public var name: String? {
        get { self[path: "metadata", "name"]?.stringValue }
        set { self[path: "metadata", "name"] = newValue.map(JSONValue.string) }
    }
    /// `metadata.namespace`.
    public var namespace: String? {
        get { self[path: "metadata", "namespace"]?.stringValue }
        set { self[path: "metadata", "namespace"] = newValue.map(JSONValue.string) }
    }
    /// `metadata.uid`.
    public var uid: String? { self[path: "metadata", "uid"]?.stringValue }
    /// `metadata.resourceVersion` as the store revision it names (nil when absent or not a number).
    public var resourceVersion: Int64? {
        get { self[path: "metadata", "resourceVersion"]?.stringValue.flatMap { Int64($0) } }
        set { self[path: "metadata", "resourceVersion"] = newValue.map { .string(String($0)) } }
    }
    /// `metadata.labels`.
    public var labels: [String: String] {
        get { (self[path: "metadata", "labels"]?.objectValue ?? [:]).compactMapValues(\.stringValue) }
        set { self[path: "metadata", "labels"] = newValue.isEmpty ? nil : .object(newValue.mapValues(JSONValue.string)) }
    }
    /// `kind`.
    public var kind: String? { self["kind"]?.stringValue }
}
