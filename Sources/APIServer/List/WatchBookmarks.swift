import Kernel
import Synchronization

/// How often an idle watch that allows bookmarks gets a BOOKMARK event. Shared by every
/// watch of one `ClusterAPI`; tests shorten it.
public final class WatchBookmarkSettings: Sendable {
    private let state = Mutex<Duration>(.seconds(3))

    /// Creates settings with the default interval (3 seconds).
    public init() {}

    /// The interval between bookmarks on a watch (at least 10 milliseconds).
    public var interval: Duration {
        get { state.withLock { $0 } }
        set { state.withLock { $0 = max(newValue, .milliseconds(10)) } }
    }
}

/// BOOKMARK events: an object of the watched kind carrying only `metadata.resourceVersion`,
/// telling the client every change up to that revision has been sent.
enum WatchBookmarks {
    /// The annotation on the bookmark that ends a watch's initial events.
    static let initialEventsEnd = "k8s.io/initial-events-end"

    /// A BOOKMARK event for `type` at `revision`, optionally marking the end of initial events.
    static func event(_ type: ResourceType, revision: Int64, initialEventsEnd: Bool = false) -> WatchEvent {
        var metadata: JSONValue = ["resourceVersion": .string(String(revision))]
        if initialEventsEnd { metadata["annotations"] = [Self.initialEventsEnd: "true"] }
        let object: JSONValue = ["kind": .string(type.kind), "apiVersion": .string(type.apiVersion), "metadata": metadata]
        return WatchEvent(type: "BOOKMARK", object: object, revision: revision)
    }

    /// `source` with bookmarks added: after the first `initialCount` events (when given) a
    /// bookmark marking the end of the initial events, and every `interval` (when given) a
    /// bookmark at the latest revision sent. Ends when `source` ends.
    static func wrap(_ source: AsyncThrowingStream<WatchEvent, any Error>, type: ResourceType, startRevision: Int64,
                     initialCount: Int?, interval: Duration?) -> AsyncThrowingStream<WatchEvent, any Error> {
        let (stream, continuation) = AsyncThrowingStream<WatchEvent, any Error>.makeStream()
        let sent = SentRevision(startRevision)
        let pump = Task {
            var seen = 0
            func endInitialIfDue() {
                guard let initialCount, seen == initialCount else { return }
                _ = sent.withLock { continuation.yield(event(type, revision: $0, initialEventsEnd: true)) }
            }
            endInitialIfDue()
            do {
                for try await item in source {
                    sent.withLock { revision in
                        // Initial events carry their objects' older revisions: never go back.
                        revision = max(revision, item.revision)
                        continuation.yield(item)
                    }
                    seen += 1
                    endInitialIfDue()
                }
                continuation.finish()
            } catch {
                continuation.finish(throwing: error)
            }
        }
        let ticker = Task {
            guard let interval else { return }
            while !Task.isCancelled {
                try? await Task.sleep(for: interval)
                if Task.isCancelled { return }
                _ = sent.withLock { continuation.yield(event(type, revision: $0)) }
            }
        }
        continuation.onTermination = { _ in
            pump.cancel()
            ticker.cancel()
        }
        return stream
    }

    /// A watch that fails at once with `error`; the stream writer sends it as one ERROR event
    /// carrying a Status and ends, as Kubernetes answers a watch from a compacted (or future)
    /// resourceVersion on a stream that is already open.
    static func failed(_ error: APIError) -> AsyncThrowingStream<WatchEvent, any Error> {
        AsyncThrowingStream { continuation in
            continuation.finish(throwing: error)
        }
    }

    /// `initial` events followed by `live` ones.
    static func prepend(_ initial: [WatchEvent], to live: AsyncThrowingStream<WatchEvent, any Error>) -> AsyncThrowingStream<WatchEvent, any Error> {
        let (stream, continuation) = AsyncThrowingStream<WatchEvent, any Error>.makeStream()
        for event in initial { continuation.yield(event) }
        let pump = Task {
            do {
                for try await event in live { continuation.yield(event) }
                continuation.finish()
            } catch {
                continuation.finish(throwing: error)
            }
        }
        continuation.onTermination = { _ in pump.cancel() }
        return stream
    }
}

/// The latest revision a watch has sent, guarded so that an event and a bookmark are never
/// sent out of order.
private final class SentRevision: Sendable {
    private let value: Mutex<Int64>

    init(_ revision: Int64) { value = Mutex(revision) }

    func withLock<T>(_ body: (inout Int64) -> T) -> T { value.withLock { body(&$0) } }
}
