import Synchronization

/// In-process fan-out of store events: every subscriber whose filter matches receives each
/// published event, in publication order. Publishing never blocks on a subscriber (buffers are
/// unbounded). The store publishes while it holds its write lock, so the bus sees events in
/// revision order.
public final class EventBus: Sendable {
    private struct Subscriber {
        let filter: EventFilter
        let continuation: AsyncStream<StoreEvent>.Continuation
    }

    private struct State {
        var nextID: UInt64 = 0
        var subscribers: [UInt64: Subscriber] = [:]
        var closed = false
    }

    private let state = Mutex(State())

    /// Creates a bus with no subscribers.
    public init() {}

    /// Subscribes to events matching `resource` and `namespace` (nil: any), from the next
    /// publication on.
    public func subscribe(resource: String? = nil, namespace: String? = nil) -> EventSubscription {
        subscribe(filter: EventFilter(resource: resource, namespace: namespace), replaying: [])
    }

    /// Subscribes with `filter`, first delivering `replay` (already ordered, already filtered by
    /// the caller) and then every later matching publication. Replay and registration happen
    /// atomically with respect to `publish`, so nothing published afterwards is missed or
    /// delivered twice. On a closed bus the subscription yields `replay` and ends.
    public func subscribe(filter: EventFilter, replaying replay: [StoreEvent]) -> EventSubscription {
        let (stream, continuation) = AsyncStream<StoreEvent>.makeStream(bufferingPolicy: .unbounded)
        let registered: UInt64? = state.withLock { state in
            for event in replay { continuation.yield(event) }
            guard !state.closed else { return nil }
            let id = state.nextID
            state.nextID += 1
            state.subscribers[id] = Subscriber(filter: filter, continuation: continuation)
            return id
        }
        guard let id = registered else {
            continuation.finish()
            return EventSubscription(filter: filter, stream: stream, onCancel: {})
        }
        // The closure is kept by the continuation, which the bus holds: capture the bus weakly.
        continuation.onTermination = { [weak self] _ in self?.unsubscribe(id) }
        return EventSubscription(filter: filter, stream: stream, onCancel: { [weak self] in
            self?.unsubscribe(id)
            continuation.finish()
        })
    }

    /// Delivers `event` to every matching subscriber.
    public func publish(_ event: StoreEvent) {
        state.withLock { state in
            for subscriber in state.subscribers.values where subscriber.filter.matches(event) {
                subscriber.continuation.yield(event)
            }
        }
    }

    /// Ends every subscription (after the events already buffered) and refuses new ones.
    public func close() {
        let ending = state.withLock { state in
            state.closed = true
            let ending = state.subscribers.values.map(\.continuation)
            state.subscribers.removeAll()
            return ending
        }
        // Finish outside the lock: finishing runs onTermination, which takes the lock.
        for continuation in ending { continuation.finish() }
    }

    /// Whether `close()` was called.
    public var isClosed: Bool { state.withLock { $0.closed } }

    /// How many subscriptions are live.
    public var subscriberCount: Int { state.withLock { $0.subscribers.count } }

    private func unsubscribe(_ id: UInt64) {
        _ = state.withLock { state in state.subscribers.removeValue(forKey: id) }
    }
}
