import APIServer
import Foundation
import Kernel
import Testing

@Suite("PATCH over HTTP")
struct PatchHTTPTests {
    private func patch(_ port: Int, _ path: String, _ contentType: String, _ body: String) async throws -> HTTPReply {
        try await RawHTTP.send(port: port, "PATCH", path, body: Data(body.utf8), headers: ["Content-Type": contentType])
    }

    @Test("each patch type changes the stored object and answers it")
    func patchTypes() async throws {
        try await withServer { api, port in
            _ = try await api.create(.deployments, namespace: "default", object: deployment("web"))
            let path = "/apis/apps/v1/namespaces/default/deployments/web"
            let merged = try await patch(port, path, "application/merge-patch+json", #"{"metadata":{"labels":{"tier":"front"}},"spec":{"replicas":3}}"#)
            #expect(merged.status == 200, "\(merged.text)")
            #expect(merged.json?[path: "spec", "replicas"] == 3)
            let jsonPatched = try await patch(port, path, "application/json-patch+json",
                                              #"[{"op":"test","path":"/spec/replicas","value":3},{"op":"replace","path":"/spec/replicas","value":4}]"#)
            #expect(jsonPatched.status == 200, "\(jsonPatched.text)")
            let strategic = try await patch(port, path, "application/strategic-merge-patch+json",
                                            #"{"spec":{"template":{"spec":{"containers":[{"name":"web","image":"nginx:1.27"},{"name":"side","image":"busybox"}]}}}}"#)
            #expect(strategic.status == 200, "\(strategic.text)")
            let stored = try await api.get(.deployments, namespace: "default", name: "web")
            #expect(stored.labels["tier"] == "front")
            #expect(stored[path: "spec", "replicas"] == 4)
            let containers = stored[path: "spec", "template", "spec", "containers"]?.arrayValue ?? []
            #expect(containers.map { $0["image"] } == ["nginx:1.27", "busybox"])
            #expect(stored[path: "metadata", "generation"]?.intValue ?? 0 > 1)
        }
    }

    @Test("errors: 415 unknown type, 422 apply without fieldManager, 404 missing, 422 failed test or invalid result, 409 stale resourceVersion, 400 bad body")
    func errors() async throws {
        try await withServer { api, port in
            _ = try await api.create(.pods, namespace: "default", object: pod("web"))
            let path = "/api/v1/namespaces/default/pods/web"
            expectStatus(try await patch(port, path, "application/json", "{}"), 415, "UnsupportedMediaType")
            expectStatus(try await patch(port, path, "application/apply-patch+yaml", "{}"), 422, "Invalid")
            expectStatus(try await patch(port, "/api/v1/namespaces/default/pods/nope", "application/merge-patch+json", "{}"), 404, "NotFound")
            expectStatus(try await patch(port, path, "application/json-patch+json", #"[{"op":"test","path":"/spec/nodeName","value":"n1"}]"#), 422, "Invalid")
            expectStatus(try await patch(port, path, "application/json-patch+json", #"{"op":"add"}"#), 400, "BadRequest")
            expectStatus(try await patch(port, path, "application/merge-patch+json", "{not json"), 400, "BadRequest")
            expectStatus(try await patch(port, path, "application/merge-patch+json", #"{"spec":{"containers":[{"name":"main","image":""}]}}"#), 422, "Invalid")
            expectStatus(try await patch(port, path, "application/merge-patch+json", #"{"metadata":{"resourceVersion":"1"},"spec":{"activeDeadlineSeconds":5}}"#), 409, "Conflict")
            expectStatus(try await patch(port, path, "application/merge-patch+json", #"{"metadata":{"name":"other"}}"#), 400, "BadRequest")
            let current = try await api.get(.pods, namespace: "default", name: "web")
            let fresh = try await patch(port, path, "application/merge-patch+json",
                                        #"{"metadata":{"resourceVersion":"\#(current.resourceVersion ?? 0)","labels":{"a":"b"}}}"#)
            #expect(fresh.status == 200, "\(fresh.text)")
        }
    }

    @Test("concurrent patches without a resourceVersion all apply (retried over conflicts)")
    func concurrentPatches() async throws {
        try await withServer { api, port in
            _ = try await api.create(.configMaps, namespace: "default", object: ["apiVersion": "v1", "kind": "ConfigMap", "metadata": ["name": "cm"]])
            let statuses = try await withThrowingTaskGroup(of: Int.self) { group in
                for index in 0..<8 {
                    group.addTask {
                        try await RawHTTP.send(port: port, "PATCH", "/api/v1/namespaces/default/configmaps/cm",
                                               body: Data(#"{"data":{"k\#(index)":"v"}}"#.utf8),
                                               headers: ["Content-Type": "application/merge-patch+json"]).status
                    }
                }
                return try await group.reduce(into: [Int]()) { $0.append($1) }
            }
            #expect(statuses == Array(repeating: 200, count: 8))
            let stored = try await api.get(.configMaps, namespace: "default", name: "cm")
            #expect(stored["data"]?.objectValue?.count == 8)
        }
    }

    @Test("PATCH on status changes only the status")
    func statusPatch() async throws {
        try await withServer { api, port in
            _ = try await api.create(.pods, namespace: "default", object: pod("web"))
            let reply = try await patch(port, "/api/v1/namespaces/default/pods/web/status", "application/strategic-merge-patch+json",
                                        #"{"metadata":{"labels":{"ignored":"yes"}},"status":{"phase":"Running","conditions":[{"type":"Ready","status":"True"}]}}"#)
            #expect(reply.status == 200, "\(reply.text)")
            let stored = try await api.get(.pods, namespace: "default", name: "web")
            #expect(stored[path: "status", "phase"] == "Running")
            #expect(stored.labels["ignored"] == nil)
        }
    }

    @Test("discovery lists patch for every resource and the scale subresources")
    func discovery() async throws {
        try await withServer { _, port in
            for path in ["/api/v1", "/apis/apps/v1"] {
                let resources = try await RawHTTP.send(port: port, "GET", path).json?["resources"]?.arrayValue ?? []
                #expect(!resources.isEmpty)
                for resource in resources where resource["verbs"]?.arrayValue?.contains("update") == true {
                    #expect(resource["verbs"]?.arrayValue?.contains("patch") == true, "\(resource)")
                }
            }
            let apps = try await RawHTTP.send(port: port, "GET", "/apis/apps/v1").json?["resources"]?.arrayValue ?? []
            let names = Set(apps.compactMap { $0["name"]?.stringValue })
            #expect(names.isSuperset(of: ["deployments/scale", "replicasets/scale", "deployments/status", "replicasets/status"]))
        }
    }
}
