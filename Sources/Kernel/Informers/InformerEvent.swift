
/// A change an `Informer` delivers to its handlers, after its cache reflects it.
public enum InformerEvent: Sendable {
    /// An object appeared (first list, a watch ADDED, or an object found by a relist).
    case added(JSONValue)
    /// An object changed; `old` is the cached state before the change.
    case updated(old: JSONValue, new: JSONValue)
    /// An object disappeared; the payload is its last known state.
    case deleted(JSONValue)

    /// The object after the change (the last state for a deletion).
    public var object: JSONValue {
        switch self {
        case .added(let object), .deleted(let object): object
        case .updated(_, let new): new
        }
    }

    /// The watch event type of the change: ADDED, MODIFIED or DELETED.
    public var watchType: String {
        switch self {
        case .added: "ADDED"
        case .updated: "MODIFIED"
        case .deleted: "DELETED"
        }
    }

    /// The change as a Kubernetes watch event at the object's resourceVersion, as plugins
    /// receive changes.
    public var watchEvent: WatchEvent {
        WatchEvent(type: watchType, object: object, revision: object.resourceVersion ?? 0)
    }
}

/// A function called for every change an informer sees. Handlers run on the informer's task,
/// one event at a time and in order; they should only look at caches and queue keys.
public typealias InformerHandler = @Sendable (InformerEvent) -> Void

/// The index values an `Informer` files an object under (see `Informer.addIndex`).
public typealias InformerIndexer = @Sendable (JSONValue) -> [String]
