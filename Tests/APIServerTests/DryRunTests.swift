import APIServer
import Foundation
import Kernel
import Testing

@Suite("Server-side dry run")
struct DryRunTests {
    private static let pods = "/api/v1/namespaces/default/pods"

    @Test("POST with dryRun=All admits and returns the object but stores nothing")
    func createStoresNothing() async throws {
        try await withServer { api, port in
            let before = api.store.currentRevision
            let reply = try await RawHTTP.send(port: port, "POST", Self.pods + "?dryRun=All", json: pod("ghost"))
            #expect(reply.status == 201)
            #expect(reply.json?.name == "ghost")
            #expect(reply.json?[path: "metadata", "uid"] != nil)
            #expect(reply.json?[path: "spec", "restartPolicy"] == "Always")
            #expect(reply.json?.resourceVersion == nil)
            #expect(api.store.currentRevision == before)
            let lookup = try await RawHTTP.send(port: port, "GET", Self.pods + "/ghost")
            expectStatus(lookup, 404, "NotFound")

            var invalid = pod("Bad_Name")
            invalid.name = "Bad_Name"
            let rejected = try await RawHTTP.send(port: port, "POST", Self.pods + "?dryRun=All", json: invalid)
            expectStatus(rejected, 422, "Invalid")
        }
    }

    @Test("PUT, PATCH and DELETE with dryRun=All change nothing")
    func writesChangeNothing() async throws {
        try await withServer { api, port in
            let stored = try await api.create(.pods, namespace: "default", object: pod("real", labels: ["v": "1"]))
            let revision = api.store.currentRevision

            var changed = stored
            changed.labels = ["v": "2"]
            let put = try await RawHTTP.send(port: port, "PUT", Self.pods + "/real?dryRun=All", json: changed)
            #expect(put.status == 200)
            #expect(put.json?[path: "metadata", "labels", "v"] == "2")
            #expect(put.json?.resourceVersion == stored.resourceVersion)

            let patch = try await RawHTTP.send(port: port, "PATCH", Self.pods + "/real?dryRun=All",
                                               body: Data(#"{"metadata":{"labels":{"v":"3"}}}"#.utf8),
                                               headers: ["Content-Type": "application/merge-patch+json"])
            #expect(patch.status == 200)
            #expect(patch.json?[path: "metadata", "labels", "v"] == "3")

            let delete = try await RawHTTP.send(port: port, "DELETE", Self.pods + "/real?dryRun=All")
            #expect(delete.status == 200)
            let deleteByBody = try await RawHTTP.send(port: port, "DELETE", Self.pods + "/real",
                                                      json: ["kind": "DeleteOptions", "apiVersion": "v1", "dryRun": ["All"]])
            #expect(deleteByBody.status == 200)

            #expect(api.store.currentRevision == revision)
            let now = try await api.get(.pods, namespace: "default", name: "real")
            #expect(now[path: "metadata", "labels", "v"] == "1")
        }
    }

    @Test("an unknown dryRun value is rejected")
    func unknownValue() async throws {
        try await withServer { api, port in
            let reply = try await RawHTTP.send(port: port, "POST", Self.pods + "?dryRun=Maybe", json: pod("x"))
            expectStatus(reply, 422, "Invalid")
            #expect(reply.json?["message"]?.stringValue?.hasPrefix("CreateOptions.meta.k8s.io \"\" is invalid: dryRun: Unsupported value") == true)
            #expect(try await api.list(.pods, namespace: "default", labelSelector: [:]).items.isEmpty)
        }
    }

    @Test("kubectl create --dry-run=server creates nothing", .enabled(if: FileManager.default.isExecutableFile(atPath: "/usr/bin/kubectl")))
    func kubectlDryRun() async throws {
        let directory = try TempDirectory()
        defer { directory.remove() }
        try await withServer { api, port in
            let manifest = directory.path("x.yaml")
            try """
            apiVersion: v1
            kind: ConfigMap
            metadata:
              name: dry
            data:
              key: value
            """.write(toFile: manifest, atomically: true, encoding: .utf8)
            let run = try await kubectl(port: port, ["create", "-f", manifest, "--dry-run=server", "--validate=false"], cacheDir: directory.path("cache"))
            #expect(run.status == 0, "kubectl failed: \(run.stderr)")
            #expect(run.stdout.contains("configmap/dry created (server dry run)"))
            #expect(try await api.list(.configMaps, namespace: "default", labelSelector: [:]).items.isEmpty)

            _ = try await api.create(.configMaps, namespace: "default", object: configMap("kept"))
            let revision = api.store.currentRevision
            let label = try await kubectl(port: port, ["label", "configmap", "kept", "tier=gold", "--dry-run=server"], cacheDir: directory.path("cache"))
            #expect(label.status == 0, "kubectl failed: \(label.stderr)")
            let delete = try await kubectl(port: port, ["delete", "configmap", "kept", "--dry-run=server"], cacheDir: directory.path("cache"))
            #expect(delete.status == 0, "kubectl failed: \(delete.stderr)")
            #expect(delete.stdout.contains("(server dry run)"))
            #expect(api.store.currentRevision == revision)
            let kept = try await api.get(.configMaps, namespace: "default", name: "kept")
            #expect(kept.labels["tier"] == nil)
        }
    }
}
