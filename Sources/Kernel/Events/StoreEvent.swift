/// One committed change in the store: what every watch and bus subscriber receives.
public struct StoreEvent: Sendable, Hashable {
    /// What happened to the object, named as Kubernetes' watch event types.
    public enum Kind: String, Sendable, Hashable {
        /// The object was created.
        case added = "ADDED"
        /// The object was updated.
        case modified = "MODIFIED"
        /// The object was deleted.
        case deleted = "DELETED"
    }

    /// What happened.
    public let kind: Kind
    /// Which object changed.
    public let key: StoreKey
    /// The object after the change; for `.deleted` its last state, with
    /// `metadata.resourceVersion` set to the deletion's revision.
    public let object: JSONValue
    /// The store revision of the change (equal to the object's resourceVersion).
    public let revision: Int64

    /// Creates an event.
    public init(kind: Kind, key: StoreKey, object: JSONValue, revision: Int64) {
        self.kind = kind
        self.key = key
        self.object = object
        self.revision = revision
    }

    /// The event as the API's `WatchEvent`.
    public var watchEvent: WatchEvent { WatchEvent(type: kind.rawValue, object: object, revision: revision) }
}
