import APIServer
import Foundation
import Kernel
import Testing

@Suite("HTTP API errors")
struct HTTPErrorTests {
    @Test("bad input gets a Status with the right code")
    func badInput() async throws {
        try await withServer { _, port in
            let badJSON = try await RawHTTP.send(port: port, "POST", "/api/v1/namespaces/default/pods",
                                                 body: Data("{\"metadata\": ".utf8), headers: ["Content-Type": "application/json"])
            expectStatus(badJSON, 400, "BadRequest")

            let notObject = try await RawHTTP.send(port: port, "POST", "/api/v1/namespaces/default/pods",
                                                   body: Data("[1,2]".utf8), headers: ["Content-Type": "application/json"])
            expectStatus(notObject, 400, "BadRequest")

            let wrongType = try await RawHTTP.send(port: port, "POST", "/api/v1/namespaces/default/pods",
                                                   body: pod("x").serialized(), headers: ["Content-Type": "text/plain"])
            expectStatus(wrongType, 415, "UnsupportedMediaType")

            // No Content-Type at all is read as JSON, as Kubernetes does.
            let noType = try await RawHTTP.send(port: port, "POST", "/api/v1/namespaces/default/pods", body: pod("untyped").serialized())
            #expect(noType.status == 201)

            let unknown = try await RawHTTP.send(port: port, "GET", "/api/v1/widgets")
            expectStatus(unknown, 404, "NotFound")
            let unknownGroup = try await RawHTTP.send(port: port, "GET", "/apis/storage.k8s.io/v1/storageclasses")
            expectStatus(unknownGroup, 404, "NotFound")
            let namespacedWithoutNamespace = try await RawHTTP.send(port: port, "GET", "/api/v1/pods/web")
            expectStatus(namespacedWithoutNamespace, 404, "NotFound")

            let mismatch = try await RawHTTP.send(port: port, "PUT", "/api/v1/namespaces/default/pods/other", json: pod("web"))
            expectStatus(mismatch, 400, "BadRequest")
            #expect(mismatch.json?["message"] == "the name of the object (web) does not match the name on the URL (other)")

            let invalid = try await RawHTTP.send(port: port, "POST", "/api/v1/namespaces/default/pods", json: pod("Bad_Name"))
            expectStatus(invalid, 422, "Invalid")
            #expect(invalid.json?[path: "details", "causes"]?.arrayValue?.first?["field"] == "metadata.name")
            #expect(invalid.json?[path: "details", "kind"] == "Pod")
            #expect(invalid.json?[path: "details", "name"] == "Bad_Name", "kubectl prints details.name: The Pod \"Bad_Name\" is invalid")

            _ = try await RawHTTP.send(port: port, "POST", "/api/v1/namespaces/default/pods", json: pod("web"))
            let exists = try await RawHTTP.send(port: port, "POST", "/api/v1/namespaces/default/pods", json: pod("web"))
            expectStatus(exists, 409, "AlreadyExists")

            let noNamespace = try await RawHTTP.send(port: port, "POST", "/api/v1/namespaces/missing/pods", json: pod("web"))
            expectStatus(noNamespace, 404, "NotFound")
            #expect(noNamespace.json?["message"] == "namespaces \"missing\" not found")

            let patch = try await RawHTTP.send(port: port, "PATCH", "/api/v1/namespaces/default/pods",
                                               body: Data("{}".utf8), headers: ["Content-Type": "application/merge-patch+json"])
            expectStatus(patch, 405, "MethodNotAllowed")

            let badSelector = try await RawHTTP.send(port: port, "GET", "/api/v1/pods?labelSelector=%3D%3D%3D")
            expectStatus(badSelector, 400, "BadRequest")
            let badField = try await RawHTTP.send(port: port, "GET", "/api/v1/pods?fieldSelector=spec.image%3Dx")
            expectStatus(badField, 400, "BadRequest")

            let forbidden = try await RawHTTP.send(port: port, "DELETE", "/api/v1/namespaces/kube-system")
            expectStatus(forbidden, 403, "Forbidden")
        }
    }

    @Test("bodies over 3 MiB are 413, declared or streamed")
    func tooLarge() async throws {
        try await withServer { api, port in
            let declared = try await RawHTTP.send(port: port, "POST", "/api/v1/namespaces/default/pods", body: Data("{}".utf8),
                                                  headers: ["Content-Type": "application/json", "Content-Length": "4194304"])
            expectStatus(declared, 413, "RequestEntityTooLarge")

            var huge = pod("huge")
            huge[path: "metadata", "annotations"] = ["blob": .string(String(repeating: "x", count: 3 * 1024 * 1024 + 10))]
            let body = huge.serialized()
            var chunked = Data(String(body.count, radix: 16).utf8)
            chunked.append(Data("\r\n".utf8))
            chunked.append(body)
            chunked.append(Data("\r\n0\r\n\r\n".utf8))
            let streamed = try await RawHTTP.send(port: port, "POST", "/api/v1/namespaces/default/pods", body: chunked,
                                                  headers: ["Content-Type": "application/json", "Transfer-Encoding": "chunked"])
            expectStatus(streamed, 413, "RequestEntityTooLarge")
            let listed = try await api.list(.pods, namespace: "default", labelSelector: [:])
            #expect(listed.items.isEmpty)

            // The server is still up.
            let health = try await RawHTTP.send(port: port, "GET", "/healthz")
            #expect(health.status == 200)
        }
    }

    @Test("a watch from a compacted resourceVersion is an ERROR event carrying a 410 Expired Status")
    func gone() async throws {
        try await withServer { api, port in
            let first = try await api.create(.pods, namespace: "default", object: pod("a"))
            _ = try await api.create(.pods, namespace: "default", object: pod("b"))
            try api.store.compact(before: api.store.currentRevision)
            // Kubernetes opens the stream and reports the expiry in it, then ends the watch.
            let result = try await RawHTTP.watch(port: port, "/api/v1/pods?watch=true&resourceVersion=\(first.resourceVersion!)", count: 2)
            #expect(result.status == 200)
            #expect(result.ended)
            #expect(result.events.map { $0["type"]?.stringValue ?? "" } == ["ERROR"])
            #expect(result.events.first?[path: "object", "code"]?.intValue == 410)
            #expect(result.events.first?[path: "object", "reason"] == "Expired")
        }
    }

    @Test("the server refuses non-loopback and malformed addresses")
    func addresses() async throws {
        try await withAPI { api in
            #expect(throws: APIHTTPServer.StartError.self) { try APIHTTPServer(api: api, address: "0.0.0.0:6443") }
            #expect(throws: APIHTTPServer.StartError.self) { try APIHTTPServer(api: api, address: "127.0.0.1") }
            #expect(throws: APIHTTPServer.StartError.self) { try APIHTTPServer(api: api, address: "127.0.0.1:99999") }
        }
    }
}
