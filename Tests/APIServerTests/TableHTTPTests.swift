import APIServer
import Foundation
import Kernel
import Testing

private let tableAccept = "application/json;as=Table;v=v1;g=meta.k8s.io,application/json;as=Table;v=v1beta1;g=meta.k8s.io,application/json"

@Suite("Table responses over HTTP")
struct TableHTTPTests {
    @Test("GET, list and watch answer Tables when asked; plain JSON otherwise; 406 for an unservable Table")
    func tables() async throws {
        try await withServer { api, port in
            _ = try await api.create(.pods, namespace: "default", object: pod("web"))
            _ = try await api.create(.pods, namespace: "default", object: pod("api"))

            let list = try await RawHTTP.send(port: port, "GET", "/api/v1/namespaces/default/pods?limit=500", headers: ["Accept": tableAccept])
            #expect(list.status == 200)
            #expect(list.json?["kind"] == "Table")
            #expect(list.json?["apiVersion"] == "meta.k8s.io/v1")
            #expect(list.json?[path: "metadata", "resourceVersion"]?.stringValue?.isEmpty == false)
            let rows = list.json?["rows"]?.arrayValue ?? []
            #expect(rows.compactMap { $0["cells"]?.arrayValue?.first?.stringValue } == ["api", "web"])
            #expect(rows.first?[path: "object", "kind"] == "PartialObjectMetadata")

            let beta = try await RawHTTP.send(port: port, "GET", "/api/v1/namespaces/default/pods/web?includeObject=Object",
                                              headers: ["Accept": "application/json;as=Table;v=v1beta1;g=meta.k8s.io"])
            #expect(beta.json?["apiVersion"] == "meta.k8s.io/v1beta1")
            #expect(beta.json?["rows"]?.arrayValue?.first?[path: "object", "kind"] == "Pod")

            let plain = try await RawHTTP.send(port: port, "GET", "/api/v1/namespaces/default/pods/web", headers: ["Accept": "application/json"])
            #expect(plain.json?["kind"] == "Pod")

            let refused = try await RawHTTP.send(port: port, "GET", "/api/v1/namespaces/default/pods",
                                                 headers: ["Accept": "application/json;as=Table;v=v7;g=meta.k8s.io"])
            expectStatus(refused, 406, "NotAcceptable")

            let badInclude = try await RawHTTP.send(port: port, "GET", "/api/v1/namespaces/default/pods?includeObject=All", headers: ["Accept": tableAccept])
            expectStatus(badInclude, 400, "BadRequest")

            let watch = try await RawHTTP.send(port: port, "GET", "/api/v1/namespaces/default/pods?watch=true&resourceVersion=1&timeoutSeconds=1",
                                               headers: ["Accept": tableAccept])
            let events = watch.body.split(separator: UInt8(ascii: "\n")).compactMap { try? JSONValue(parsing: Data($0)) }
            let added = events.filter { $0["type"] == "ADDED" }
            #expect(added.count == 2)
            for event in added {
                #expect(event[path: "object", "kind"] == "Table")
                #expect(event[path: "object", "rows"]?.arrayValue?.count == 1)
                #expect(event[path: "object", "columnDefinitions"]?.arrayValue?.count == 9)
            }
        }
    }
}
