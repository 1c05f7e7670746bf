import Foundation
import Kernel
import Testing

/// The conformance suite: every backend must pass each test.
@Suite("Store conformance")
struct StoreConformanceTests {
    @Test("create, get, update and delete with global revisions", arguments: StoreBackendKind.allCases)
    func crud(_ kind: StoreBackendKind) async throws {
        try await withStore(kind) { store in
            #expect(store.currentRevision == 0)
            let created = try store.create(podKey("a"), object: podObject("a", value: 1))
            #expect(created.createRevision == 1 && created.modRevision == 1)
            #expect(created.object.resourceVersion == 1)
            #expect(created.object.name == "a")

            let other = try store.create(StoreKey(.nodes, namespace: "ignored", name: "n1"), object: ["metadata": ["name": "n1"]])
            #expect(other.key.namespace == "")
            #expect(other.modRevision == 2)

            let fetched = try #require(try store.get(podKey("a")))
            #expect(fetched == created)

            var changed = fetched.object
            changed[path: "spec", "value"] = 2
            let updated = try store.update(podKey("a"), object: changed, expectedRevision: fetched.modRevision)
            #expect(updated.createRevision == 1 && updated.modRevision == 3)
            #expect(updated.object.resourceVersion == 3)
            #expect(specValue(try store.get(podKey("a"))?.object) == 2)

            // An unconditional update ignores whatever resourceVersion the object carries.
            var stale = changed
            stale.resourceVersion = 1
            let forced = try store.update(podKey("a"), object: stale, expectedRevision: nil)
            #expect(forced.modRevision == 4 && forced.object.resourceVersion == 4)

            let deleted = try store.delete(podKey("a"))
            #expect(deleted.modRevision == 5)
            #expect(deleted.object.resourceVersion == 5)
            #expect(specValue(deleted.object) == 2)
            #expect(try store.get(podKey("a")) == nil)
            #expect(store.currentRevision == 5)

            // Re-creating starts a new life with a new create revision.
            let again = try store.create(podKey("a"), object: podObject("a", value: 9))
            #expect(again.createRevision == 6 && again.modRevision == 6)
        }
    }

    @Test("a stale expected revision is a conflict and writes nothing", arguments: StoreBackendKind.allCases)
    func optimisticConcurrency(_ kind: StoreBackendKind) async throws {
        try await withStore(kind) { store in
            let first = try store.create(podKey("a"), object: podObject("a", value: 1))
            let second = try store.update(podKey("a"), object: podObject("a", value: 2), expectedRevision: first.modRevision)
            expectStoreError(.conflict(podKey("a"), expected: first.modRevision, actual: second.modRevision)) {
                try store.update(podKey("a"), object: podObject("a", value: 3), expectedRevision: first.modRevision)
            }
            expectStoreError(.conflict(podKey("a"), expected: first.modRevision, actual: second.modRevision)) {
                try store.delete(podKey("a"), expectedRevision: first.modRevision)
            }
            #expect(store.currentRevision == second.modRevision)
            #expect(try store.get(podKey("a")) == second)
            // The next write still takes the next revision: failed writes consumed none.
            let third = try store.update(podKey("a"), object: podObject("a", value: 3), expectedRevision: second.modRevision)
            #expect(third.modRevision == second.modRevision + 1)
            let gone = try store.delete(podKey("a"), expectedRevision: third.modRevision)
            #expect(gone.modRevision == third.modRevision + 1)
        }
    }

    @Test("already exists and not found", arguments: StoreBackendKind.allCases)
    func existence(_ kind: StoreBackendKind) async throws {
        try await withStore(kind) { store in
            try store.create(podKey("a"), object: podObject("a"))
            expectStoreError(.alreadyExists(podKey("a"))) { try store.create(podKey("a"), object: podObject("a")) }
            expectStoreError(.notFound(podKey("b"))) { try store.update(podKey("b"), object: podObject("b"), expectedRevision: nil) }
            expectStoreError(.notFound(podKey("b"))) { try store.update(podKey("b"), object: podObject("b"), expectedRevision: 1) }
            expectStoreError(.notFound(podKey("b"))) { try store.delete(podKey("b")) }
            expectStoreError(.notFound(podKey("b"))) { try store.guaranteedUpdate(podKey("b")) { $0 } }
            #expect(try store.get(podKey("b")) == nil)
            // The same name in another namespace or resource is another object.
            try store.create(podKey("a", "other"), object: podObject("a", "other"))
            try store.create(StoreKey(.services, namespace: "default", name: "a"), object: podObject("a"))
            #expect(store.currentRevision == 3)
        }
    }

