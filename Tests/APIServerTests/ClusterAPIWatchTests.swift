import APIServer
import Kernel
import Testing

/// Collects `count` events from a watch stream, giving up after `timeout`.
func collect(_ stream: AsyncThrowingStream<WatchEvent, any Error>, count: Int, timeout: Duration = .seconds(5)) async throws -> [WatchEvent] {
    try await withThrowingTaskGroup(of: [WatchEvent].self) { group in
        group.addTask {
            var events: [WatchEvent] = []
            for try await event in stream {
                events.append(event)
                if events.count == count { break }
            }
            return events
        }
        group.addTask {
            try await Task.sleep(for: timeout)
            return []
        }
        let first = try await group.next() ?? []
        group.cancelAll()
        return first
    }
}

@Suite("ClusterAPI watch")
struct ClusterAPIWatchTests {
    @Test("from revision 0: existing objects as ADDED, then changes in order")
    func fromZero() async throws {
        try await withAPI { api in
            _ = try await api.create(.pods, namespace: "default", object: pod("a"))
            let stream = try await api.watch(.pods, namespace: "default", fromRevision: 0)
            _ = try await api.create(.pods, namespace: "default", object: pod("b"))
            var changed = try await api.get(.pods, namespace: "default", name: "a")
            changed.labels = ["x": "1"]
            _ = try await api.update(.pods, namespace: "default", object: changed)
            _ = try await api.delete(.pods, namespace: "default", name: "b")
            let events = try await collect(stream, count: 4)
            #expect(events.map(\.type) == ["ADDED", "ADDED", "MODIFIED", "DELETED"])
            #expect(events.map { $0.object.name ?? "" } == ["a", "b", "a", "b"])
            #expect(events.map(\.revision) == events.map(\.revision).sorted())
        }
    }

    @Test("from a resourceVersion: only later changes")
    func fromRevision() async throws {
        try await withAPI { api in
            let a = try await api.create(.pods, namespace: "default", object: pod("a"))
            _ = try await api.create(.pods, namespace: "default", object: pod("b"))
            let stream = try await api.watch(.pods, namespace: nil, fromRevision: a.resourceVersion!)
            let events = try await collect(stream, count: 1)
            #expect(events.map { $0.object.name ?? "" } == ["b"])
        }
    }

    @Test("with a selector, objects entering and leaving it show as ADDED and DELETED")
    func selectorTransitions() async throws {
        try await withAPI { api in
            let start = try await api.create(.pods, namespace: "default", object: pod("a", labels: ["app": "web"]))
            let selector = ObjectSelector(labels: LabelSelector(matchLabels: ["app": "web"]))
            let stream = try await api.watch(.pods, namespace: "default", fromRevision: start.resourceVersion!, selector: selector)
            var current = try await api.get(.pods, namespace: "default", name: "a")
            current.labels = ["app": "db"]
            current = try await api.update(.pods, namespace: "default", object: current)
            _ = try await api.create(.pods, namespace: "default", object: pod("other", labels: ["app": "db"]))
            current.labels = ["app": "web"]
            _ = try await api.update(.pods, namespace: "default", object: current)
            let events = try await collect(stream, count: 2)
            #expect(events.map(\.type) == ["DELETED", "ADDED"])
        }
    }

    @Test("a compacted revision is 410 Gone")
    func compacted() async throws {
        try await withAPI { api in
            let first = try await api.create(.pods, namespace: "default", object: pod("a"))
            _ = try await api.create(.pods, namespace: "default", object: pod("b"))
            try api.store.compact(before: api.store.currentRevision)
            let gone = await expectAPIError { _ = try await api.watch(.pods, namespace: nil, fromRevision: first.resourceVersion!) }
            #expect(gone?.code == 410)
            #expect(gone?.reason == "Expired")
        }
    }

    @Test("cancelling the consuming task ends the store watch")
    func cancellation() async throws {
        try await withAPI { api in
            let baseline = api.store.bus.subscriberCount
            let stream = try await api.watch(.pods, namespace: nil, fromRevision: 0)
            #expect(api.store.bus.subscriberCount == baseline + 1)
            let consumer = Task {
                var seen = 0
                for try await _ in stream { seen += 1 }
                return seen
            }
            _ = try await api.create(.pods, namespace: "default", object: pod("a"))
            consumer.cancel()
            _ = try? await consumer.value
            #expect(await eventually { api.store.bus.subscriberCount == baseline })
        }
    }
}
