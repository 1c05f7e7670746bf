import Kernel

extension ClusterAPI {
    /// Watches every change after `fromRevision` (0: current objects as ADDED first). Stop by
    /// cancelling the task that iterates the stream.
    public func watch(_ type: ResourceType, namespace: String?, fromRevision: Int64) async throws -> AsyncThrowingStream<WatchEvent, any Error> {
        try watchObjects(type, namespace: namespace, fromRevision: fromRevision, selector: .everything)
    }

    /// Watches objects matching `selector` after `fromRevision` (0: the current matching objects
    /// as ADDED events first). With a selector, an object that starts matching arrives as ADDED
    /// and one that stops matching as DELETED, as Kubernetes does. Throws `APIError.gone` (410)
    /// when `fromRevision` was compacted away. The stream ends when the consumer stops
    /// iterating or the store closes.
    public func watch(_ type: ResourceType, namespace: String?, fromRevision: Int64, selector: ObjectSelector) async throws -> AsyncThrowingStream<WatchEvent, any Error> {
        try watchObjects(type, namespace: namespace, fromRevision: fromRevision, selector: selector)
    }

    func watchObjects(_ type: ResourceType, namespace: String?, fromRevision: Int64, selector: ObjectSelector) throws -> AsyncThrowingStream<WatchEvent, any Error> {
        guard fromRevision >= 0 else { throw APIError.badRequest("invalid resourceVersion \(fromRevision)") }
        let resource = type.storageName
        let scope = type.namespaced ? namespace.flatMap { $0.isEmpty ? nil : $0 } : nil
        var initial: [WatchEvent] = []
        var matching = WatchSelection(selector: selector)
        let storeWatch: StoreWatch
        let skipThrough: Int64
        if fromRevision == 0 {
            // Register first, then list at the watch's starting revision: nothing falls between.
            storeWatch = try Self.mapStoreErrors(type, "") { try store.watch(resource: resource, namespace: scope, fromRevision: 0) }
            let listed: (items: [StoredObject], revision: Int64)
            do {
                listed = try Self.mapStoreErrors(type, "") {
                    try store.list(resource: resource, namespace: scope, atRevision: storeWatch.fromRevision == 0 ? nil : storeWatch.fromRevision)
                }
            } catch {
                storeWatch.cancel()
                throw error
            }
            for item in listed.items where selector.matches(item.object) {
                initial.append(WatchEvent(type: "ADDED", object: item.object, revision: item.modRevision))
                matching.insert(item.key)
            }
            skipThrough = listed.revision
        } else {
            if !selector.isEmpty {
                let listed = try Self.mapStoreErrors(type, "") {
                    try store.list(resource: resource, namespace: scope, atRevision: fromRevision)
                }
                for item in listed.items where selector.matches(item.object) { matching.insert(item.key) }
            }
            storeWatch = try Self.mapStoreErrors(type, "") { try store.watch(resource: resource, namespace: scope, fromRevision: fromRevision) }
            skipThrough = fromRevision
        }
        let (stream, continuation) = AsyncThrowingStream<WatchEvent, any Error>.makeStream()
        let pump = Task { [matching] in
            var matching = matching
            for event in initial { continuation.yield(event) }
            for await event in storeWatch where event.revision > skipThrough {
                if let visible = matching.translate(event) { continuation.yield(visible) }
            }
            continuation.finish()
        }
        continuation.onTermination = { _ in
            pump.cancel()
            storeWatch.cancel()
        }
        return stream
    }
}

/// What a selector-filtered watch has shown its client, to turn store events into the events
/// the client must see.
struct WatchSelection: Sendable {
    let selector: ObjectSelector
    private var shown: Set<StoreKey> = []

    init(selector: ObjectSelector) { self.selector = selector }

    /// Records an object the client has seen.
    mutating func insert(_ key: StoreKey) { shown.insert(key) }

    /// The event the client sees for a store event, or nil when the change is invisible to it.
    mutating func translate(_ event: StoreEvent) -> WatchEvent? {
        guard !selector.isEmpty else { return event.watchEvent }
        let wasShown = shown.contains(event.key)
        if event.kind == .deleted {
            guard wasShown else { return nil }
            shown.remove(event.key)
            return event.watchEvent
        }
        let matches = selector.matches(event.object)
        switch (wasShown, matches) {
        case (true, true):
            return WatchEvent(type: "MODIFIED", object: event.object, revision: event.revision)
        case (false, true):
            shown.insert(event.key)
            return WatchEvent(type: "ADDED", object: event.object, revision: event.revision)
        case (true, false):
            shown.remove(event.key)
            return WatchEvent(type: "DELETED", object: event.object, revision: event.revision)
        case (false, false):
            return nil
        }
    }
}
