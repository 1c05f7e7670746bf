import APIServer
import Foundation
import Kernel
import Testing

/// The `fieldValidation` parameter on create, update and patch.
@Suite("Field validation")
struct FieldValidationTests {
    /// A pod with two fields no Pod has.
    private func strayPod(_ name: String) -> JSONValue {
        var object = pod(name)
        object[path: "spec", "foo"] = "x"
        object[path: "spec", "containers"] = [["name": "main", "image": "nginx", "bar": 1]]
        return object
    }

    @Test("Strict rejects unknown fields with Kubernetes' strict decoding error")
    func strictCreate() async throws {
        try await withServer { api, port in
            let reply = try await RawHTTP.send(port: port, "POST", "/api/v1/namespaces/default/pods?fieldValidation=Strict", json: strayPod("web"))
            expectStatus(reply, 400, "BadRequest")
            #expect(reply.json?["message"] == "Pod in version \"v1\" cannot be handled as a Pod: strict decoding error: unknown field \"spec.containers[0].bar\", unknown field \"spec.foo\"")
            await #expect(throws: APIError.self) { try await api.get(.pods, namespace: "default", name: "web") }
        }
    }

    @Test("Warn (the default) stores the object and answers with a Warning header")
    func warnCreate() async throws {
        try await withServer { api, port in
            let reply = try await RawHTTP.send(port: port, "POST", "/api/v1/namespaces/default/pods", json: strayPod("web"))
            #expect(reply.status == 201)
            let warning = try #require(reply.headers["warning"])
            #expect(warning.hasPrefix("299 - \"unknown field \\\"spec."))
            _ = try await api.get(.pods, namespace: "default", name: "web")
        }
    }

    @Test("Ignore and a valid body answer without warnings")
    func ignoreAndValid() async throws {
        try await withServer { _, port in
            let ignored = try await RawHTTP.send(port: port, "POST", "/api/v1/namespaces/default/pods?fieldValidation=Ignore", json: strayPod("a"))
            #expect(ignored.status == 201)
            #expect(ignored.headers["warning"] == nil)
            let valid = try await RawHTTP.send(port: port, "POST", "/api/v1/namespaces/default/pods?fieldValidation=Strict", json: pod("b"))
            #expect(valid.status == 201)
            #expect(valid.headers["warning"] == nil)
            let bad = try await RawHTTP.send(port: port, "POST", "/api/v1/namespaces/default/pods?fieldValidation=Loose", json: pod("c"))
            expectStatus(bad, 400, "BadRequest")
        }
    }

    @Test("objects the server stores validate strictly when sent back")
    func roundTrip() async throws {
        try await withServer { api, port in
            for (type, object) in [(ResourceType.pods, pod("web")), (.services, service("web")), (.configMaps, ["metadata": ["name": "cm"], "data": ["a": "b"]])] {
                let created = try await api.create(type, namespace: "default", object: object)
                let path = "/api/v1/namespaces/default/\(type.resource)/\(created.name ?? "")?fieldValidation=Strict"
                let reply = try await RawHTTP.send(port: port, "PUT", path, json: created)
                #expect(reply.status == 200, "\(type.resource): \(reply.text)")
            }
        }
    }

    @Test("Strict on update and on merge, strategic and JSON patches")
    func strictUpdateAndPatch() async throws {
        try await withServer { api, port in
            var created = try await api.create(.pods, namespace: "default", object: pod("web"))
            created[path: "metadata", "bogus"] = "x"
            let update = try await RawHTTP.send(port: port, "PUT", "/api/v1/namespaces/default/pods/web?fieldValidation=Strict", json: created)
            expectStatus(update, 400, "BadRequest")
            #expect(update.json?["message"]?.stringValue?.contains("unknown field \\\"metadata.bogus\\\"") == true
                    || update.json?["message"]?.stringValue?.contains("unknown field \"metadata.bogus\"") == true)

            let path = "/api/v1/namespaces/default/pods/web?fieldValidation=Strict"
            let merge = try await RawHTTP.send(port: port, "PATCH", path, body: Data(#"{"spec":{"nope":1}}"#.utf8),
                                               headers: ["Content-Type": "application/merge-patch+json"])
            expectStatus(merge, 400, "BadRequest")
            #expect(merge.json?["message"] == "strict decoding error: unknown field \"spec.nope\"")

            let strategic = #"{"metadata":{"labels":{"a":"b"}},"spec":{"$setElementOrder/containers":[{"name":"main"}],"containers":[{"name":"main","image":"nginx:2"}]}}"#
            let accepted = try await RawHTTP.send(port: port, "PATCH", path, body: Data(strategic.utf8),
                                                  headers: ["Content-Type": "application/strategic-merge-patch+json"])
            #expect(accepted.status == 200, "\(accepted.text)")

            let json = #"[{"op":"add","path":"/spec/extra","value":1}]"#
            let jsonPatch = try await RawHTTP.send(port: port, "PATCH", path, body: Data(json.utf8),
                                                   headers: ["Content-Type": "application/json-patch+json"])
            expectStatus(jsonPatch, 400, "BadRequest")
            #expect(jsonPatch.json?["message"]?.stringValue?.contains("spec.extra") == true)

            _ = try await api.create(.configMaps, namespace: "default", object: configMap("settings"))
            let warned = try await RawHTTP.send(port: port, "PATCH", "/api/v1/namespaces/default/configmaps/settings",
                                                body: Data(#"{"nope":1}"#.utf8), headers: ["Content-Type": "application/merge-patch+json"])
            #expect(warned.status == 200, "\(warned.text)")
            #expect(warned.headers["warning"] == "299 - \"unknown field \\\"nope\\\"\"")
        }
    }
}
