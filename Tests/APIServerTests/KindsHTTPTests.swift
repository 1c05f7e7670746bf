import APIServer
import Foundation
import Kernel
import Testing

@Suite("HTTP CRUD and discovery of ConfigMaps, Secrets, ServiceAccounts, EndpointSlices, Jobs and Leases")
struct KindsHTTPTests {
    /// Each kind's collection path in namespace `default` and a valid object.
    static let samples: [(path: String, object: JSONValue)] = [
        ("/api/v1/namespaces/default/configmaps", configMap("cfg")),
        ("/api/v1/namespaces/default/secrets", secret("pw", data: ["p": base64("q")])),
        ("/api/v1/namespaces/default/serviceaccounts", ["apiVersion": "v1", "kind": "ServiceAccount", "metadata": ["name": "robot"]]),
        ("/apis/batch/v1/namespaces/default/jobs", job("once")),
        ("/apis/coordination.k8s.io/v1/namespaces/default/leases",
         ["apiVersion": "coordination.k8s.io/v1", "kind": "Lease", "metadata": ["name": "lock"], "spec": ["holderIdentity": "a", "leaseDurationSeconds": 15]]),
        ("/apis/discovery.k8s.io/v1/namespaces/default/endpointslices",
         ["apiVersion": "discovery.k8s.io/v1", "kind": "EndpointSlice", "metadata": ["name": "web-1", "labels": ["kubernetes.io/service-name": "web"]],
          "addressType": "IPv4", "endpoints": [["addresses": ["10.1.0.4"]]], "ports": [["name": "http", "port": 8080]]]),
    ]

    @Test("create, get, list, update and delete on each kind's path")
    func crud() async throws {
        try await withServer { _, port in
            for (path, object) in Self.samples {
                let name = object.name ?? ""
                let created = try await RawHTTP.send(port: port, "POST", path, json: object)
                #expect(created.status == 201, "\(path): \(created.text)")
                #expect(created.json?["kind"] == object["kind"])

                let got = try await RawHTTP.send(port: port, "GET", "\(path)/\(name)")
                #expect(got.status == 200, "\(path): \(got.text)")
                let list = try await RawHTTP.send(port: port, "GET", path)
                #expect(list.json?["kind"] == .string("\(object.kind ?? "")List"))
                #expect(list.json?["items"]?.arrayValue?.compactMap(\.name) == [name])

                var changed = try #require(got.json)
                changed[path: "metadata", "labels", "touched"] = "yes"
                let updated = try await RawHTTP.send(port: port, "PUT", "\(path)/\(name)", json: changed)
                #expect(updated.status == 200, "\(path): \(updated.text)")
                #expect(updated.json?.labels["touched"] == "yes")

                // Background, as kubectl sends it (batch/v1 Jobs would orphan by default, waiting for the GC).
                let deleted = try await RawHTTP.send(port: port, "DELETE", "\(path)/\(name)?propagationPolicy=Background")
                #expect(deleted.status == 200, "\(path): \(deleted.text)")
                let gone = try await RawHTTP.send(port: port, "GET", "\(path)/\(name)")
                expectStatus(gone, 404, "NotFound")
            }
        }
    }

    @Test("invalid objects are 422 Invalid Status objects with field causes")
    func invalid() async throws {
        try await withServer { _, port in
            let reply = try await RawHTTP.send(port: port, "POST", "/apis/batch/v1/namespaces/default/jobs", json: job("bad", restartPolicy: "Always"))
            expectStatus(reply, 422, "Invalid")
            #expect(reply.json?[path: "details", "causes"]?.arrayValue?.first?["field"] == "spec.template.spec.restartPolicy")

            let secretReply = try await RawHTTP.send(port: port, "POST", "/api/v1/namespaces/default/secrets", json: secret("s", data: ["k": "%%%"]))
            expectStatus(secretReply, 422, "Invalid")
            #expect(secretReply.json?["message"]?.stringValue?.hasPrefix(#"Secret "s" is invalid: data[k]"#) == true)
        }
    }

    @Test("secrets can be selected by type")
    func secretTypeSelector() async throws {
        try await withServer { _, port in
            for object in [secret("plain", data: ["k": base64("v")]),
                           secret("cert", type: "kubernetes.io/tls", data: ["tls.crt": base64("c"), "tls.key": base64("k")])] {
                let created = try await RawHTTP.send(port: port, "POST", "/api/v1/namespaces/default/secrets", json: object)
                #expect(created.status == 201, "\(created.text)")
            }
            let tls = try await RawHTTP.send(port: port, "GET", "/api/v1/secrets?fieldSelector=type%3Dkubernetes.io%2Ftls")
            #expect(tls.status == 200, "\(tls.text)")
            #expect(tls.json?["items"]?.arrayValue?.compactMap(\.name) == ["cert"])
        }
    }

    @Test("discovery lists the batch, coordination and discovery groups and their resources")
    func discovery() async throws {
        try await withServer { _, port in
            let groups = try await RawHTTP.send(port: port, "GET", "/apis")
            let names = groups.json?["groups"]?.arrayValue?.compactMap { $0["name"]?.stringValue } ?? []
            for group in ["apps", "batch", "coordination.k8s.io", "discovery.k8s.io"] {
                #expect(names.contains(group), "\(names)")
            }
            let batchGroup = try await RawHTTP.send(port: port, "GET", "/apis/batch")
            #expect(batchGroup.json?[path: "preferredVersion", "groupVersion"] == "batch/v1")

            func resources(_ path: String) async throws -> [String: JSONValue] {
                let reply = try await RawHTTP.send(port: port, "GET", path)
                #expect(reply.status == 200, "\(path)")
                var byName: [String: JSONValue] = [:]
                for entry in reply.json?["resources"]?.arrayValue ?? [] { byName[entry["name"]?.stringValue ?? ""] = entry }
                return byName
            }
            let core = try await resources("/api/v1")
            #expect(core["configmaps"]?["shortNames"] == ["cm"])
            #expect(core["configmaps"]?["kind"] == "ConfigMap")
            #expect(core["serviceaccounts"]?["shortNames"] == ["sa"])
            #expect(core["secrets"]?["namespaced"] == true)
            #expect(core["secrets"]?["verbs"]?.arrayValue?.contains("watch") == true)
            #expect(core["events"]?["shortNames"] == ["ev"])
            #expect(core["pods"]?["categories"] == ["all"])
            #expect(core["services"]?["categories"] == ["all"])
            #expect(core["configmaps"]?["categories"] == nil)
            #expect(core["configmaps/status"] == nil)

            let batch = try await resources("/apis/batch/v1")
            #expect(batch["jobs"]?["kind"] == "Job")
            #expect(batch["jobs"]?["categories"] == ["all"])
            #expect(batch["jobs/status"] != nil)
            let coordination = try await resources("/apis/coordination.k8s.io/v1")
            #expect(coordination["leases"]?["kind"] == "Lease")
            let slices = try await resources("/apis/discovery.k8s.io/v1")
            #expect(slices["endpointslices"]?["kind"] == "EndpointSlice")
            let apps = try await resources("/apis/apps/v1")
            #expect(apps["deployments"]?["categories"] == ["all"])
            #expect(apps["replicasets"]?["categories"] == ["all"])
        }
    }
}
