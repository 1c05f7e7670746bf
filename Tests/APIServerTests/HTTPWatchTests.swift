import APIServer
import Foundation
import Kernel
import Testing

@Suite("HTTP watch streams")
struct HTTPWatchTests {
    @Test("a watch streams ADDED, MODIFIED, DELETED in order as newline-delimited JSON")
    func streamOrder() async throws {
        try await withServer { api, port in
            let start = api.store.currentRevision
            let watching = Task {
                try await RawHTTP.watch(port: port, "/api/v1/namespaces/default/pods?watch=true&resourceVersion=\(start)", count: 3)
            }
            let created = try await RawHTTP.send(port: port, "POST", "/api/v1/namespaces/default/pods", json: pod("web"))
            var changed = try #require(created.json)
            changed.labels = ["v": "2"]
            _ = try await RawHTTP.send(port: port, "PUT", "/api/v1/namespaces/default/pods/web", json: changed)
            _ = try await RawHTTP.send(port: port, "DELETE", "/api/v1/namespaces/default/pods/web")

            let result = try await watching.value
            #expect(result.status == 200)
            #expect(result.events.map { $0["type"]?.stringValue ?? "" } == ["ADDED", "MODIFIED", "DELETED"])
            #expect(result.events.allSatisfy { $0[path: "object", "metadata", "name"] == "web" })
            #expect(result.events[1][path: "object", "metadata", "labels", "v"] == "2")
        }
    }

    @Test("without a resourceVersion a watch starts with the current objects, filtered by labels")
    func initialState() async throws {
        try await withServer { api, port in
            _ = try await api.create(.pods, namespace: "default", object: pod("a", labels: ["app": "web"]))
            _ = try await api.create(.pods, namespace: "default", object: pod("b", labels: ["app": "db"]))
            let result = try await RawHTTP.watch(port: port, "/api/v1/pods?watch=1&labelSelector=app%3Dweb", count: 1)
            #expect(result.events.map { $0[path: "object", "metadata", "name"]?.stringValue ?? "" } == ["a"])
            #expect(result.events.first?["type"] == "ADDED")

            let legacy = try await RawHTTP.watch(port: port, "/api/v1/watch/namespaces/default/pods/b", count: 1)
            #expect(legacy.events.map { $0[path: "object", "metadata", "name"]?.stringValue ?? "" } == ["b"])
        }
    }

    @Test("timeoutSeconds ends the stream")
    func timeout() async throws {
        try await withServer { api, port in
            let baseline = api.store.bus.subscriberCount
            let result = try await RawHTTP.watch(port: port, "/api/v1/pods?watch=true&timeoutSeconds=1", count: 99, timeout: 10)
            #expect(result.ended)
            #expect(await eventually { api.store.bus.subscriberCount == baseline })
        }
    }

    @Test("a client that disconnects ends its watch on the server")
    func disconnect() async throws {
        try await withServer { api, port in
            let baseline = api.store.bus.subscriberCount
            let socket = try await RawHTTP.openWatch(port: port, "/api/v1/pods?watch=true")
            #expect(await eventually { api.store.bus.subscriberCount == baseline + 1 })
            socket.close()
            #expect(await eventually { api.store.bus.subscriberCount == baseline })
        }
    }
}

@Suite("HTTP server lifecycle")
struct HTTPServerLifecycleTests {
    @Test("stop ends open watches and frees the port; the server can start again")
    func stopWithOpenWatch() async throws {
        try await withAPI { api in
            let server = try APIHTTPServer(api: api, address: "127.0.0.1:0")
            let port = try await server.start()
            #expect(server.port == port)
            #expect(server.url == "http://127.0.0.1:\(port)")
            let baseline = api.store.bus.subscriberCount
            let socket = try await RawHTTP.openWatch(port: port, "/api/v1/pods?watch=true")
            defer { socket.close() }
            #expect(await eventually { api.store.bus.subscriberCount == baseline + 1 })

            await server.stop()
            #expect(server.port == nil)
            #expect(await eventually { api.store.bus.subscriberCount == baseline })
            let ended = try await Blocking.run { () -> Bool in
                while true {
                    do {
                        if try socket.read() == nil { return true }
                    } catch TestSocket.Timeout.timedOut {
                        return false
                    }
                }
            }
            #expect(ended)
            let refused = await #expect(throws: RawHTTPError.self) { _ = try await RawHTTP.send(port: port, "GET", "/healthz") }
            #expect(refused != nil)

            let again = try await server.start()
            let health = try await RawHTTP.send(port: again, "GET", "/healthz")
            #expect(health.status == 200)
            await server.stop()
        }
    }
}
