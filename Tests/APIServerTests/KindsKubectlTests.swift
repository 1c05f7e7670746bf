import APIServer
import Foundation
import Kernel
import Testing

@Suite("Real kubectl with ConfigMaps, Secrets, ServiceAccounts, Jobs and Leases")
struct KindsKubectlTests {
    static let hasKubectl = FileManager.default.isExecutableFile(atPath: "/usr/bin/kubectl")

    @Test("create configmap and secret, get them with -A, api-resources, get all, events and describe", .enabled(if: hasKubectl))
    func kubectlKinds() async throws {
        let directory = try TempDirectory()
        defer { directory.remove() }
        let cache = directory.path("cache")
        try await withServer { api, port in
            func run(_ arguments: [String], sourceLocation: SourceLocation = #_sourceLocation) async throws -> String {
                try await kubectlSucceeds(port: port, arguments, cacheDir: cache, sourceLocation: sourceLocation)
            }
            // kubectl's typed commands, which send protobuf bodies.
            _ = try await run(["create", "configmap", "x", "--from-literal=a=b"])
            _ = try await run(["create", "secret", "generic", "s", "--from-literal=p=q"])
            let storedMap = try await api.get(.configMaps, namespace: "default", name: "x")
            #expect(storedMap["data"] == ["a": "b"])
            let storedSecret = try await api.get(.secrets, namespace: "default", name: "s")
            #expect(storedSecret["data"] == ["p": .string(base64("q"))])
            #expect(storedSecret["type"] == "Opaque")

            _ = try await api.create(.serviceAccounts, namespace: "kube-system", object: ["apiVersion": "v1", "kind": "ServiceAccount", "metadata": ["name": "robot"]])
            _ = try await api.create(.jobs, namespace: "default", object: job("pi"))
            _ = try await api.create(.leases, namespace: "kube-node-lease", object: [
                "apiVersion": "coordination.k8s.io/v1", "kind": "Lease", "metadata": ["name": "node-1"],
                "spec": ["holderIdentity": "node-1", "leaseDurationSeconds": 40, "renewTime": .string(KubeTime.micro())],
            ])
            _ = try await api.create(.pods, namespace: "default", object: pod("web"))
            _ = try await api.create(.services, namespace: "default", object: service("web"))
            _ = try await api.create(.deployments, namespace: "default", object: deployment("front"))

            let names = try await run(["get", "cm,secret,sa,jobs,leases", "-A", "-o", "name"])
            let lines = Set(names.split(separator: "\n").map(String.init))
            for expected in ["configmap/x", "secret/s", "serviceaccount/robot", "job.batch/pi", "lease.coordination.k8s.io/node-1"] {
                #expect(lines.contains(expected), "missing \(expected) in \(names)")
            }
            let table = try await run(["get", "cm,secret,sa,jobs,leases", "-A"])
            #expect(table.contains("kube-node-lease"))

            let resources = try await run(["api-resources"])
            let rows = resources.split(separator: "\n").map { $0.split(separator: " ", omittingEmptySubsequences: true).map(String.init) }
            func row(_ name: String) -> [String]? { rows.first { $0.first == name } }
            #expect(row("configmaps")?.contains("cm") == true, "\(resources)")
            #expect(row("serviceaccounts")?.contains("sa") == true)
            #expect(row("secrets")?.contains("Secret") == true)
            #expect(row("jobs")?.contains("batch/v1") == true)
            #expect(row("leases")?.contains("coordination.k8s.io/v1") == true)
            #expect(row("endpointslices")?.contains("discovery.k8s.io/v1") == true)

            let all = try await run(["get", "all", "-o", "name"])
            for expected in ["pod/web", "service/web", "deployment.apps/front", "job.batch/pi"] {
                #expect(all.contains(expected), "missing \(expected) in \(all)")
            }
            #expect(!all.contains("configmap/"))

            let web = try await api.get(.pods, namespace: "default", name: "web")
            let now = KubeTime.now()
            _ = try await api.create(.events, namespace: "default", object: [
                "apiVersion": "v1", "kind": "Event", "metadata": ["name": "web.17a0c"],
                "involvedObject": ["apiVersion": "v1", "kind": "Pod", "name": "web", "namespace": "default", "uid": .string(web.uid ?? "")],
                "reason": "Pulled", "message": "Container image \"nginx:1.25\" already present on machine", "type": "Normal",
                "source": ["component": "kubelet", "host": "node-1"], "firstTimestamp": .string(now), "lastTimestamp": .string(now), "count": 1,
                "reportingComponent": "kubelet", "reportingInstance": "node-1",
            ])
            let events = try await run(["get", "events", "-o", "name"])
            #expect(events.contains("event/web.17a0c"), "\(events)")
            _ = try await run(["get", "events", "-A"])
            let described = try await run(["describe", "pod", "web"])
            #expect(described.contains("Events:"))
            #expect(described.contains("Pulled"), "\(described)")
            #expect(described.contains("already present on machine"))
        }
    }
}
