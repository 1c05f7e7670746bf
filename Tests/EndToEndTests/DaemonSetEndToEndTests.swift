import Foundation
import Kernel
import Testing

extension EndToEnd {
/// DaemonSets as a kubectl user sees them, against the real `keelson up` with two nodes: one
/// pod per node, `kubectl rollout status` following a new image node by node, and a deleted
/// node's pod gone, then replaced when the node's agent registers it again.
@Suite("DaemonSets end to end", .serialized)
struct DaemonSetEndToEndTests {
    private static let hasKubectl = FileManager.default.isExecutableFile(atPath: "/usr/bin/kubectl")

    static let manifest = """
        apiVersion: apps/v1
        kind: DaemonSet
        metadata: {name: agent}
        spec:
          selector: {matchLabels: {app: agent}}
          template:
            metadata: {labels: {app: agent}}
            spec:
              containers: [{name: main, image: "nginx:1.27"}]
        """

    /// node name → pod name of the agent pods that are not terminating.
    private func placement(_ session: KubectlSession) async throws -> [String: String] {
        let listed = try await session.kubectl(["get", "pods", "-l", "app=agent", "-o", "json"])
        let items = (try? JSONValue(parsing: Data(listed.output.utf8)))?["items"]?.arrayValue ?? []
        var result: [String: String] = [:]
        for pod in items where pod[path: "metadata", "deletionTimestamp"] == nil && pod[path: "status", "phase"] == "Running" {
            if let node = pod[path: "spec", "nodeName"]?.stringValue { result[node] = pod[path: "metadata", "name"]?.stringValue }
        }
        return result
    }

    @Test(.enabled(if: hasKubectl)) func oneRunningPodPerNodeThroughRolloutsAndNodeChurn() async throws {
        let session = try await KubectlSession.start(extraConfig: "nodePools: [{name: pool-a, count: 2}]\nkubelet: {nodeStatusUpdateFrequency: 1s}\n")
        defer { session.stop() }
        let file = try session.file("agent.yaml", Self.manifest)
        try await session.expectSuccess(["apply", "-f", file])
        try await EndToEnd.waitFor("an agent pod on each node") { try await placement(session).keys.sorted() == ["pool-a-1", "pool-a-2"] }

        try await session.expectSuccess(["set", "image", "ds/agent", "main=nginx:1.28"])
        let rollout = try await session.expectSuccess(["rollout", "status", "ds/agent", "--timeout=90s"])
        #expect(rollout.contains("daemon set \"agent\" successfully rolled out"), "\(rollout)")
        let images = try await session.expectSuccess(["get", "pods", "-l", "app=agent", "-o", "jsonpath={.items[*].spec.containers[0].image}"])
        #expect(Set(images.split(separator: " ")) == ["nginx:1.28"], "\(images)")

        // The history is ControllerRevisions; undo restores the first template as revision 3.
        let history = try await session.expectSuccess(["rollout", "history", "ds/agent"])
        #expect(history.contains("REVISION") && history.contains("1 ") && history.contains("2 "), "\(history)")
        try await session.expectSuccess(["rollout", "undo", "ds/agent"])
        _ = try await session.expectSuccess(["rollout", "status", "ds/agent", "--timeout=90s"])
        let restored = try await session.expectSuccess(["get", "ds", "agent", "-o", "jsonpath={.spec.template.spec.containers[0].image}"])
        #expect(restored == "nginx:1.27")
        let revisions = try await session.expectSuccess(["get", "controllerrevisions", "--no-headers"])
        #expect(revisions.contains("daemonset.apps/agent   3"), "\(revisions)")
        try await EndToEnd.waitFor("the pods to run nginx:1.27 again") {
            let images = try await session.kubectl(["get", "pods", "-l", "app=agent", "-o", "jsonpath={.items[*].spec.containers[0].image}"]).output
            return Set(images.split(separator: " ")) == ["nginx:1.27"]
        }

        let before = try await placement(session)
        try await session.expectSuccess(["delete", "node", "pool-a-2"])
        try await EndToEnd.waitFor("a new agent pod on pool-a-2 once its agent registers it again") {
            let now = try await placement(session)
            return now.keys.sorted() == ["pool-a-1", "pool-a-2"] && now["pool-a-2"] != before["pool-a-2"]
        }
        let columns = try await session.expectSuccess(["get", "ds", "agent", "--no-headers"])
        #expect(columns.split(separator: " ", omittingEmptySubsequences: true).prefix(6) == ["agent", "2", "2", "2", "2", "2"], "\(columns)")
    }
}
}
