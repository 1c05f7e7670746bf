/// One subscriber's view of an `EventBus`: the matching events in publication order, buffered
/// without bound so that a slow consumer never holds up a writer. Ends when cancelled, when the
/// iterating task is cancelled, or when the bus closes.
public final class EventSubscription: AsyncSequence, Sendable {
    /// Subscriptions deliver store events.
    public typealias Element = StoreEvent
    /// Subscriptions never fail; they just end.
    public typealias Failure = Never
    /// The iterator: the underlying stream's.
    public typealias AsyncIterator = AsyncStream<StoreEvent>.Iterator

    /// The filter the bus applies for this subscriber.
    public let filter: EventFilter
    private let stream: AsyncStream<StoreEvent>
    private let onCancel: @Sendable () -> Void

    init(filter: EventFilter, stream: AsyncStream<StoreEvent>, onCancel: @escaping @Sendable () -> Void) {
        self.filter = filter
        self.stream = stream
        self.onCancel = onCancel
    }

    /// Iterates the events. A subscription has one consumer: iterate it from one task.
    public func makeAsyncIterator() -> AsyncStream<StoreEvent>.Iterator { stream.makeAsyncIterator() }

    /// Stops delivery: the bus forgets the subscriber and iteration ends after the events
    /// already buffered. Calling it again does nothing.
    public func cancel() { onCancel() }
}
