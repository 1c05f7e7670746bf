import Foundation
import Synchronization
import Testing

extension EndToEnd {
/// Pod logs and the node proxy as a user reaches them: `keelson up` from the built binary and
/// the real `kubectl logs` (plain, --tail, deploy/NAME, -f, -p) and `kubectl get --raw` through
/// `nodes/NODE/proxy`, every request going API server -> kubelet server -> CRI log files.
@Suite("Logs end to end", .serialized)
struct LogsEndToEndTests {
    static let manifest = """
        apiVersion: v1
        kind: Pod
        metadata: {name: printer}
        spec:
          containers:
          - {name: main, image: "busybox:1.36", command: ["sh", "-c", "echo one; echo two; sleep 3600"]}
        ---
        apiVersion: v1
        kind: Pod
        metadata: {name: later}
        spec:
          containers:
          - {name: main, image: "busybox:1.36", command: ["sh", "-c", "echo first; sleep 6; echo later; sleep 3600"]}
        ---
        apiVersion: v1
        kind: Pod
        metadata: {name: crasher}
        spec:
          containers:
          - {name: main, image: "busybox:1.36", command: ["sh", "-c", "echo run; exit 1"]}
        ---
        apiVersion: apps/v1
        kind: Deployment
        metadata: {name: talker}
        spec:
          replicas: 1
          selector: {matchLabels: {app: talker}}
          template:
            metadata: {labels: {app: talker}}
            spec:
              containers:
              - {name: main, image: "busybox:1.36", command: ["sh", "-c", "echo hello from talker; sleep 3600"]}
        """

    /// Runs kubectl against the cluster's kubeconfig.
    static func kubectl(_ kubeconfig: String, _ arguments: [String]) async throws -> (status: Int32, output: String) {
        try await KeelsonProcess.run("/usr/bin/kubectl", ["--kubeconfig", kubeconfig] + arguments)
    }

    /// Polls `probe` until it returns a value or `seconds` pass.
    static func eventually<T>(_ what: String, seconds: Double = 60, _ probe: () async throws -> T?) async throws -> T {
        let deadline = Date().addingTimeInterval(seconds)
        while Date() < deadline {
            if let value = try await probe() { return value }
            try await Task.sleep(for: .milliseconds(250))
        }
        throw E2EError("timed out waiting for \(what)")
    }

    @Test func kubectlLogsAndNodeProxy() async throws {
        let session = try await KubectlSession.start()
        defer { session.stop() }
        let kubeconfig = session.kubeconfig
        let manifestPath = try session.file("pods.yaml", Self.manifest)
        let applied = try await Self.kubectl(kubeconfig, ["apply", "--validate=false", "-f", manifestPath])
        #expect(applied.status == 0, "apply failed: \(applied.output)")

        // kubectl logs POD, --tail, --timestamps.
        let logs = try await Self.eventually("printer's log") {
            let result = try await Self.kubectl(kubeconfig, ["logs", "printer"])
            return result.status == 0 && result.output == "one\ntwo\n" ? result.output : nil
        }
        #expect(logs == "one\ntwo\n")
        #expect(try await Self.kubectl(kubeconfig, ["logs", "printer", "--tail=1"]).output == "two\n")
        let stamped = try await Self.kubectl(kubeconfig, ["logs", "printer", "--timestamps"]).output
        #expect(stamped.split(separator: "\n").count == 2 && stamped.hasSuffix(" two\n"))

        // kubectl logs deploy/NAME picks the Deployment's pod.
        let talker = try await Self.eventually("the deployment's log") {
            let result = try await Self.kubectl(kubeconfig, ["logs", "deploy/talker"])
            return result.status == 0 && result.output.contains("hello from talker") ? result.output : nil
        }
        #expect(talker == "hello from talker\n")

        // kubectl logs -f streams a line printed later.
        _ = try await Self.eventually("later's first line") {
            try await Self.kubectl(kubeconfig, ["logs", "later"]).output.contains("first") ? true : nil
        }
        let follow = try StreamingProcess("/usr/bin/kubectl", ["--kubeconfig", kubeconfig, "logs", "-f", "later"])
        let streamed = try await follow.waitFor("later\n", seconds: 30)
        follow.stop()
        #expect(streamed.hasPrefix("first\n"), "\(streamed)")

        // kubectl logs -p shows the previous instance of a restarted container.
        _ = try await Self.eventually("crasher to restart") {
            let count = try await Self.kubectl(kubeconfig, ["get", "pod", "crasher", "-o", "jsonpath={.status.containerStatuses[0].restartCount}"]).output
            return (Int(count) ?? 0) >= 1 ? true : nil
        }
        let previous = try await Self.eventually("crasher's previous log") {
            let result = try await Self.kubectl(kubeconfig, ["logs", "-p", "crasher"])
            return result.status == 0 ? result.output : nil
        }
        #expect(previous == "run\n")

        // The node proxy reaches each kubelet's read-only endpoints.
        let node = try await Self.kubectl(kubeconfig, ["get", "pod", "printer", "-o", "jsonpath={.spec.nodeName}"]).output
        #expect(!node.isEmpty)
        let health = try await Self.kubectl(kubeconfig, ["get", "--raw", "/api/v1/nodes/\(node)/proxy/healthz"])
        #expect(health.output == "ok", "\(health.output)")
        let summaryText = try await Self.kubectl(kubeconfig, ["get", "--raw", "/api/v1/nodes/\(node)/proxy/stats/summary"]).output
        let summary = try JSONSerialization.jsonObject(with: Data(summaryText.utf8)) as? [String: Any]
        #expect((summary?["node"] as? [String: Any])?["nodeName"] as? String == node, "\(summaryText)")
        let pods = try await Self.kubectl(kubeconfig, ["get", "--raw", "/api/v1/nodes/\(node)/proxy/pods"]).output
        #expect(pods.contains("\"printer\""))

        // Errors come back as Kubernetes Status messages.
        let wrong = try await Self.kubectl(kubeconfig, ["logs", "printer", "-c", "nope"])
        #expect(wrong.status != 0)
        #expect(wrong.output.contains("container nope is not valid for pod printer"), "\(wrong.output)")
    }
}
}