    @Test("list by resource and namespace, now and at a past revision", arguments: StoreBackendKind.allCases)
    func listing(_ kind: StoreBackendKind) async throws {
        try await withStore(kind) { store in
            try store.create(podKey("b", "ns1"), object: podObject("b", "ns1", value: 1))  // 1
            try store.create(podKey("a", "ns2"), object: podObject("a", "ns2", value: 1))  // 2
            try store.create(podKey("a", "ns1"), object: podObject("a", "ns1", value: 1))  // 3
            try store.create(StoreKey(.services, namespace: "ns1", name: "s"), object: podObject("s", "ns1"))  // 4
            try store.create(StoreKey(.nodes, namespace: "", name: "n"), object: ["metadata": ["name": "n"]])  // 5
            let snapshot = store.currentRevision
            try store.update(podKey("a", "ns1"), object: podObject("a", "ns1", value: 2), expectedRevision: nil)  // 6
            try store.delete(podKey("b", "ns1"))  // 7
            try store.create(podKey("c", "ns1"), object: podObject("c", "ns1", value: 1))  // 8

            let all = try store.list(resource: "pods", namespace: nil)
            #expect(all.revision == 8)
            #expect(all.items.map(\.key.description) == ["pods/ns1/a", "pods/ns1/c", "pods/ns2/a"])
            #expect(all.items.map { specValue($0.object) } == [2, 1, 1])
            #expect(all.items.allSatisfy { $0.object.resourceVersion == $0.modRevision })

            let ns1 = try store.list(resource: "pods", namespace: "ns1")
            #expect(ns1.items.map(\.key.name) == ["a", "c"])
            #expect(try store.list(resource: "pods", namespace: "nowhere").items.isEmpty)
            #expect(try store.list(resource: "services", namespace: nil).items.map(\.key.name) == ["s"])
            #expect(try store.list(resource: "nodes", namespace: "").items.map(\.key.name) == ["n"])
            #expect(try store.list(resource: "deployments.apps", namespace: nil).items.isEmpty)

            let past = try store.list(resource: "pods", namespace: nil, atRevision: snapshot)
            #expect(past.revision == snapshot)
            #expect(past.items.map(\.key.description) == ["pods/ns1/a", "pods/ns1/b", "pods/ns2/a"])
            #expect(past.items.map { specValue($0.object) } == [1, 1, 1])
            #expect(past.items.map(\.modRevision) == [3, 1, 2])
            #expect(past.items.allSatisfy { $0.object.resourceVersion == $0.modRevision })
            let pastNs1 = try store.list(resource: "pods", namespace: "ns1", atRevision: 2)
            #expect(pastNs1.items.map(\.key.name) == ["b"])
            #expect(try store.list(resource: "pods", namespace: nil, atRevision: 7).items.map(\.key.description) == ["pods/ns1/a", "pods/ns2/a"])
            // 0 means now.
            #expect(try store.list(resource: "pods", namespace: nil, atRevision: 0).items == all.items)

            expectStoreError(.futureRevision(requested: 9, current: 8)) {
                _ = try store.list(resource: "pods", namespace: nil, atRevision: 9)
            }
        }
    }

