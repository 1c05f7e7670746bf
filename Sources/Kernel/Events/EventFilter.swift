/// Which store events a subscriber wants: one resource (or all) and one namespace (or all).
public struct EventFilter: Sendable, Hashable {
    /// The resource's storage name ("pods", "deployments.apps"); nil for every resource.
    public var resource: String?
    /// The namespace ("" for cluster-scoped objects); nil for every namespace.
    public var namespace: String?

    /// Creates a filter; nil members match everything.
    public init(resource: String? = nil, namespace: String? = nil) {
        self.resource = resource
        self.namespace = namespace
    }

    /// A filter that lets every event through.
    public static let all = EventFilter()

    /// Whether an object under `key` passes the filter.
    public func matches(_ key: StoreKey) -> Bool {
        (resource == nil || resource == key.resource) && (namespace == nil || namespace == key.namespace)
    }

    /// Whether `event` passes the filter.
    public func matches(_ event: StoreEvent) -> Bool { matches(event.key) }
}
