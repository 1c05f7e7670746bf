import Kernel
import Testing

@Suite("Store event bus")
struct StoreEventBusTests {
    private func event(_ revision: Int64, _ resource: String, _ namespace: String) -> StoreEvent {
        let key = StoreKey(resource: resource, namespace: namespace, name: "o\(revision)")
        return StoreEvent(kind: .added, key: key, object: podObject(key.name, namespace), revision: revision)
    }

    @Test("subscribers get matching events in order; a slow one holds nobody up")
    func fanOut() async throws {
        let bus = EventBus()
        let everything = bus.subscribe()
        let pods = bus.subscribe(resource: "pods")
        let podsInA = bus.subscribe(resource: "pods", namespace: "a")
        #expect(bus.subscriberCount == 3)
        // Nobody reads while 5000 events are published: publishing must not block.
        for revision in Int64(1)...5000 {
            bus.publish(event(revision, revision % 2 == 0 ? "pods" : "services", revision % 4 == 0 ? "a" : "b"))
        }
        bus.close()
        var all: [Int64] = []
        for await event in everything { all.append(event.revision) }
        #expect(all == Array(1...5000))
        var podRevisions: [Int64] = []
        for await event in pods { podRevisions.append(event.revision) }
        #expect(podRevisions == Array(stride(from: 2, through: 5000, by: 2)))
        var inA: [Int64] = []
        for await event in podsInA { inA.append(event.revision) }
        #expect(inA == Array(stride(from: 4, through: 5000, by: 4)))
        #expect(bus.subscriberCount == 0)
    }

    @Test("cancelling a subscription or its task unsubscribes it")
    func cancellation() async throws {
        let bus = EventBus()
        let subscription = bus.subscribe()
        bus.publish(event(1, "pods", "a"))
        subscription.cancel()
        #expect(bus.subscriberCount == 0)
        bus.publish(event(2, "pods", "a"))
        var seen: [Int64] = []
        for await event in subscription { seen.append(event.revision) }
        #expect(seen == [1])

        let other = bus.subscribe()
        let reader = Task { for await _ in other {} }
        reader.cancel()
        await reader.value
        #expect(bus.subscriberCount == 0)

        let closedBus = EventBus()
        closedBus.close()
        var late: [Int64] = []
        for await event in closedBus.subscribe(filter: .all, replaying: [event(7, "pods", "a")]) { late.append(event.revision) }
        #expect(late == [7])
    }

    @Test("the store publishes every committed change on its bus, and only those")
    func storePublishes() async throws {
        let bus = EventBus()
        let store = try Store(backend: MemoryBackend(), bus: bus)
        let subscription = bus.subscribe(resource: "pods")
        try store.create(podKey("a"), object: podObject("a"))
        #expect(throws: StoreError.self) { try store.create(podKey("a"), object: podObject("a")) }
        try store.delete(podKey("a"))
        store.close()
        var kinds: [StoreEvent.Kind] = []
        for await event in subscription { kinds.append(event.kind) }
        #expect(kinds == [.added, .deleted])
    }
}
