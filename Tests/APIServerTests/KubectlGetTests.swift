import APIServer
import Foundation
import Kernel
import Synchronization
import Testing

/// The whitespace-separated words of each non-empty line of kubectl's output.
private func words(_ output: String) -> [[String]] {
    output.split(separator: "\n").map { $0.split(whereSeparator: \.isWhitespace).map(String.init) }.filter { !$0.isEmpty }
}

/// The row whose first word (after the namespace with `-A`) is `name`.
private func row(_ output: String, _ name: String, column: Int = 0) -> [String]? {
    words(output).first { $0.count > column && $0[column] == name }
}

/// Creates `name` in `namespace`, bound to node-1 and Running with its container ready.
private func runningPod(_ api: ClusterAPI, _ name: String, namespace: String, ip: String) async throws {
    _ = try await api.create(.pods, namespace: namespace, object: pod(name, labels: ["app": "web"]))
    try await api.bind(podNamespace: namespace, podName: name, nodeName: "node-1")
    var object = try await api.get(.pods, namespace: namespace, name: name)
    object["status"] = [
        "phase": "Running", "podIP": .string(ip), "podIPs": [["ip": .string(ip)]],
        "conditions": [["type": "Ready", "status": "True"]],
        "containerStatuses": [["name": "main", "image": "nginx:1.25", "imageID": "", "ready": true, "restartCount": 0,
                               "started": true, "state": ["running": ["startedAt": .string(KubeTime.now())]]]],
    ]
    _ = try await api.updateStatus(.pods, namespace: namespace, object: object)
}

/// A kubectl process left running (`get -w`), its output collected as it arrives.
private final class RunningKubectl: @unchecked Sendable {
    // @unchecked: `process` is only started, stopped and read from the test task; the output
    // the pipe's handler appends to is behind a Mutex.
    let process: Process
    private let output = OutputBuffer()

    private final class OutputBuffer: Sendable {
        let data = Mutex(Data())
    }

    init(port: Int, _ arguments: [String], cacheDir: String) throws {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/kubectl")
        process.arguments = ["--server", "http://127.0.0.1:\(port)", "--cache-dir", cacheDir] + arguments
        var environment = ProcessInfo.processInfo.environment
        environment["KUBECONFIG"] = "/dev/null"
        process.environment = environment
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = pipe
        self.process = process
        pipe.fileHandleForReading.readabilityHandler = { [output] handle in
            let data = handle.availableData
            if data.isEmpty { handle.readabilityHandler = nil }
            output.data.withLock { $0.append(data) }
        }
        try process.run()
    }

    var text: String { output.data.withLock { String(decoding: $0, as: UTF8.self) } }

    func stop() {
        if process.isRunning { process.terminate() }
        process.waitUntilExit()
    }
}

