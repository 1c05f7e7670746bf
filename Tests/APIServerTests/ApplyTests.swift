@testable import APIServer
import Foundation
import Kernel
import Testing

@Suite("Server-side apply: merge, prune, conflicts, HTTP")
struct ApplyTests {
    private func json(_ text: String) throws -> JSONValue { try JSONValue(parsing: text) }

    private func config(replicas: Int64? = 3, labels: JSONValue = ["app": "web"], env: JSONValue = [["name": "A", "value": "1"]]) -> JSONValue {
        var object: JSONValue = [
            "apiVersion": "apps/v1", "kind": "Deployment",
            "metadata": ["name": "web", "labels": labels],
            "spec": [
                "selector": ["matchLabels": ["app": "web"]],
                "template": [
                    "metadata": ["labels": ["app": "web"]],
                    "spec": ["containers": [["name": "web", "image": "nginx", "env": env]]],
                ],
            ],
        ]
        if let replicas { object[path: "spec", "replicas"] = .int(replicas) }
        return object
    }

    private func apply(_ api: ClusterAPI, _ config: JSONValue, manager: String = "kubectl", force: Bool = false) async throws -> JSONValue {
        try await ApplyRequest.apply(api, .deployments, namespace: "default", name: "web", status: false, config: config,
                                     options: ApplyOptions(fieldManager: manager, force: force)).object
    }

