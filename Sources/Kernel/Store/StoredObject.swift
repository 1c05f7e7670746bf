/// An object as the store holds it, with the revisions that created and last changed it.
public struct StoredObject: Sendable, Hashable {
    /// Where the object lives.
    public let key: StoreKey
    /// The object; its `metadata.resourceVersion` is `String(modRevision)`.
    public let object: JSONValue
    /// The revision that created the object.
    public let createRevision: Int64
    /// The revision of the object's latest change.
    public let modRevision: Int64

    /// Creates a stored object.
    public init(key: StoreKey, object: JSONValue, createRevision: Int64, modRevision: Int64) {
        self.key = key
        self.object = object
        self.createRevision = createRevision
        self.modRevision = modRevision
    }
}
