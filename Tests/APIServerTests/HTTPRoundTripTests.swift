import APIServer
import Foundation
import Kernel
import Testing

@Suite("HTTP API round trips")
struct HTTPRoundTripTests {
    @Test("create, get, list, update, delete a pod over HTTP")
    func crud() async throws {
        try await withServer { _, port in
            let created = try await RawHTTP.send(port: port, "POST", "/api/v1/namespaces/default/pods", json: pod("web", labels: ["app": "web"]))
            #expect(created.status == 201)
            let object = try #require(created.json)
            #expect(object[path: "spec", "schedulerName"] == "default-scheduler")
            #expect(object.namespace == "default")

            let fetched = try await RawHTTP.send(port: port, "GET", "/api/v1/namespaces/default/pods/web")
            #expect(fetched.status == 200)
            #expect(fetched.json?.uid == object.uid)

            _ = try await RawHTTP.send(port: port, "POST", "/api/v1/namespaces/default/pods", json: pod("db", labels: ["app": "db"]))
            let list = try #require(try await RawHTTP.send(port: port, "GET", "/api/v1/namespaces/default/pods").json)
            #expect(list["kind"] == "PodList")
            #expect(list["apiVersion"] == "v1")
            #expect(list[path: "metadata", "resourceVersion"]?.stringValue.flatMap { Int64($0) } != nil)
            #expect(list["items"]?.arrayValue?.compactMap(\.name) == ["db", "web"])

            let selected = try #require(try await RawHTTP.send(port: port, "GET", "/api/v1/pods?labelSelector=app%3Dweb").json)
            #expect(selected["items"]?.arrayValue?.compactMap(\.name) == ["web"])
            let byField = try #require(try await RawHTTP.send(port: port, "GET", "/api/v1/pods?fieldSelector=metadata.name%3Ddb").json)
            #expect(byField["items"]?.arrayValue?.compactMap(\.name) == ["db"])

            var changed = object
            changed.labels = ["app": "web", "tier": "front"]
            let updated = try await RawHTTP.send(port: port, "PUT", "/api/v1/namespaces/default/pods/web", json: changed)
            #expect(updated.status == 200)
            #expect(updated.json?.labels["tier"] == "front")

            let stale = try await RawHTTP.send(port: port, "PUT", "/api/v1/namespaces/default/pods/web", json: changed)
            expectStatus(stale, 409, "Conflict")
            #expect(stale.json?[path: "details", "name"] == "web")
            #expect(stale.json?[path: "details", "kind"] == "pods")

            let deleted = try await RawHTTP.send(port: port, "DELETE", "/api/v1/namespaces/default/pods/web")
            #expect(deleted.status == 200)
            #expect(deleted.json?.name == "web")
            let missing = try await RawHTTP.send(port: port, "GET", "/api/v1/namespaces/default/pods/web")
            expectStatus(missing, 404, "NotFound")
            #expect(missing.json?["message"] == "pods \"web\" not found")
        }
    }

    @Test("cluster-scoped objects, apps group paths, status and binding subresources")
    func subresources() async throws {
        try await withServer { _, port in
            let node: JSONValue = ["apiVersion": "v1", "kind": "Node", "metadata": ["name": "node-1"], "status": ["capacity": ["cpu": "4"]]]
            let createdNode = try await RawHTTP.send(port: port, "POST", "/api/v1/nodes", json: node)
            #expect(createdNode.status == 201)
            #expect(createdNode.json?[path: "status", "capacity", "cpu"] == "4")
            var ready = try #require(createdNode.json)
            ready[path: "status", "conditions"] = [["type": "Ready", "status": "True"]]
            let statusPut = try await RawHTTP.send(port: port, "PUT", "/api/v1/nodes/node-1/status", json: ready)
            #expect(statusPut.status == 200)
            #expect(statusPut.json?[path: "status", "conditions"]?.arrayValue?.count == 1)

            let deploy = try await RawHTTP.send(port: port, "POST", "/apis/apps/v1/namespaces/default/deployments", json: deployment("web"))
            #expect(deploy.status == 201)
            #expect(deploy.json?[path: "metadata", "generation"] == 1)
            let deployments = try await RawHTTP.send(port: port, "GET", "/apis/apps/v1/deployments")
            #expect(deployments.json?["kind"] == "DeploymentList")
            #expect(deployments.json?["apiVersion"] == "apps/v1")

            _ = try await RawHTTP.send(port: port, "POST", "/api/v1/namespaces/default/pods", json: pod("web"))
            let binding: JSONValue = ["apiVersion": "v1", "kind": "Binding", "metadata": ["name": "web"],
                                      "target": ["apiVersion": "v1", "kind": "Node", "name": "node-1"]]
            let bound = try await RawHTTP.send(port: port, "POST", "/api/v1/namespaces/default/pods/web/binding", json: binding)
            #expect(bound.status == 201)
            #expect(bound.json?["status"] == "Success")
            let again = try await RawHTTP.send(port: port, "POST", "/api/v1/namespaces/default/pods/web/binding", json: binding)
            expectStatus(again, 409, "Conflict")
            let podStatus = try await RawHTTP.send(port: port, "GET", "/api/v1/namespaces/default/pods/web/status")
            #expect(podStatus.json?[path: "spec", "nodeName"] == "node-1")

            let svc = try await RawHTTP.send(port: port, "POST", "/api/v1/namespaces/default/services", json: service("api"))
            #expect(svc.json?[path: "spec", "clusterIP"]?.stringValue?.hasPrefix("127.96.") == true)
        }
    }

    @Test("discovery documents kubectl reads")
    func discovery() async throws {
        try await withServer { _, port in
            let version = try #require(try await RawHTTP.send(port: port, "GET", "/version").json)
            #expect(version["major"] == "1")
            #expect(version["gitVersion"]?.stringValue?.hasPrefix("v1.") == true)

            let api = try #require(try await RawHTTP.send(port: port, "GET", "/api").json)
            #expect(api["kind"] == "APIVersions")
            #expect(api["versions"] == ["v1"])

            let core = try #require(try await RawHTTP.send(port: port, "GET", "/api/v1").json)
            #expect(core["kind"] == "APIResourceList")
            #expect(core["groupVersion"] == "v1")
            let pods = core["resources"]?.arrayValue?.first { $0["name"] == "pods" }
            #expect(pods?["kind"] == "Pod")
            #expect(pods?["namespaced"] == true)
            #expect(pods?["shortNames"] == ["po"])
            #expect(pods?["verbs"]?.arrayValue?.contains("watch") == true)
            #expect(core["resources"]?.arrayValue?.contains { $0["name"] == "pods/status" } == true)

            let groups = try #require(try await RawHTTP.send(port: port, "GET", "/apis").json)
            #expect(groups["kind"] == "APIGroupList")
            #expect(groups["groups"]?.arrayValue?.first?["name"] == "apps")
            let apps = try #require(try await RawHTTP.send(port: port, "GET", "/apis/apps/v1").json)
            #expect(apps["resources"]?.arrayValue?.first { $0["name"] == "deployments" }?["shortNames"] == ["deploy"])

            for path in ["/healthz", "/livez", "/readyz"] {
                let health = try await RawHTTP.send(port: port, "GET", path)
                #expect(health.status == 200)
                #expect(health.text == "ok")
            }
        }
    }
}
