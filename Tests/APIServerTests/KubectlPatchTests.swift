import APIServer
import Foundation
import Kernel
import Testing

/// A Deployment manifest in YAML.
private func manifest(image: String, replicas: Int, labels: String, env: String) -> String {
    """
    apiVersion: apps/v1
    kind: Deployment
    metadata:
      name: web
      namespace: default
      labels:
    \(labels)
    spec:
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
            ports:
            - containerPort: 80
            env:
    \(env)
    """
}

@Suite("Real kubectl: apply, label, annotate, scale, patch, edit", .enabled(if: FileManager.default.isExecutableFile(atPath: "/usr/bin/kubectl")))
struct KubectlPatchTests {
    @Test("kubectl apply -f twice configures the changed object from last-applied-configuration")
    func applyTwice() async throws {
        let directory = try TempDirectory()
        defer { directory.remove() }
        let file = directory.path("web.yaml")
        try await withServer { api, port in
            let cache = directory.path("cache")
            try manifest(image: "nginx:1.25", replicas: 2, labels: "    app: web\n    team: a", env: "        - name: A\n          value: \"1\"\n        - name: B\n          value: \"2\"")
                .write(toFile: file, atomically: true, encoding: .utf8)
            let created = try await kubectl(port: port, ["apply", "--validate=false", "-f", file], cacheDir: cache)
            #expect(created.status == 0, "\(created.stderr)")
            #expect(created.stdout.contains("deployment.apps/web created"), "\(created.stdout)")

            try manifest(image: "nginx:1.27", replicas: 3, labels: "    app: web", env: "        - name: B\n          value: \"3\"")
                .write(toFile: file, atomically: true, encoding: .utf8)
            let configured = try await kubectl(port: port, ["apply", "--validate=false", "-f", file], cacheDir: cache)
            #expect(configured.status == 0, "\(configured.stderr)")
            #expect(configured.stdout.contains("deployment.apps/web configured"), "\(configured.stdout)")

            let stored = try await api.get(.deployments, namespace: "default", name: "web")
            #expect(stored[path: "spec", "replicas"] == 3)
            #expect(stored.labels == ["app": "web"])
            let container = stored[path: "spec", "template", "spec", "containers"]?.arrayValue?.first
            #expect(container?["image"] == "nginx:1.27")
            #expect(container?["env"] == [["name": "B", "value": "3"]])
            let lastApplied = stored[path: "metadata", "annotations", "kubectl.kubernetes.io/last-applied-configuration"]?.stringValue ?? ""
            #expect(lastApplied.contains("nginx:1.27"))

            let unchanged = try await kubectl(port: port, ["apply", "--validate=false", "-f", file], cacheDir: cache)
            #expect(unchanged.status == 0, "\(unchanged.stderr)")
            #expect(unchanged.stdout.contains("deployment.apps/web unchanged"), "\(unchanged.stdout)")
        }
    }

    @Test("kubectl apply of a changed Service merges ports on port and keeps the cluster IP")
    func applyService() async throws {
        let directory = try TempDirectory()
        defer { directory.remove() }
        let file = directory.path("svc.yaml")
        func write(_ ports: String) throws {
            try "apiVersion: v1\nkind: Service\nmetadata:\n  name: web\n  namespace: default\nspec:\n  selector:\n    app: web\n  ports:\n\(ports)"
                .write(toFile: file, atomically: true, encoding: .utf8)
        }
        try await withServer { api, port in
            let cache = directory.path("cache")
            try write("  - name: http\n    port: 80\n    targetPort: 8080\n")
            let created = try await kubectl(port: port, ["apply", "--validate=false", "-f", file], cacheDir: cache)
            #expect(created.status == 0, "\(created.stderr)")
            let clusterIP = try await api.get(.services, namespace: "default", name: "web")[path: "spec", "clusterIP"]
            #expect(clusterIP?.stringValue?.isEmpty == false)
            try write("  - name: http\n    port: 80\n    targetPort: 9090\n  - name: https\n    port: 443\n")
            let configured = try await kubectl(port: port, ["apply", "--validate=false", "-f", file], cacheDir: cache)
            #expect(configured.status == 0, "\(configured.stderr)")
            #expect(configured.stdout.contains("service/web configured"), "\(configured.stdout)")
            let stored = try await api.get(.services, namespace: "default", name: "web")
            #expect(stored[path: "spec", "clusterIP"] == clusterIP)
            let ports = stored[path: "spec", "ports"]?.arrayValue ?? []
            #expect(ports.map { $0["port"]?.intValue } == [80, 443])
            #expect(ports.first?["targetPort"] == 9090)
        }
    }