    @Test("windowed lists: after a position, at most a limit, now and at a past revision", arguments: StoreBackendKind.allCases)
    func windows(_ kind: StoreBackendKind) async throws {
        try await withStore(kind) { store in
            for (namespace, name) in [("ns1", "a"), ("ns1", "b"), ("ns1", "c"), ("ns2", "a"), ("ns2", "b")] {
                try store.create(podKey(name, namespace), object: podObject(name, namespace))
            }
            let snapshot = store.currentRevision
            try store.delete(podKey("b", "ns1"))
            try store.create(podKey("d", "ns1"), object: podObject("d", "ns1"))

            let first = try store.list(resource: "pods", namespace: nil, window: ListWindow(limit: 2, countRemaining: true))
            #expect(first.items.map(\.key.description) == ["pods/ns1/a", "pods/ns1/c"])
            #expect(first.more)
            #expect(first.remaining == 3)
            #expect(first.revision == store.currentRevision)
            let next = try store.list(resource: "pods", namespace: nil, window: ListWindow(after: ("ns1", "c"), limit: 10))
            #expect(next.items.map(\.key.description) == ["pods/ns1/d", "pods/ns2/a", "pods/ns2/b"])
            #expect(!next.more)
            let scoped = try store.list(resource: "pods", namespace: "ns2", window: ListWindow(after: ("ns2", "a"), limit: 5))
            #expect(scoped.items.map(\.key.name) == ["b"])

            // At a past revision the deleted-since object is back and the later one absent;
            // windows chained on the cursor cover the list exactly once.
            var seen: [String] = []
            var after: (namespace: String, name: String)?
            while true {
                let window = try store.list(resource: "pods", namespace: nil, atRevision: snapshot, window: ListWindow(after: after, limit: 2))
                #expect(window.revision == snapshot)
                seen += window.items.map(\.key.description)
                guard window.more, let cursor = window.cursor else { break }
                after = (cursor.namespace, cursor.name)
            }
            #expect(seen == ["pods/ns1/a", "pods/ns1/b", "pods/ns1/c", "pods/ns2/a", "pods/ns2/b"])
        }
    }

    @Test("get at a past revision", arguments: StoreBackendKind.allCases)
    func getAtRevision(_ kind: StoreBackendKind) async throws {
        try await withStore(kind) { store in
            try store.create(podKey("other"), object: podObject("other"))  // 1
            try store.create(podKey("a"), object: podObject("a", value: 10))  // 2
            try store.update(podKey("a"), object: podObject("a", value: 20), expectedRevision: 2)  // 3
            try store.create(podKey("other2"), object: podObject("other2"))  // 4
            try store.update(podKey("a"), object: podObject("a", value: 30), expectedRevision: 3)  // 5
            try store.delete(podKey("a"))  // 6
            try store.create(podKey("a"), object: podObject("a", value: 40))  // 7

            #expect(try store.get(podKey("a"), atRevision: 1) == nil)
            let expected: [Int64: (Int64?, Int64?)] = [2: (10, 2), 3: (20, 3), 4: (20, 3), 5: (30, 5), 6: (nil, nil), 7: (40, 7)]
            for (revision, (wanted, modRevision)) in expected.sorted(by: { $0.key < $1.key }) {
                let found = try store.get(podKey("a"), atRevision: revision)
                #expect(specValue(found?.object) == wanted, "at revision \(revision)")
                #expect(found?.modRevision == modRevision, "at revision \(revision)")
                #expect(found?.object.resourceVersion == modRevision, "at revision \(revision)")
            }
            #expect(try store.get(podKey("a"), atRevision: 5)?.createRevision == 2)
            #expect(try store.get(podKey("a"), atRevision: 7)?.createRevision == 7)
            expectStoreError(.futureRevision(requested: 8, current: 7)) { _ = try store.get(podKey("a"), atRevision: 8) }
        }
    }

