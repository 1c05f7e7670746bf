import APIServer
import Foundation
import Kernel
import Testing

@Suite("Deletion over HTTP")
struct DeletionHTTPTests {
    private func bound(_ name: String, labels: [String: String] = [:]) -> JSONValue {
        var object = pod(name, labels: labels)
        object[path: "spec", "nodeName"] = "node-1"
        return object
    }

    @Test("DeleteOptions from the body and the query; bad ones are 400 and 422")
    func options() async throws {
        try await withServer { api, port in
            _ = try await api.create(.pods, namespace: "default", object: bound("web"))
            let path = "/api/v1/namespaces/default/pods/web"
            expectStatus(try await RawHTTP.send(port: port, "DELETE", path + "?gracePeriodSeconds=abc"), 400, "BadRequest")
            expectStatus(try await RawHTTP.send(port: port, "DELETE", path, json: ["gracePeriodSeconds": "ten"]), 400, "BadRequest")
            let unsupported = try await RawHTTP.send(port: port, "DELETE", path + "?propagationPolicy=Sideways")
            expectStatus(unsupported, 422, "Invalid")
            #expect(unsupported.json?["message"] == "DeleteOptions.meta.k8s.io \"\" is invalid: propagationPolicy: Unsupported value: \"Sideways\": supported values: \"Foreground\", \"Background\", \"Orphan\"")
            let both = try await RawHTTP.send(port: port, "DELETE", path, json: ["orphanDependents": true, "propagationPolicy": "Orphan"])
            expectStatus(both, 422, "Invalid")

            let graceful = try await RawHTTP.send(port: port, "DELETE", path, json: ["kind": "DeleteOptions", "apiVersion": "v1", "gracePeriodSeconds": 20])
            #expect(graceful.status == 200)
            #expect(graceful.json?[path: "metadata", "deletionGracePeriodSeconds"]?.intValue == 20)

            let table = try await RawHTTP.send(port: port, "GET", "/api/v1/namespaces/default/pods",
                                               headers: ["Accept": "application/json;as=Table;v=v1;g=meta.k8s.io"])
            let cells = table.json?["rows"]?.arrayValue?.first?["cells"]?.arrayValue ?? []
            #expect(cells.count > 2)
            #expect(cells.count > 2 && cells[2] == "Terminating")

            let forced = try await RawHTTP.send(port: port, "DELETE", path + "?gracePeriodSeconds=0")
            #expect(forced.status == 200)
            expectStatus(try await RawHTTP.send(port: port, "GET", path), 404, "NotFound")
        }
    }

    @Test("DELETE on a collection deletes what the selectors match and answers a PodList")
    func deleteCollection() async throws {
        try await withServer { api, port in
            _ = try await api.create(.pods, namespace: "default", object: pod("a", labels: ["app": "web"]))
            _ = try await api.create(.pods, namespace: "default", object: bound("b", labels: ["app": "web"]))
            _ = try await api.create(.pods, namespace: "default", object: pod("c", labels: ["app": "db"]))
            let reply = try await RawHTTP.send(port: port, "DELETE", "/api/v1/namespaces/default/pods?labelSelector=app%3Dweb")
            #expect(reply.status == 200)
            #expect(reply.json?["kind"] == "PodList")
            #expect(reply.json?["apiVersion"] == "v1")
            let names = (reply.json?["items"]?.arrayValue ?? []).compactMap(\.name)
            #expect(names == ["a", "b"])
            let left = try await api.list(.pods, namespace: "default", labelSelector: [:]).items
            // "a" is gone; "b" (bound) terminates gracefully; "c" did not match.
            #expect(left.compactMap(\.name) == ["b", "c"])
            #expect(left.first?[path: "metadata", "deletionTimestamp"]?.stringValue != nil)

            let byField = try await RawHTTP.send(port: port, "DELETE", "/api/v1/namespaces/default/pods?fieldSelector=metadata.name%3Dc")
            #expect((byField.json?["items"]?.arrayValue ?? []).compactMap(\.name) == ["c"])
            expectStatus(try await RawHTTP.send(port: port, "DELETE", "/api/v1/namespaces"), 405, "MethodNotAllowed")
        }
    }

    @Test("discovery lists deletecollection (not for namespaces)")
    func discovery() async throws {
        try await withServer { _, port in
            let core = try await RawHTTP.send(port: port, "GET", "/api/v1")
            let resources = core.json?["resources"]?.arrayValue ?? []
            let pods = resources.first { $0["name"] == "pods" }
            #expect(pods?["verbs"]?.arrayValue?.contains("deletecollection") == true)
            let namespaces = resources.first { $0["name"] == "namespaces" }
            #expect(namespaces?["verbs"]?.arrayValue?.contains("deletecollection") == false)
        }
    }

    @Test("creating in a terminating namespace is 403 with Kubernetes' message")
    func terminatingNamespace() async throws {
        try await withServer { api, port in
            _ = try await api.create(.namespaces, namespace: "", object: ["metadata": ["name": "n1"]])
            _ = try await api.create(.pods, namespace: "n1", object: pod("keep"))
            let deleted = try await RawHTTP.send(port: port, "DELETE", "/api/v1/namespaces/n1")
            #expect(deleted.status == 200)
            #expect(deleted.json?[path: "status", "phase"] == "Terminating")
            let refused = try await RawHTTP.send(port: port, "POST", "/api/v1/namespaces/n1/pods", json: pod("late"))
            expectStatus(refused, 403, "Forbidden")
            #expect(refused.json?["message"] == "pods \"late\" is forbidden: unable to create new content in namespace n1 because it is being terminated")
        }
    }
}