@Suite("kubectl get prints server-side Tables", .enabled(if: FileManager.default.isExecutableFile(atPath: "/usr/bin/kubectl")))
struct KubectlGetTests {
    @Test("get pods, -o wide and -A show kubectl's columns")
    func pods() async throws {
        let directory = try TempDirectory()
        defer { directory.remove() }
        let cache = directory.path("cache")
        try await withServer { api, port in
            _ = try await api.create(.nodes, namespace: "", object: ["apiVersion": "v1", "kind": "Node", "metadata": ["name": "node-1"]])
            try await runningPod(api, "web", namespace: "default", ip: "127.244.0.5")
            _ = try await api.create(.pods, namespace: "kube-system", object: pod("dns"))

            let plain = try await kubectl(port: port, ["get", "pods"], cacheDir: cache)
            #expect(plain.status == 0, "kubectl failed: \(plain.stderr)")
            #expect(words(plain.stdout).first == ["NAME", "READY", "STATUS", "RESTARTS", "AGE"])
            #expect(row(plain.stdout, "web")?.prefix(4) == ["web", "1/1", "Running", "0"])
            #expect(words(plain.stdout).count == 2)

            let wide = try await kubectl(port: port, ["get", "pods", "-o", "wide"], cacheDir: cache)
            #expect(wide.status == 0, "kubectl failed: \(wide.stderr)")
            #expect(words(wide.stdout).first == ["NAME", "READY", "STATUS", "RESTARTS", "AGE", "IP", "NODE", "NOMINATED", "NODE", "READINESS", "GATES"])
            #expect(row(wide.stdout, "web")?.suffix(4) == ["127.244.0.5", "node-1", "<none>", "<none>"])

            let all = try await kubectl(port: port, ["get", "pods", "-A"], cacheDir: cache)
            #expect(all.status == 0, "kubectl failed: \(all.stderr)")
            #expect(words(all.stdout).first == ["NAMESPACE", "NAME", "READY", "STATUS", "RESTARTS", "AGE"])
            #expect(row(all.stdout, "web", column: 1)?.prefix(5) == ["default", "web", "1/1", "Running", "0"])
            #expect(row(all.stdout, "dns", column: 1)?.prefix(5) == ["kube-system", "dns", "0/1", "Pending", "0"])

            let labelled = try await kubectl(port: port, ["get", "pods", "--show-labels"], cacheDir: cache)
            #expect(words(labelled.stdout).first?.last == "LABELS")
            #expect(row(labelled.stdout, "web")?.last == "app=web")

            let sorted = try await kubectl(port: port, ["get", "pods", "-A", "--sort-by=.metadata.namespace", "-o", "wide"], cacheDir: cache)
            #expect(sorted.status == 0, "kubectl failed: \(sorted.stderr)")
            #expect(words(sorted.stdout).dropFirst().map { $0[1] } == ["web", "dns"])

            let one = try await kubectl(port: port, ["get", "pod", "web", "-n", "default"], cacheDir: cache)
            #expect(one.status == 0, "kubectl failed: \(one.stderr)")
            #expect(words(one.stdout).count == 2)
            #expect(row(one.stdout, "web")?.prefix(3) == ["web", "1/1", "Running"])
        }
    }

    @Test("get deploy,rs,svc,ep,ns,no prints a table per kind")
    func kinds() async throws {
        let directory = try TempDirectory()
        defer { directory.remove() }
        try await withServer { api, port in
            var node = try await api.create(.nodes, namespace: "", object: [
                "apiVersion": "v1", "kind": "Node",
                "metadata": ["name": "node-1", "labels": ["node-role.kubernetes.io/control-plane": ""]],
            ])
            node["status"] = ["conditions": [["type": "Ready", "status": "True"]], "nodeInfo": ["kubeletVersion": "v1.32.0"]]
            _ = try await api.updateStatus(.nodes, namespace: "", object: node)
            _ = try await api.create(.deployments, namespace: "default", object: deployment("web", replicas: 2))
            _ = try await api.create(.replicaSets, namespace: "default", object: [
                "apiVersion": "apps/v1", "kind": "ReplicaSet", "metadata": ["name": "web-abc", "labels": ["app": "web"]],
                "spec": ["replicas": 2, "selector": ["matchLabels": ["app": "web"]],
                         "template": ["metadata": ["labels": ["app": "web"]], "spec": ["containers": [["name": "web", "image": "nginx"]]]]],
            ])
            let svc = try await api.create(.services, namespace: "default", object: service("web"))
            let clusterIP = svc[path: "spec", "clusterIP"]?.stringValue ?? "?"
            _ = try await api.create(.endpoints, namespace: "default", object: [
                "apiVersion": "v1", "kind": "Endpoints", "metadata": ["name": "web"],
                "subsets": [["addresses": .array((1...5).map { ["ip": .string("127.244.0.\($0)")] }), "ports": [["port": 80, "protocol": "TCP"]]]],
            ])

            let result = try await kubectl(port: port, ["get", "deploy,rs,svc,ep,ns,no"], cacheDir: directory.path("cache"))
            #expect(result.status == 0, "kubectl failed: \(result.stderr)")
            let lines = words(result.stdout)
            #expect(lines.contains(["NAME", "READY", "UP-TO-DATE", "AVAILABLE", "AGE"]))
            #expect(row(result.stdout, "deployment.apps/web")?.prefix(4) == ["deployment.apps/web", "0/2", "0", "0"])
            #expect(lines.contains(["NAME", "DESIRED", "CURRENT", "READY", "AGE"]))
            #expect(row(result.stdout, "replicaset.apps/web-abc")?.prefix(4) == ["replicaset.apps/web-abc", "2", "0", "0"])
            #expect(lines.contains(["NAME", "TYPE", "CLUSTER-IP", "EXTERNAL-IP", "PORT(S)", "AGE"]))
            #expect(row(result.stdout, "service/web")?.prefix(5) == ["service/web", "ClusterIP", clusterIP, "<none>", "80/TCP"])
            #expect(lines.contains(["NAME", "ENDPOINTS", "AGE"]))
            #expect(row(result.stdout, "endpoints/web")?.prefix(5) == ["endpoints/web", "127.244.0.1:80,127.244.0.2:80,127.244.0.3:80", "+", "2", "more..."])
            #expect(lines.contains(["NAME", "STATUS", "AGE"]))
            #expect(row(result.stdout, "namespace/default")?.prefix(2) == ["namespace/default", "Active"])
            #expect(lines.contains(["NAME", "STATUS", "ROLES", "AGE", "VERSION"]))
            #expect(row(result.stdout, "node/node-1").map { [$0[1], $0[2], $0[4]] } == ["Ready", "control-plane", "v1.32.0"])
        }
    }