    @Test("watch from a revision: every change after it, in order, filtered", arguments: StoreBackendKind.allCases)
    func watchOrder(_ kind: StoreBackendKind) async throws {
        try await withStore(kind) { store in
            try store.create(podKey("early", "a"), object: podObject("early", "a"))  // 1
            let start = store.currentRevision
            try store.create(podKey("p1", "a"), object: podObject("p1", "a", value: 1))  // 2
            try store.create(StoreKey(.services, namespace: "a", name: "s1"), object: podObject("s1", "a"))  // 3
            try store.create(podKey("p2", "b"), object: podObject("p2", "b"))  // 4
            try store.update(podKey("p1", "a"), object: podObject("p1", "a", value: 2), expectedRevision: 2)  // 5
            try store.create(StoreKey(.nodes, namespace: "", name: "n1"), object: ["metadata": ["name": "n1"]])  // 6

            let everything = try store.watch(resource: nil, namespace: nil, fromRevision: start)
            let podsInA = try store.watch(resource: "pods", namespace: "a", fromRevision: start)
            let namespaceA = try store.watch(resource: nil, namespace: "a", fromRevision: start)
            let nodes = try store.watch(resource: "nodes", namespace: nil, fromRevision: 0)

            // Live changes after the replay.
            try store.delete(podKey("p1", "a"))  // 7
            try store.create(podKey("p3", "a"), object: podObject("p3", "a"))  // 8
            try store.update(StoreKey(.nodes, namespace: "", name: "n1"), object: ["metadata": ["name": "n1"], "spec": ["unschedulable": true]], expectedRevision: 6)  // 9

            let all = await collectEvents(everything, count: 8)
            #expect(all.map(\.revision) == Array(2...9))
            #expect(all.map(\.kind) == [.added, .added, .added, .modified, .added, .deleted, .added, .modified])
            #expect(all.allSatisfy { $0.object.resourceVersion == $0.revision })

            let pods = await collectEvents(podsInA, count: 4)
            #expect(pods.map(\.revision) == [2, 5, 7, 8])
            #expect(pods.map(\.kind) == [.added, .modified, .deleted, .added])
            let deletion = pods[2]
            #expect(deletion.key == podKey("p1", "a"))
            #expect(specValue(deletion.object) == 2)
            #expect(deletion.object.resourceVersion == 7)

            let inA = await collectEvents(namespaceA, count: 5)
            #expect(inA.map(\.revision) == [2, 3, 5, 7, 8])

            let nodeEvents = await collectEvents(nodes, count: 1)
            #expect(nodeEvents.map(\.revision) == [9])
            #expect(nodes.fromRevision == 6)

            // Nothing more is pending: the next event any of them sees is a fresh marker.
            try store.create(podKey("marker", "a"), object: podObject("marker", "a"))  // 10
            #expect(await collectEvents(podsInA, count: 1).map(\.revision) == [10])
            #expect(await collectEvents(everything, count: 1).map(\.revision) == [10])

            // A watch from the current revision replays nothing; a future one is refused.
            let fromNow = try store.watch(resource: "pods", namespace: nil, fromRevision: store.currentRevision)
            try store.create(podKey("last", "z"), object: podObject("last", "z"))
            #expect(await collectEvents(fromNow, count: 1).map(\.key.name) == ["last"])
            expectStoreError(.futureRevision(requested: 100, current: 11)) {
                _ = try store.watch(resource: nil, namespace: nil, fromRevision: 100)
            }
            for watch in [everything, podsInA, namespaceA, nodes, fromNow] { watch.cancel() }
        }
    }

    @Test("a watch started while writes go on misses nothing and repeats nothing", arguments: StoreBackendKind.allCases)
    func watchDuringWrites(_ kind: StoreBackendKind) async throws {
        try await withStore(kind) { store in
            let total = 400
            let writer = Task.detached {
                for index in 0..<total {
                    let key = podKey("p\(index % 50)")
                    if try store.get(key) == nil {
                        try store.create(key, object: podObject(key.name, value: Int64(index)))
                    } else {
                        try store.update(key, object: podObject(key.name, value: Int64(index)), expectedRevision: nil)
                    }
                }
            }
            // Start watchers at several moments during the writes, each from a list's revision.
            var starts: [(list: [StoredObject], watch: StoreWatch)] = []
            for _ in 0..<6 {
                let list = try store.list(resource: "pods", namespace: nil)
                starts.append((list.items, try store.watch(resource: "pods", namespace: nil, fromRevision: list.revision)))
                await Task.yield()
                try await Task.sleep(for: .milliseconds(5))
            }
            // And one from "now", without a revision.
            let live = try store.watch(resource: "pods", namespace: nil, fromRevision: 0)
            try await writer.value
            let final = store.currentRevision
            #expect(final == Int64(total))

            for (items, watch) in starts {
                let events = await collectEvents(watch, count: Int(final - watch.fromRevision))
                #expect(events.map(\.revision) == Array(stride(from: watch.fromRevision + 1, through: final, by: 1)))
                // List + events reproduce the final state.
                var state = Dictionary(uniqueKeysWithValues: items.map { ($0.key, specValue($0.object)) })
                for event in events { state[event.key] = specValue(event.object) }
                let now = try store.list(resource: "pods", namespace: nil).items
                #expect(state == Dictionary(uniqueKeysWithValues: now.map { ($0.key, specValue($0.object)) }))
                watch.cancel()
            }
            let liveEvents = await collectEvents(live, count: Int(final - live.fromRevision))
            #expect(liveEvents.map(\.revision) == Array(stride(from: live.fromRevision + 1, through: final, by: 1)))
            live.cancel()
        }
    }

