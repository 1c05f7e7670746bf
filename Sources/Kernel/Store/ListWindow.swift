/// A window into a list: the objects after a position in namespace/name order, at most
/// `limit` of them. Lets a paged LIST read one page instead of the whole resource.
public struct ListWindow: Sendable, Hashable {
    /// List only objects ordered after this namespace and name (nil: from the start).
    public var after: (namespace: String, name: String)? {
        get { afterKey.map { ($0.namespace, $0.name) } }
        set { afterKey = newValue.map { Position(namespace: $0.namespace, name: $0.name) } }
    }
    /// At most this many objects.
    public var limit: Int
    /// Also count the objects after the window, when the backend can do so cheaply.
    public var countRemaining: Bool

    private var afterKey: Position?
    private struct Position: Sendable, Hashable {
        var namespace: String
        var name: String
    }

    /// A window of `limit` objects after `after`.
    public init(after: (namespace: String, name: String)? = nil, limit: Int, countRemaining: Bool = false) {
        self.afterKey = after.map { Position(namespace: $0.namespace, name: $0.name) }
        self.limit = max(0, limit)
        self.countRemaining = countRemaining
    }

    /// Whether `key` lies after the window's start.
    public func follows(_ key: StoreKey) -> Bool {
        guard let afterKey else { return true }
        return (key.namespace, key.name) > (afterKey.namespace, afterKey.name)
    }
}

/// What a windowed list read returns.
public struct ListedWindow: Sendable {
    /// The objects in the window, in namespace/name order.
    public var items: [StoredObject]
    /// The revision the read reflects.
    public var revision: Int64
    /// Whether objects may follow the window (false: the list ended inside it).
    public var more: Bool
    /// How many objects follow the window, when asked for and known.
    public var remaining: Int64?
    /// The key of the last entry the read passed (an object, or one deleted by then): the
    /// position the next window starts after.
    public var cursor: StoreKey?

    /// A window's result.
    public init(items: [StoredObject], revision: Int64, more: Bool, remaining: Int64?, cursor: StoreKey? = nil) {
        self.items = items
        self.revision = revision
        self.more = more
        self.remaining = remaining
        self.cursor = cursor ?? items.last?.key
    }
}

extension StorageBackend {
    /// A window read through a full list: what a backend without a range query does.
    public func list(resource: String, namespace: String?, atRevision revision: Int64?, window: ListWindow) throws -> ListedWindow {
        let listed = try list(resource: resource, namespace: namespace, atRevision: revision)
        let following = listed.items.filter { window.follows($0.key) }
        let items = Array(following.prefix(window.limit))
        let remaining = Int64(following.count - items.count)
        return ListedWindow(items: items, revision: listed.revision, more: remaining > 0,
                            remaining: window.countRemaining ? remaining : nil)
    }
}
