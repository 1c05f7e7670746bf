import APIServer
import Foundation
import Kernel
import Testing

@Suite("Watch bookmarks, initial events and resourceVersion")
struct BookmarkWatchTests {
    @Test("an idle watch with allowWatchBookmarks gets BOOKMARK events carrying only a resourceVersion")
    func idleBookmarks() async throws {
        try await withServer { api, port in
            api.watchBookmarks.interval = .milliseconds(200)
            let start = api.store.currentRevision
            let result = try await RawHTTP.watch(port: port, "/api/v1/namespaces/default/pods?watch=true&allowWatchBookmarks=true&resourceVersion=\(start)", count: 2)
            #expect(result.status == 200)
            #expect(result.events.count == 2)
            for event in result.events {
                #expect(event["type"] == "BOOKMARK")
                #expect(event[path: "object", "kind"] == "Pod")
                #expect(event[path: "object", "apiVersion"] == "v1")
                #expect(event[path: "object", "metadata", "resourceVersion"]?.stringValue == String(start))
                #expect(event[path: "object", "metadata", "name"] == nil)
            }
        }
    }

    @Test("without allowWatchBookmarks no bookmark is sent")
    func noBookmarksUnlessAsked() async throws {
        try await withServer { api, port in
            api.watchBookmarks.interval = .milliseconds(50)
            let start = api.store.currentRevision
            let watching = Task { try await RawHTTP.watch(port: port, "/api/v1/namespaces/default/pods?watch=true&resourceVersion=\(start)", count: 1) }
            _ = try await api.create(.pods, namespace: "default", object: pod("only"))
            let result = try await watching.value
            #expect(result.events.map { $0["type"]?.stringValue ?? "" } == ["ADDED"])
        }
    }

    @Test("sendInitialEvents sends the current objects, then a bookmark marking their end, then changes")
    func initialEvents() async throws {
        try await withServer { api, port in
            _ = try await api.create(.configMaps, namespace: "default", object: configMap("one"))
            _ = try await api.create(.configMaps, namespace: "default", object: configMap("two"))
            let listRevision = api.store.currentRevision
            let watching = Task {
                try await RawHTTP.watch(port: port, "/api/v1/namespaces/default/configmaps?watch=1&sendInitialEvents=true&resourceVersionMatch=NotOlderThan&allowWatchBookmarks=true", count: 4)
            }
            // Wait until the end-of-initial-events bookmark could have been sent, then write.
            #expect(await eventually { api.store.bus.subscriberCount > 0 })
            _ = try await api.create(.configMaps, namespace: "default", object: configMap("three"))
            let result = try await watching.value
            let kinds = result.events.map { $0["type"]?.stringValue ?? "" }
            let names = result.events.map { $0[path: "object", "metadata", "name"]?.stringValue ?? "-" }
            #expect(Array(kinds.prefix(3)) == ["ADDED", "ADDED", "BOOKMARK"])
            #expect(Array(names.prefix(2)) == ["one", "two"])
            let end = try #require(result.events.dropFirst(2).first)
            #expect(end[path: "object", "metadata", "annotations", "k8s.io/initial-events-end"] == "true")
            #expect(end[path: "object", "metadata", "resourceVersion"]?.stringValue.flatMap { Int64($0) } ?? 0 >= listRevision)
            #expect(result.events.contains { $0["type"] == "ADDED" && $0[path: "object", "metadata", "name"] == "three" })
        }
    }

    @Test("sendInitialEvents without resourceVersionMatch=NotOlderThan is 422")
    func initialEventsNeedMatch() async throws {
        try await withServer { _, port in
            let reply = try await RawHTTP.send(port: port, "GET", "/api/v1/pods?watch=1&sendInitialEvents=true")
            expectStatus(reply, 422, "Invalid")
        }
    }

    @Test("a watch from a compacted resourceVersion gets one ERROR event with a 410 Status, then ends")
    func tooOldWatch() async throws {
        try await withServer { api, port in
            let old = api.store.currentRevision
            _ = try await api.create(.configMaps, namespace: "default", object: configMap("x"))
            _ = try await api.create(.configMaps, namespace: "default", object: configMap("y"))
            try api.store.compact(before: api.store.currentRevision)
            let result = try await RawHTTP.watch(port: port, "/api/v1/namespaces/default/configmaps?watch=1&resourceVersion=\(old)", count: 5)
            #expect(result.status == 200)
            #expect(result.ended)
            #expect(result.events.count == 1)
            #expect(result.events.first?["type"] == "ERROR")
            #expect(result.events.first?[path: "object", "kind"] == "Status")
            #expect(result.events.first?[path: "object", "code"]?.intValue == 410)
            #expect(result.events.first?[path: "object", "reason"] == "Expired")
        }
    }
}