    @Test("kubectl label, annotate, scale and patch (merge, json, strategic)")
    func labelAnnotateScalePatch() async throws {
        let directory = try TempDirectory()
        defer { directory.remove() }
        try await withServer { api, port in
            let cache = directory.path("cache")
            _ = try await api.create(.deployments, namespace: "default", object: deployment("web"))
            let label = try await kubectl(port: port, ["label", "deployment", "web", "tier=front"], cacheDir: cache)
            #expect(label.status == 0, "\(label.stderr)")
            #expect(label.stdout.contains("deployment.apps/web labeled"), "\(label.stdout)")
            let annotate = try await kubectl(port: port, ["annotate", "deployment", "web", "owner=ops"], cacheDir: cache)
            #expect(annotate.status == 0, "\(annotate.stderr)")
            #expect(annotate.stdout.contains("deployment.apps/web annotated"), "\(annotate.stdout)")
            let scale = try await kubectl(port: port, ["scale", "deployment", "web", "--replicas=5"], cacheDir: cache)
            #expect(scale.status == 0, "\(scale.stderr)")
            #expect(scale.stdout.contains("deployment.apps/web scaled"), "\(scale.stdout)")
            var stored = try await api.get(.deployments, namespace: "default", name: "web")
            #expect(stored.labels["tier"] == "front")
            #expect(stored[path: "metadata", "annotations", "owner"] == "ops")
            #expect(stored[path: "spec", "replicas"] == 5)

            let merge = try await kubectl(port: port, ["patch", "deployment", "web", "--type=merge", "-p", #"{"spec":{"minReadySeconds":4}}"#], cacheDir: cache)
            #expect(merge.status == 0, "\(merge.stderr)")
            #expect(merge.stdout.contains("deployment.apps/web patched"), "\(merge.stdout)")
            let json = try await kubectl(port: port, ["patch", "deployment", "web", "--type=json", "-p", #"[{"op":"replace","path":"/spec/replicas","value":6}]"#], cacheDir: cache)
            #expect(json.status == 0, "\(json.stderr)")
            let strategic = try await kubectl(port: port, ["patch", "deployment", "web", "--type=strategic", "-p",
                                                     #"{"spec":{"template":{"spec":{"containers":[{"name":"web","image":"nginx:1.27"}]}}}}"#], cacheDir: cache)
            #expect(strategic.status == 0, "\(strategic.stderr)")
            stored = try await api.get(.deployments, namespace: "default", name: "web")
            #expect(stored[path: "spec", "minReadySeconds"] == 4)
            #expect(stored[path: "spec", "replicas"] == 6)
            #expect(stored[path: "spec", "template", "spec", "containers"]?.arrayValue?.map { $0["image"] } == ["nginx:1.27"])

            let failed = try await kubectl(port: port, ["patch", "deployment", "web", "--type=json", "-p", #"[{"op":"test","path":"/spec/replicas","value":1}]"#], cacheDir: cache)
            #expect(failed.status != 0)
            let missing = try await kubectl(port: port, ["patch", "deployment", "nope", "--type=merge", "-p", "{}"], cacheDir: cache)
            #expect(missing.status != 0)
            #expect(missing.stderr.contains("not found"), "\(missing.stderr)")
        }
    }

    @Test("kubectl edit with KUBE_EDITOR saves the edited object")
    func edit() async throws {
        let directory = try TempDirectory()
        defer { directory.remove() }
        let editor = directory.path("editor.sh")
        try "#!/bin/sh\nsed -i 's/image: nginx$/image: nginx:1.28/' \"$1\"\n".write(toFile: editor, atomically: true, encoding: .utf8)
        try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: editor)
        try await withServer { api, port in
            _ = try await api.create(.deployments, namespace: "default", object: deployment("web"))
            let edited = try await kubectl(port: port, ["edit", "deployment", "web", "--validate=false"], cacheDir: directory.path("cache"),
                                           environment: ["KUBE_EDITOR": editor, "EDITOR": editor])
            #expect(edited.status == 0, "\(edited.stderr)")
            #expect(edited.stdout.contains("deployment.apps/web edited"), "\(edited.stdout)")
            let stored = try await api.get(.deployments, namespace: "default", name: "web")
            #expect(stored[path: "spec", "template", "spec", "containers"]?.arrayValue?.first?["image"] == "nginx:1.28")
        }
    }
}
