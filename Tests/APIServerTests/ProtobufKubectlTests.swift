import APIServer
import Foundation
import Kernel
import Testing

/// kubectl's typed `create` commands send protobuf bodies; each must create the object it
/// names, stored with the fields kubectl set.
@Suite("Real kubectl: typed create commands (protobuf bodies)")
struct ProtobufKubectlTests {
    /// Runs kubectl and expects success, returning its stdout.
    private func run(_ port: Int, _ arguments: [String], _ directory: TempDirectory, sourceLocation: SourceLocation = #_sourceLocation) async throws -> String {
        try await kubectlSucceeds(port: port, arguments, cacheDir: directory.path("cache"), sourceLocation: sourceLocation)
    }

    /// `kubectl get ... -o json` parsed.
    private func get(_ port: Int, _ arguments: [String], _ directory: TempDirectory) async throws -> JSONValue {
        try JSONValue(parsing: try await run(port, ["get"] + arguments + ["-o", "json"], directory))
    }

    @Test("create namespace, deployment, configmap, secret generic, serviceaccount, service clusterip and job",
          .enabled(if: FileManager.default.isExecutableFile(atPath: "/usr/bin/kubectl")))
    func typedCreates() async throws {
        let directory = try TempDirectory()
        defer { directory.remove() }
        try await withServer { _, port in
            // The body really travels as protobuf: kubectl logs the request's content type at -v=8.
            let created = try await kubectl(port: port, ["create", "namespace", "n1", "-v=8"], cacheDir: directory.path("cache"))
            #expect(created.status == 0, "kubectl create namespace failed: \(created.stderr)")
            #expect(created.stderr.contains("application/vnd.kubernetes.protobuf"))
            let namespace = try await get(port, ["namespace", "n1"], directory)
            #expect(namespace["kind"] == "Namespace")
            #expect(namespace[path: "metadata", "name"] == "n1")
            #expect(namespace[path: "status", "phase"] == "Active")

            _ = try await run(port, ["create", "deployment", "web", "--image=nginx", "--replicas=2", "-n", "n1"], directory)
            let deployment = try await get(port, ["deployment", "web", "-n", "n1"], directory)
            #expect(deployment["apiVersion"] == "apps/v1")
            #expect(deployment[path: "metadata", "namespace"] == "n1")
            #expect(deployment[path: "metadata", "labels", "app"] == "web")
            #expect(deployment[path: "spec", "replicas"] == 2)
            #expect(deployment[path: "spec", "selector", "matchLabels"] == ["app": "web"])
            #expect(deployment[path: "spec", "template", "metadata", "labels"] == ["app": "web"])
            let container = deployment[path: "spec", "template", "spec", "containers"]?.arrayValue?.first
            #expect(container?["name"] == "nginx")
            #expect(container?["image"] == "nginx")
            // The encoder always writes the (non-pointer) strategy, empty here: it is defaulted as a missing one would be.
            #expect(deployment[path: "spec", "strategy"] == ["type": "RollingUpdate", "rollingUpdate": ["maxUnavailable": "25%", "maxSurge": "25%"]])

            _ = try await run(port, ["create", "configmap", "c", "--from-literal=a=b"], directory)
            let configMap = try await get(port, ["configmap", "c"], directory)
            #expect(configMap["data"] == ["a": "b"])
            #expect(configMap[path: "metadata", "namespace"] == "default")

            _ = try await run(port, ["create", "secret", "generic", "s", "--from-literal=k=v"], directory)
            let secret = try await get(port, ["secret", "s"], directory)
            #expect(secret["data"] == ["k": "dg=="])
            #expect(secret["type"] == "Opaque")

            _ = try await run(port, ["create", "serviceaccount", "sa"], directory)
            let account = try await get(port, ["serviceaccount", "sa"], directory)
            #expect(account["kind"] == "ServiceAccount")
            #expect(account[path: "metadata", "name"] == "sa")

            _ = try await run(port, ["create", "service", "clusterip", "svc", "--tcp=80:8080"], directory)
            let service = try await get(port, ["service", "svc"], directory)
            #expect(service[path: "spec", "type"] == "ClusterIP")
            #expect(service[path: "spec", "selector"] == ["app": "svc"])
            let port0 = service[path: "spec", "ports"]?.arrayValue?.first
            #expect(port0?["name"] == "80-8080")
            #expect(port0?["port"] == 80)
            #expect(port0?["targetPort"] == 8080)
            #expect(port0?["protocol"] == "TCP")
            #expect(service[path: "spec", "clusterIP"]?.stringValue?.isEmpty == false)

            _ = try await run(port, ["create", "job", "j", "--image=busybox"], directory)
            let job = try await get(port, ["job", "j"], directory)
            #expect(job["apiVersion"] == "batch/v1")
            #expect(job[path: "spec", "template", "spec", "restartPolicy"] == "Never")
            let jobContainer = job[path: "spec", "template", "spec", "containers"]?.arrayValue?.first
            #expect(jobContainer?["name"] == "j")
            #expect(jobContainer?["image"] == "busybox")
        }
    }
}