    @Test("compaction: reads and watches before it fail, at and after it work", arguments: StoreBackendKind.allCases)
    func compaction(_ kind: StoreBackendKind) async throws {
        try await withStore(kind) { store in
            try store.create(podKey("kept"), object: podObject("kept", value: 1))  // 1
            try store.update(podKey("kept"), object: podObject("kept", value: 2), expectedRevision: nil)  // 2
            try store.create(podKey("gone"), object: podObject("gone"))  // 3
            try store.delete(podKey("gone"))  // 4
            try store.update(podKey("kept"), object: podObject("kept", value: 3), expectedRevision: nil)  // 5
            try store.create(podKey("late"), object: podObject("late"))  // 6
            try store.update(podKey("kept"), object: podObject("kept", value: 4), expectedRevision: nil)  // 7

            try store.compact(before: 5)
            #expect(store.compactedRevision == 5)
            expectStoreError(.compacted(requested: 4, compacted: 5)) { _ = try store.get(podKey("kept"), atRevision: 4) }
            expectStoreError(.compacted(requested: 1, compacted: 5)) { _ = try store.list(resource: "pods", namespace: nil, atRevision: 1) }
            expectStoreError(.compacted(requested: 4, compacted: 5)) { _ = try store.watch(resource: nil, namespace: nil, fromRevision: 4) }

            #expect(specValue(try store.get(podKey("kept"), atRevision: 5)?.object) == 3)
            #expect(try store.get(podKey("gone"), atRevision: 5) == nil)
            #expect(specValue(try store.get(podKey("kept"), atRevision: 6)?.object) == 3)
            #expect(try store.get(podKey("kept"), atRevision: 6)?.createRevision == 1)
            #expect(try store.list(resource: "pods", namespace: nil, atRevision: 5).items.map(\.key.name) == ["kept"])
            #expect(try store.list(resource: "pods", namespace: nil, atRevision: 6).items.map(\.key.name) == ["kept", "late"])
            #expect(try store.list(resource: "pods", namespace: nil).items.map { specValue($0.object) } == [4, 0])

            let watch = try store.watch(resource: nil, namespace: nil, fromRevision: 5)
            #expect(await collectEvents(watch, count: 2).map(\.revision) == [6, 7])
            watch.cancel()

            // Compacting lower is a no-op, beyond the present is refused, further works.
            try store.compact(before: 3)
            #expect(store.compactedRevision == 5)
            expectStoreError(.futureRevision(requested: 8, current: 7)) { try store.compact(before: 8) }
            try store.compact(before: 7)
            expectStoreError(.compacted(requested: 6, compacted: 7)) { _ = try store.get(podKey("late"), atRevision: 6) }
            #expect(specValue(try store.get(podKey("kept"), atRevision: 7)?.object) == 4)
            #expect(try store.list(resource: "pods", namespace: nil, atRevision: 7).items.map(\.key.name) == ["kept", "late"])
            // Writes go on; a watch from now or from the compaction point still works.
            let fromCompaction = try store.watch(resource: "pods", namespace: nil, fromRevision: 7)
            try store.delete(podKey("late"))
            #expect(await collectEvents(fromCompaction, count: 1).map(\.kind) == [.deleted])
            fromCompaction.cancel()
        }
    }

