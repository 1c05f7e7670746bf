/// A watch on the store: every change after the revision it started from, in revision order,
/// then live changes. Ends when cancelled, when the iterating task is cancelled, or when the
/// store closes. Iterate it from one task.
public final class StoreWatch: AsyncSequence, Sendable {
    /// Watches deliver store events.
    public typealias Element = StoreEvent
    /// Watches never fail; they just end.
    public typealias Failure = Never
    /// The iterator of the underlying subscription.
    public typealias AsyncIterator = EventSubscription.AsyncIterator

    /// The revision the watch started after.
    public let fromRevision: Int64
    private let subscription: EventSubscription

    init(fromRevision: Int64, subscription: EventSubscription) {
        self.fromRevision = fromRevision
        self.subscription = subscription
    }

    /// What the watch delivers.
    public var filter: EventFilter { subscription.filter }

    /// Iterates the events.
    public func makeAsyncIterator() -> AsyncIterator { subscription.makeAsyncIterator() }

    /// Stops the watch: iteration ends after the events already buffered.
    public func cancel() { subscription.cancel() }
}