    @Test("keyed lists merge by key, sets union, atomic lists and leaves replace")
    func merge() throws {
        let live = try json(#"{"spec":{"containers":[{"name":"a","image":"x","args":["1"]},{"name":"b","image":"y"}]},"metadata":{"finalizers":["f1"]}}"#)
        let config = try json(#"{"spec":{"containers":[{"name":"b","image":"z","args":["2"]}]},"metadata":{"finalizers":["f2"]}}"#)
        let merged = ApplyMerge.merge(live, config)
        #expect(merged == (try json(#"{"spec":{"containers":[{"name":"a","image":"x","args":["1"]},{"name":"b","image":"z","args":["2"]}]},"metadata":{"finalizers":["f1","f2"]}}"#)))
    }

    @Test("ports are keyed by number and protocol: TCP and UDP on one port stay two entries, TCP by default")
    func portsKeyedByProtocol() async throws {
        try await withAPI { api in
            let dns = try self.json(#"""
                {"apiVersion": "v1", "kind": "Service", "metadata": {"name": "dns"},
                 "spec": {"selector": {"app": "dns"}, "ports": [{"name": "dns", "port": 53, "protocol": "UDP"},
                                                             {"name": "dns-tcp", "port": 53, "protocol": "TCP"}]}}
                """#)
            let options = ApplyOptions(fieldManager: "kubectl", force: false)
            let created = try await ApplyRequest.apply(api, .services, namespace: "default", name: "dns", status: false, config: dns, options: options).object
            #expect(created[path: "spec", "ports"]?.arrayValue?.compactMap { $0["protocol"]?.stringValue } == ["UDP", "TCP"])
            let owned = created[path: "metadata", "managedFields"]?.arrayValue?.first?[path: "fieldsV1", "f:spec", "f:ports"]
            #expect(owned?[#"k:{"port":53,"protocol":"UDP"}"#] != nil)
            #expect(owned?[#"k:{"port":53,"protocol":"TCP"}"#] != nil)

            // Re-applying the TCP entry without its (defaulted) protocol still names the same item.
            var again = dns
            again[path: "spec", "ports"] = [["name": "dns", "port": 53, "protocol": "UDP"], ["name": "dns-tcp", "port": 53]]
            let updated = try await ApplyRequest.apply(api, .services, namespace: "default", name: "dns", status: false, config: again, options: options).object
            #expect(updated[path: "spec", "ports"]?.arrayValue?.count == 2)
        }
    }

    @Test("apply creates, updates, prunes what it no longer applies, and conflicts with other managers")
    func applyLifecycle() async throws {
        try await withAPI { api in
            let created = try await ApplyRequest.apply(api, .deployments, namespace: "default", name: "web", status: false,
                                                       config: config(), options: ApplyOptions(fieldManager: "kubectl", force: false))
            #expect(created.code == 201)
            let entry = ManagedFieldsList.read(created.object)?.first
            #expect(entry?.manager == "kubectl")
            #expect(entry?.operation == .apply)
            #expect(entry?.fields.paths.contains(["f:spec", "f:replicas"]) == true)

            // Dropping a label and an env var removes them; defaults stay.
            let pruned = try await apply(api, config(labels: ["app": "web", "team": "a"], env: [["name": "A", "value": "1"], ["name": "B", "value": "2"]]))
            #expect(pruned.labels["team"] == "a")
            let second = try await apply(api, config())
            #expect(second.labels["team"] == nil)
            #expect(second[path: "spec", "template", "spec", "containers"]?.arrayValue?.first?["env"] == [["name": "A", "value": "1"]])
            #expect(second[path: "spec", "revisionHistoryLimit"] == 10)

            // Another writer changes replicas: re-applying a different value conflicts.
            var scaled = second
            scaled[path: "spec", "replicas"] = 5
            _ = try await FieldManagerContext.$current.withValue(FieldManagerContext(manager: "kubectl", subresource: "scale")) {
                try await api.update(.deployments, namespace: "default", object: scaled)
            }
            let error = await expectAPIError { _ = try await apply(api, config(replicas: 3)) }
            #expect(error?.code == 409)
            #expect(error?.reason == "Conflict")
            #expect(error?.message == #"Apply failed with 1 conflict: conflict with "kubectl" with subresource "scale" using apps/v1: .spec.replicas"#)
            #expect(error?.causes == [APIError.Cause(type: "FieldManagerConflict", field: ".spec.replicas",
                                                      message: #"conflict with "kubectl" with subresource "scale" using apps/v1"#)])
            // Applying the live value does not conflict; forcing takes the field over.
            _ = try await apply(api, config(replicas: 5))
            let forced = try await apply(api, config(replicas: 3), force: true)
            #expect(forced[path: "spec", "replicas"] == 3)
            let managers = ManagedFieldsList.read(forced) ?? []
            #expect(managers.first { $0.subresource == "scale" } == nil)

            // A field another manager also applies survives this manager dropping it.
            _ = try await apply(api, config(labels: ["app": "web", "shared": "x"]))
            _ = try await apply(api, ["apiVersion": "apps/v1", "kind": "Deployment", "metadata": ["name": "web", "labels": ["shared": "x"]]], manager: "other")
            let kept = try await apply(api, config())
            #expect(kept.labels["shared"] == "x")
        }
    }

    @Test("over HTTP: 422 without fieldManager, 400 on a wrong apiVersion or kind or name, 201 then 200, 409 Status with causes, dryRun")
    func http() async throws {
        try await withServer { api, port in
            let path = "/apis/apps/v1/namespaces/default/deployments/web"
            func send(_ query: String, _ body: String) async throws -> HTTPReply {
                try await RawHTTP.send(port: port, "PATCH", path + query, body: Data(body.utf8), headers: ["Content-Type": "application/apply-patch+yaml"])
            }
            let yaml = """
            apiVersion: apps/v1
            kind: Deployment
            metadata:
              name: web
            spec:
              replicas: 2
              selector:
                matchLabels: {app: web}
              template:
                metadata:
                  labels: {app: web}
                spec:
                  containers:
                  - name: web
                    image: nginx
            """
            let missing = try await send("", yaml)
            expectStatus(missing, 422, "Invalid")
            #expect(missing.json?["message"] == #"PatchOptions.meta.k8s.io "" is invalid: fieldManager: Required value: is required for apply patch"#)
            expectStatus(try await send("?fieldManager=me", yaml.replacingOccurrences(of: "apps/v1", with: "v1")), 400, "BadRequest")
            expectStatus(try await send("?fieldManager=me", yaml.replacingOccurrences(of: "kind: Deployment", with: "kind: Pod")), 400, "BadRequest")
            expectStatus(try await send("?fieldManager=me", yaml.replacingOccurrences(of: "metadata:\n  name: web", with: "metadata:\n  name: other")), 400, "BadRequest")
            let dry = try await send("?fieldManager=me&dryRun=All", yaml)
            #expect(dry.status == 201, "\(dry.text)")
            _ = await expectAPIError { _ = try await api.get(.deployments, namespace: "default", name: "web") }
            let created = try await send("?fieldManager=me", yaml)
            #expect(created.status == 201, "\(created.text)")
            #expect(created.json?[path: "metadata", "managedFields"]?.arrayValue?.first?["manager"] == "me")
            let same = try await send("?fieldManager=me", yaml)
            #expect(same.status == 200, "\(same.text)")
            #expect(same.json?[path: "metadata", "resourceVersion"] == created.json?[path: "metadata", "resourceVersion"])
            let conflict = try await send("?fieldManager=you", yaml.replacingOccurrences(of: "replicas: 2", with: "replicas: 4"))
            expectStatus(conflict, 409, "Conflict")
            #expect(conflict.json?[path: "details", "causes"]?.arrayValue?.first?["reason"] == "FieldManagerConflict")
            #expect(conflict.json?[path: "details", "causes"]?.arrayValue?.first?["field"] == ".spec.replicas")
            let forced = try await send("?fieldManager=you&force=true", yaml.replacingOccurrences(of: "replicas: 2", with: "replicas: 4"))
            #expect(forced.status == 200, "\(forced.text)")
            #expect(forced.json?[path: "spec", "replicas"] == 4)
            let stale = try await send("?fieldManager=me", yaml.replacingOccurrences(of: "metadata:\n  name: web", with: "metadata:\n  name: web\n  resourceVersion: \"1\""))
            expectStatus(stale, 409, "Conflict")
            // Non-apply patches record Update entries under the User-Agent or fieldManager.
            let merged = try await RawHTTP.send(port: port, "PATCH", path + "?fieldManager=patcher", body: Data(#"{"metadata":{"labels":{"x":"y"}}}"#.utf8),
                                                headers: ["Content-Type": "application/merge-patch+json"])
            #expect(merged.status == 200)
            let entries = ManagedFieldsList.read(merged.json) ?? []
            #expect(entries.contains { $0.manager == "patcher" && $0.operation == .update && $0.fields == FieldSet([["f:metadata", "f:labels"], ["f:metadata", "f:labels", "f:x"]]) },
                    "\(merged.json?[path: "metadata", "managedFields"]?.text ?? merged.text)")
            expectStatus(try await RawHTTP.send(port: port, "PATCH", path + "?force=true", body: Data("{}".utf8),
                                                headers: ["Content-Type": "application/merge-patch+json"]), 422, "Invalid")
        }
    }
}

@Suite("Server-side apply: status")
struct ApplyStatusTests {
    @Test("status applies own only status fields; status in a main-resource apply is ignored")
    func statusScopes() async throws {
        try await withAPI { api in
            let base: JSONValue = [
                "apiVersion": "apps/v1", "kind": "Deployment", "metadata": ["name": "web"],
                "spec": ["replicas": 2, "selector": ["matchLabels": ["app": "web"]],
                         "template": ["metadata": ["labels": ["app": "web"]], "spec": ["containers": [["name": "web", "image": "nginx"]]]]],
            ]
            var withStatus = base
            withStatus["status"] = ["replicas": 7]
            let created = try await ApplyRequest.apply(api, .deployments, namespace: "default", name: "web", status: false,
                                                       config: withStatus, options: ApplyOptions(fieldManager: "me", force: false))
            #expect(created.object["status"]?["replicas"] == nil)
            var statusConfig = base
            statusConfig[path: "spec", "replicas"] = 9
            statusConfig["status"] = ["replicas": 7]
            let applied = try await ApplyRequest.apply(api, .deployments, namespace: "default", name: "web", status: true,
                                                       config: statusConfig, options: ApplyOptions(fieldManager: "status-writer", force: false))
            #expect(applied.object[path: "status", "replicas"] == 7)
            #expect(applied.object[path: "spec", "replicas"] == 2)
            let entry = (ManagedFieldsList.read(applied.object) ?? []).first { $0.manager == "status-writer" }
            #expect(entry?.operation == .apply)
            #expect(entry?.subresource == "status")
            #expect(entry?.fields == FieldSet([["f:status", "f:replicas"]]))
        }
    }
}
