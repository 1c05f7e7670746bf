import APIServer
import Foundation
import Kernel
import Testing

/// The real kubectl reading the OpenAPI v3 documents: validation on apply and create, explain.
@Suite("kubectl with OpenAPI v3", .enabled(if: FileManager.default.isExecutableFile(atPath: "/usr/bin/kubectl")))
struct KubectlOpenAPITests {
    /// A Pod, a ConfigMap and a Service in one manifest.
    static let manifest = """
        apiVersion: v1
        kind: Pod
        metadata:
          name: web
          labels: {app: web}
        spec:
          containers:
          - name: main
            image: nginx:1.25
            ports:
            - containerPort: 80
              protocol: TCP
            env:
            - name: MODE
              value: demo
            resources:
              requests: {cpu: 100m, memory: 64Mi}
            readinessProbe:
              httpGet: {path: /, port: 80}
        ---
        apiVersion: v1
        kind: ConfigMap
        metadata:
          name: settings
        data:
          key: value
        ---
        apiVersion: v1
        kind: Service
        metadata:
          name: web
        spec:
          selector: {app: web}
          ports:
          - port: 80
            targetPort: 80
        """

    @Test("kubectl apply -f validates on the server, without --validate=false")
    func applyValidates() async throws {
        let directory = try TempDirectory()
        defer { directory.remove() }
        let file = directory.path("objects.yaml")
        try Self.manifest.write(toFile: file, atomically: true, encoding: .utf8)
        try await withServer { api, port in
            let cache = directory.path("cache")
            let created = try await kubectl(port: port, ["apply", "-f", file], cacheDir: cache)
            #expect(created.status == 0, "kubectl apply failed: \(created.stderr)")
            #expect(created.stdout.contains("pod/web created"))
            #expect(created.stdout.contains("configmap/settings created"))
            #expect(created.stdout.contains("service/web created"))
            _ = try await api.get(.configMaps, namespace: "default", name: "settings")

            let changed = Self.manifest.replacingOccurrences(of: "key: value", with: "key: other")
            try changed.write(toFile: file, atomically: true, encoding: .utf8)
            let configured = try await kubectl(port: port, ["apply", "-f", file], cacheDir: cache)
            #expect(configured.status == 0, "kubectl apply failed: \(configured.stderr)")
            #expect(configured.stdout.contains("configmap/settings configured"))
            let stored = try await api.get(.configMaps, namespace: "default", name: "settings")
            #expect(stored[path: "data", "key"] == "other")
        }
    }

    @Test("kubectl apply -f examples/web.yaml (a Deployment and a Service) validates and re-applies")
    func applyExample() async throws {
        let directory = try TempDirectory()
        defer { directory.remove() }
        let example = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("examples/web.yaml").path
        try await withServer { api, port in
            let cache = directory.path("cache")
            let created = try await kubectl(port: port, ["apply", "-f", example], cacheDir: cache)
            #expect(created.status == 0, "kubectl apply failed: \(created.stderr)")
            #expect(created.stdout.contains("deployment.apps/web created"))
            let again = try await kubectl(port: port, ["apply", "-f", example], cacheDir: cache)
            #expect(again.status == 0, "kubectl apply failed: \(again.stderr)")
            #expect(again.stdout.contains("deployment.apps/web unchanged"))
            _ = try await api.get(.deployments, namespace: "default", name: "web")
        }
    }

    @Test("an unknown field fails kubectl apply and create with kubectl's unknown field error")
    func unknownFieldFails() async throws {
        let directory = try TempDirectory()
        defer { directory.remove() }
        let file = directory.path("bad.yaml")
        try """
            apiVersion: v1
            kind: ConfigMap
            metadata:
              name: bad
            data:
              key: value
            extra: true
            """.write(toFile: file, atomically: true, encoding: .utf8)
        try await withServer { api, port in
            let cache = directory.path("cache")
            for verb in ["apply", "create"] {
                let run = try await kubectl(port: port, [verb, "-f", file], cacheDir: cache)
                #expect(run.status != 0)
                #expect(run.stderr.contains("unknown field \"extra\""), "\(verb): \(run.stderr)")
            }
            await #expect(throws: APIError.self) { try await api.get(.configMaps, namespace: "default", name: "bad") }
        }
    }

    @Test("kubectl explain reads the documents")
    func explain() async throws {
        let directory = try TempDirectory()
        defer { directory.remove() }
        try await withServer { _, port in
            let cache = directory.path("cache")
            let containers = try await kubectl(port: port, ["explain", "pods.spec.containers"], cacheDir: cache)
            #expect(containers.status == 0, "kubectl explain failed: \(containers.stderr)")
            for field in ["image", "livenessProbe", "volumeMounts", "securityContext"] {
                #expect(containers.stdout.contains(field), "missing \(field) in \(containers.stdout)")
            }
            let ports = try await kubectl(port: port, ["explain", "svc.spec.ports", "--recursive"], cacheDir: cache)
            #expect(ports.status == 0, "kubectl explain failed: \(ports.stderr)")
            for field in ["targetPort", "nodePort", "appProtocol", "protocol"] {
                #expect(ports.stdout.contains(field), "missing \(field) in \(ports.stdout)")
            }
        }
    }
}
