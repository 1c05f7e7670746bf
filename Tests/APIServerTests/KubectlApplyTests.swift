import APIServer
import Foundation
import Kernel
import Testing

/// A Deployment manifest for server-side apply.
private func manifest(replicas: Int, image: String, team: Bool, envB: Bool) -> String {
    """
    apiVersion: apps/v1
    kind: Deployment
    metadata:
      name: web
      namespace: default
      labels:
        app: web
    \(team ? "    team: a\n" : "")spec:
      replicas: \(replicas)
      selector:
        matchLabels:
          app: web
      template:
        metadata:
          labels:
            app: web
        spec:
          containers:
          - name: main
            image: \(image)
            env:
            - name: A
              value: "1"
    \(envB ? "        - name: B\n          value: \"2\"\n" : "")
    """
}

@Suite("Real kubectl: server-side apply", .enabled(if: FileManager.default.isExecutableFile(atPath: "/usr/bin/kubectl")))
struct KubectlApplyTests {
    @Test("apply --server-side creates, updates, prunes, conflicts with kubectl scale, --force-conflicts wins, managers show")
    func serverSideApply() async throws {
        let directory = try TempDirectory()
        defer { directory.remove() }
        let file = directory.path("deploy.yaml")
        let cache = directory.path("cache")
        try await withServer { api, port in
            try manifest(replicas: 2, image: "nginx:1.25", team: true, envB: true).write(toFile: file, atomically: true, encoding: .utf8)
            let created = try await kubectl(port: port, ["apply", "--server-side", "--validate=false", "-f", file], cacheDir: cache)
            #expect(created.status == 0, "\(created.stderr)")
            #expect(created.stdout.contains("deployment.apps/web serverside-applied"), "\(created.stdout)")
            var stored = try await api.get(.deployments, namespace: "default", name: "web")
            #expect(stored[path: "spec", "replicas"] == 2)
            #expect(stored.labels["team"] == "a")

            try manifest(replicas: 2, image: "nginx:1.27", team: false, envB: false).write(toFile: file, atomically: true, encoding: .utf8)
            let updated = try await kubectl(port: port, ["apply", "--server-side", "--validate=false", "-f", file], cacheDir: cache)
            #expect(updated.status == 0, "\(updated.stderr)")
            stored = try await api.get(.deployments, namespace: "default", name: "web")
            let container = stored[path: "spec", "template", "spec", "containers"]?.arrayValue?.first
            #expect(container?["image"] == "nginx:1.27")
            #expect(container?["env"] == [["name": "A", "value": "1"]])
            #expect(stored.labels == ["app": "web"])

            let scaled = try await kubectl(port: port, ["scale", "deploy/web", "--replicas=5"], cacheDir: cache)
            #expect(scaled.status == 0, "\(scaled.stderr)")
            try manifest(replicas: 3, image: "nginx:1.27", team: false, envB: false).write(toFile: file, atomically: true, encoding: .utf8)
            let conflict = try await kubectl(port: port, ["apply", "--server-side", "--validate=false", "-f", file], cacheDir: cache)
            #expect(conflict.status != 0)
            #expect(conflict.stderr.contains("conflict"), "\(conflict.stderr)")
            #expect(conflict.stderr.contains(".spec.replicas"), "\(conflict.stderr)")
            #expect(try await api.get(.deployments, namespace: "default", name: "web")[path: "spec", "replicas"] == 5)

            let forced = try await kubectl(port: port, ["apply", "--server-side", "--validate=false", "--force-conflicts", "-f", file], cacheDir: cache)
            #expect(forced.status == 0, "\(forced.stderr)")
            #expect(try await api.get(.deployments, namespace: "default", name: "web")[path: "spec", "replicas"] == 3)

            let shown = try await kubectl(port: port, ["get", "deploy", "web", "-o", "yaml", "--show-managed-fields"], cacheDir: cache)
            #expect(shown.status == 0, "\(shown.stderr)")
            #expect(shown.stdout.contains("managedFields:"), "\(shown.stdout)")
            #expect(shown.stdout.contains("manager: kubectl"), "\(shown.stdout)")
            #expect(shown.stdout.contains("operation: Apply"), "\(shown.stdout)")
            #expect(shown.stdout.contains("f:replicas: {}"), "\(shown.stdout)")
            let hidden = try await kubectl(port: port, ["get", "deploy", "web", "-o", "yaml"], cacheDir: cache)
            #expect(!hidden.stdout.contains("managedFields:"))
        }
    }

    @Test("client-side kubectl apply, then apply --server-side takes the object over")
    func clientSideThenServerSide() async throws {
        let directory = try TempDirectory()
        defer { directory.remove() }
        let file = directory.path("deploy.yaml")
        let cache = directory.path("cache")
        try await withServer { api, port in
            try manifest(replicas: 2, image: "nginx:1.25", team: true, envB: true).write(toFile: file, atomically: true, encoding: .utf8)
            let client = try await kubectl(port: port, ["apply", "--validate=false", "-f", file], cacheDir: cache)
            #expect(client.status == 0, "\(client.stderr)")
            let before = try await api.get(.deployments, namespace: "default", name: "web")
            #expect(before[path: "metadata", "managedFields"]?.arrayValue?.first?["manager"] == "kubectl-client-side-apply")

            try manifest(replicas: 4, image: "nginx:1.27", team: false, envB: true).write(toFile: file, atomically: true, encoding: .utf8)
            let server = try await kubectl(port: port, ["apply", "--server-side", "--validate=false", "-f", file], cacheDir: cache)
            #expect(server.status == 0, "\(server.stderr)")
            let after = try await api.get(.deployments, namespace: "default", name: "web")
            #expect(after[path: "spec", "replicas"] == 4)
            #expect(after.labels == ["app": "web"])
            let managers = (after[path: "metadata", "managedFields"]?.arrayValue ?? []).compactMap { $0["manager"]?.stringValue }
            #expect(managers.contains("kubectl"), "\(managers)")
        }
    }
}
