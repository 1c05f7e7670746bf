import Foundation
import Kernel
import Testing

extension EndToEnd {
/// A node failure as a kubectl user sees it, against the real `keelson up` with three nodes
/// and shortened timings: `keelson node stop` ends a node's agent, the node turns NotReady
/// (Ready=Unknown) with the unreachable taints, its pods are evicted after their 2 s
/// toleration and the Deployment's replacements run on the other nodes; `keelson node start`
/// brings the node back untainted, and its agent finishes the evicted pods.
@Suite("Node failure end to end", .serialized)
struct NodeFailureEndToEndTests {
    private static let hasKubectl = FileManager.default.isExecutableFile(atPath: "/usr/bin/kubectl")

    static let config = """
        nodePools: [{name: pool-a, count: 3}]
        kubelet: {nodeStatusUpdateFrequency: 250ms}
        controllerManager: {nodeMonitorPeriod: 200ms, nodeMonitorGracePeriod: 3s}

        """

    static let deployment = """
        {"apiVersion": "apps/v1", "kind": "Deployment", "metadata": {"name": "web"},
         "spec": {"replicas": 4, "selector": {"matchLabels": {"app": "web"}},
                  "template": {"metadata": {"labels": {"app": "web"}},
                               "spec": {"containers": [{"name": "nginx", "image": "nginx:1.27"}]}}}}
        """

    /// The web pods as kubectl lists them.
    private func pods(_ session: KubectlSession) async throws -> [JSONValue] {
        let listed = try await session.kubectl(["get", "pods", "-l", "app=web", "-o", "json"])
        return (try? JSONValue(parsing: Data(listed.output.utf8)))?["items"]?.arrayValue ?? []
    }

    private func keelsonNode(_ session: KubectlSession, _ verb: String, _ node: String) async throws {
        let result = try await KeelsonProcess.run(KeelsonProcess.binary, ["node", verb, node, "--kubeconfig", session.kubeconfig])
        #expect(result.status == 0, "keelson node \(verb) \(node): \(result.output)")
        #expect(result.output.contains("node/\(node) agent \(verb == "stop" ? "stopped" : "started")"), "\(result.output)")
    }

    @Test(.enabled(if: hasKubectl)) func stoppingANodeMovesItsPodsAndStartingItUntaintsIt() async throws {
        let session = try await KubectlSession.start(extraConfig: Self.config, apiServer: ", defaultUnreachableTolerationSeconds: 2")
        defer { session.stop() }
        let file = try session.file("web.json", Self.deployment)
        try await session.expectSuccess(["create", "--validate=false", "-f", file])
        try await EndToEnd.waitFor("4 running web pods") {
            try await pods(session).filter { $0[path: "status", "phase"] == "Running" }.count == 4
        }
        let placed = try await pods(session).compactMap { $0[path: "spec", "nodeName"]?.stringValue }
        let victim = try #require(Dictionary(grouping: placed) { $0 }.max { $0.value.count < $1.value.count }?.key)

        try await keelsonNode(session, "stop", victim)
        try await EndToEnd.waitFor("\(victim) to be NotReady with the unreachable taints") {
            let nodes = try await session.kubectl(["get", "nodes", victim, "--no-headers"]).output
            let taints = try await session.kubectl(["get", "node", victim, "-o", "jsonpath={.spec.taints[*].key}"]).output
            return nodes.contains("NotReady") && taints.contains("node.kubernetes.io/unreachable")
        }
        let ready = try await session.kubectl(["get", "node", victim, "-o", #"jsonpath={.status.conditions[?(@.type=="Ready")].status}"#])
        #expect(ready.output == "Unknown")
        try await EndToEnd.waitFor("4 running web pods on the other nodes") {
            try await pods(session).filter { pod in
                pod[path: "metadata", "deletionTimestamp"] == nil && pod[path: "status", "phase"] == "Running" && pod[path: "spec", "nodeName"]?.stringValue != victim
            }.count == 4
        }
        let evicted = try await pods(session).filter { $0[path: "spec", "nodeName"]?.stringValue == victim }
        #expect(!evicted.isEmpty && evicted.allSatisfy { $0[path: "metadata", "deletionTimestamp"] != nil }, "the stopped node's pods are terminating")
        let events = try await session.kubectl(["get", "events", "--no-headers"])
        #expect(events.output.contains("TaintManagerEviction") && events.output.contains("Marking for deletion Pod default/web-"), "\(events.output)")

        try await keelsonNode(session, "start", victim)
        try await EndToEnd.waitFor("\(victim) to be Ready and untainted") {
            let ready = try await session.kubectl(["get", "node", victim, "-o", #"jsonpath={.status.conditions[?(@.type=="Ready")].status}"#])
            let taints = try await session.kubectl(["get", "node", victim, "-o", "jsonpath={.spec.taints[*].key}"])
            return ready.output == "True" && !taints.output.contains("node.kubernetes.io/")
        }
        try await EndToEnd.waitFor("the evicted pods to be gone") { try await pods(session).count == 4 }
    }
}
}