    @Test("guaranteed update retries conflicts until every writer lands", arguments: StoreBackendKind.allCases)
    func guaranteedUpdate(_ kind: StoreBackendKind) async throws {
        try await withStore(kind) { store in
            try store.create(podKey("counter"), object: podObject("counter", value: 0))
            let workers = 4
            let increments = 25
            try await withThrowingTaskGroup(of: Void.self) { group in
                for _ in 0..<workers {
                    group.addTask {
                        for _ in 0..<increments {
                            try store.guaranteedUpdate(podKey("counter")) { current in
                                var next = current
                                next[path: "spec", "value"] = .int((specValue(current) ?? 0) + 1)
                                return next
                            }
                        }
                    }
                }
                try await group.waitForAll()
            }
            let final = try #require(try store.get(podKey("counter")))
            #expect(specValue(final.object) == Int64(workers * increments))
            #expect(final.modRevision == Int64(workers * increments + 1))

            // A transform that changes nothing writes nothing.
            let same = try store.guaranteedUpdate(podKey("counter")) { $0 }
            #expect(same == final)
            #expect(store.currentRevision == final.modRevision)

            // Errors from the transform come through and nothing is written.
            struct Refused: Error {}
            #expect(throws: Refused.self) { try store.guaranteedUpdate(podKey("counter")) { _ in throw Refused() } }
            #expect(store.currentRevision == final.modRevision)
        }
    }

    @Test("closing the store ends its watches and refuses further use", arguments: StoreBackendKind.allCases)
    func closing(_ kind: StoreBackendKind) async throws {
        try await withStore(kind) { store in
            try store.create(podKey("a"), object: podObject("a"))
            let watch = try store.watch(resource: nil, namespace: nil, fromRevision: 0)
            let ended = Task { await collectEvents(watch, count: 5) }
            store.close()
            #expect(await ended.value.isEmpty)
            #expect(store.isClosed)
            #expect(throws: StoreError.self) { try store.create(podKey("b"), object: podObject("b")) }
            #expect(throws: StoreError.self) { _ = try store.get(podKey("a")) }
            #expect(throws: StoreError.self) { _ = try store.watch(resource: nil, namespace: nil, fromRevision: 0) }
        }
    }

    @Test("objects come back exactly as written", arguments: StoreBackendKind.allCases)
    func roundTrip(_ kind: StoreBackendKind) async throws {
        try await withStore(kind) { store in
            var tricky: JSONValue = [
                "metadata": ["name": "tricky", "namespace": "default", "labels": ["app": "a/b", "": ""]],
                "text": "quote \" backslash \\ slash / tab \t newline \n bell \u{07} nul \u{00} é 日本 🚢",
                "numbers": [0, -1, .int(Int64.max), .int(Int64.min), 0.5, -2.25e-7, 1.5e300],
                "flags": [true, false, .null],
                "empty": ["object": [:], "array": [], "string": ""],
                "nested": [[[["deep": [1, [2, [3]]]]]]],
            ]
            try store.create(podKey("before"), object: podObject("before"))
            let created = try store.create(podKey("tricky"), object: tricky)
            tricky.resourceVersion = created.modRevision
            #expect(created.object == tricky)
            #expect(try store.get(podKey("tricky"))?.object == tricky)
            #expect(try store.list(resource: "pods", namespace: "default").items.last?.object == tricky)
            let deleted = try store.delete(podKey("tricky"))
            let watch = try store.watch(resource: "pods", namespace: nil, fromRevision: created.modRevision - 1)
            let events = await collectEvents(watch, count: 2)
            watch.cancel()
            #expect(events.first?.object == tricky)
            #expect(events.last?.object == deleted.object)
            #expect(try store.get(podKey("tricky"), atRevision: created.modRevision)?.object == tricky)
        }
    }

    @Test("thousands of objects", arguments: StoreBackendKind.allCases)
    func manyObjects(_ kind: StoreBackendKind) async throws {
        try await withStore(kind) { store in
            let count = 2000
            for index in 0..<count {
                try store.create(podKey("p\(index)", "ns\(index % 10)"), object: podObject("p\(index)", "ns\(index % 10)", value: Int64(index)))
            }
            for index in stride(from: 0, to: count, by: 4) {
                try store.update(podKey("p\(index)", "ns\(index % 10)"), object: podObject("p\(index)", "ns\(index % 10)", value: -1), expectedRevision: nil)
            }
            #expect(try store.list(resource: "pods", namespace: nil).items.count == count)
            #expect(try store.list(resource: "pods", namespace: "ns3").items.count == count / 10)
            #expect(try store.list(resource: "pods", namespace: nil, atRevision: Int64(count)).items.allSatisfy { specValue($0.object) != -1 })
            try store.compact(before: Int64(count))
            #expect(try store.list(resource: "pods", namespace: nil, atRevision: Int64(count)).items.count == count)
        }
    }
}