    @Test("get events shows LAST SEEN TYPE REASON OBJECT MESSAGE")
    func events() async throws {
        let directory = try TempDirectory()
        defer { directory.remove() }
        try await withServer { api, port in
            let stamp = JSONValue.string(KubeTime.now())
            _ = try await api.create(.events, namespace: "default", object: [
                "apiVersion": "v1", "kind": "Event", "metadata": ["name": "web.17"],
                "involvedObject": ["kind": "Pod", "name": "web", "namespace": "default", "apiVersion": "v1"],
                "reason": "Scheduled", "message": "Successfully assigned default/web to node-1", "type": "Normal",
                "source": ["component": "default-scheduler"], "firstTimestamp": stamp, "lastTimestamp": stamp, "count": 1,
            ])
            let result = try await kubectl(port: port, ["get", "events"], cacheDir: directory.path("cache"))
            #expect(result.status == 0, "kubectl failed: \(result.stderr)")
            let lines = words(result.stdout)
            #expect(lines.first == ["LAST", "SEEN", "TYPE", "REASON", "OBJECT", "MESSAGE"])
            #expect(lines.count == 2)
            #expect(lines.last?.dropFirst().prefix(4) == ["Normal", "Scheduled", "pod/web", "Successfully"])
            #expect(result.stdout.contains("Successfully assigned default/web to node-1"))
        }
    }

    @Test("get pods -w prints a row for each change")
    func watch() async throws {
        let directory = try TempDirectory()
        defer { directory.remove() }
        try await withServer { api, port in
            _ = try await api.create(.nodes, namespace: "", object: ["apiVersion": "v1", "kind": "Node", "metadata": ["name": "node-1"]])
            _ = try await api.create(.pods, namespace: "default", object: pod("first"))
            let watcher = try RunningKubectl(port: port, ["get", "pods", "-w"], cacheDir: directory.path("cache"))
            defer { watcher.stop() }
            let listed = await eventually(timeout: .seconds(20)) { row(watcher.text, "first") != nil }
            #expect(listed, "kubectl printed: \(watcher.text)")
            #expect(words(watcher.text).first == ["NAME", "READY", "STATUS", "RESTARTS", "AGE"])

            try await runningPod(api, "late", namespace: "default", ip: "127.244.0.9")
            let changed = await eventually(timeout: .seconds(20)) {
                words(watcher.text).contains { $0.count >= 3 && $0[0] == "late" && $0[2] == "Running" }
            }
            #expect(changed, "kubectl printed: \(watcher.text)")
            #expect(words(watcher.text).contains { $0.prefix(3) == ["late", "0/1", "Pending"] })
        }
    }
}
