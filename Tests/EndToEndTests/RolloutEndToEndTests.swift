import Foundation
import Kernel
import Testing

extension EndToEnd {
/// A rolling update as a kubectl user runs it, against the real `keelson up`: with
/// `maxUnavailable: 0` a watcher (`kubectl get pods --watch`) never sees fewer ready pods than
/// the desired count, and `kubectl rollout undo` brings back the previous template.
@Suite("Rollouts end to end", .serialized)
struct RolloutEndToEndTests {
    private static let hasKubectl = FileManager.default.isExecutableFile(atPath: "/usr/bin/kubectl")

    static let manifest = """
        apiVersion: apps/v1
        kind: Deployment
        metadata: {name: web}
        spec:
          replicas: 3
          strategy: {type: RollingUpdate, rollingUpdate: {maxUnavailable: 0, maxSurge: 1}}
          selector: {matchLabels: {app: web}}
          template:
            metadata: {labels: {app: web}}
            spec:
              containers: [{name: nginx, image: "nginx:1.27"}]
        """

    /// The fewest ready, not terminating pods the watch lines show once all three were ready.
    static func fewestReady(_ lines: String) -> Int? {
        var ready: Set<String> = []
        var fewest: Int?
        for line in lines.split(separator: "\n") {
            let fields = line.split(separator: " ").map(String.init)
            guard fields.count >= 2 else { continue }
            let (type, name) = (fields[0], fields[1])
            let isReady = fields.count >= 3 && fields[2] == "True"
            let terminating = fields.count >= 4
            if type != "DELETED" && isReady && !terminating { ready.insert(name) } else { ready.remove(name) }
            if fewest != nil || ready.count >= 3 { fewest = min(fewest ?? ready.count, ready.count) }
        }
        return fewest
    }

    @Test(.enabled(if: hasKubectl)) func maxUnavailableZeroKeepsEveryReplicaReadyAndUndoRestores() async throws {
        let session = try await KubectlSession.start(extraConfig: "nodePools: [{name: pool-a, count: 2}]\n")
        defer { session.stop() }
        let file = try session.file("web.yaml", Self.manifest)
        try await session.expectSuccess(["apply", "-f", file])
        try await session.expectSuccess(["rollout", "status", "deployment/web", "--timeout=90s"])

        let watcher = try StreamingProcess("/usr/bin/kubectl", [
            "--kubeconfig", session.kubeconfig, "get", "pods", "-l", "app=web", "--watch", "--output-watch-events", "-o",
            #"jsonpath={.type} {.object.metadata.name} {.object.status.conditions[?(@.type=="Ready")].status} {.object.metadata.deletionTimestamp}{"\n"}"#,
        ])
        defer { watcher.stop() }
        _ = try await watcher.waitFor("ADDED", seconds: 30)
        try await session.expectSuccess(["set", "image", "deployment/web", "nginx=nginx:1.28"])
        try await session.expectSuccess(["rollout", "status", "deployment/web", "--timeout=90s"])
        try await session.expectSuccess(["rollout", "undo", "deployment/web"])
        try await session.expectSuccess(["rollout", "status", "deployment/web", "--timeout=90s"])
        try await EndToEnd.waitFor("the old pods to be gone") {
            let images = try await session.kubectl(["get", "pods", "-l", "app=web", "-o", "jsonpath={.items[*].spec.containers[0].image}"]).output
            return images.split(separator: " ") == ["nginx:1.27", "nginx:1.27", "nginx:1.27"]
        }
        try await Task.sleep(for: .milliseconds(500))
        let lines = watcher.text
        #expect(lines.contains("DELETED"), "the watch saw the rollouts:\n\(lines)")
        let fewest = try #require(Self.fewestReady(lines), "the watch never saw three ready pods:\n\(lines)")
        #expect(fewest >= 3, "ready pods dropped to \(fewest) during the rollout:\n\(lines)")
        let template = try await session.expectSuccess(["get", "deployment", "web", "-o", "jsonpath={.spec.template.spec.containers[0].image}"])
        #expect(template == "nginx:1.27")
        let history = try await session.expectSuccess(["rollout", "history", "deployment/web"])
        #expect(history.contains("2 ") && history.contains("3 "), "\(history)")
    }
}
}
