import Foundation
import Testing

extension EndToEnd {
/// Deletion as a kubectl user sees it, against the real `keelson up`: graceful pod deletion
/// finished by the kubelet, cascading deletes (foreground, orphan), deletecollection by label
/// and namespace deletion. kubectl waits for each object to disappear, so a command that
/// returns 0 means the whole chain ran.
@Suite("End to end: deletion", .serialized)
struct DeletionEndToEndTests {
    private static let hasKubectl = FileManager.default.isExecutableFile(atPath: "/usr/bin/kubectl")

    private func names(_ session: KubectlSession, _ arguments: [String]) async throws -> [String] {
        let result = try await session.kubectl(["get"] + arguments + ["-o", "jsonpath={.items[*].metadata.name}"])
        return result.output.split(separator: " ").map(String.init).filter { !$0.isEmpty }
    }

    private func deployment(_ name: String, replicas: Int) -> String {
        """
        {"apiVersion": "apps/v1", "kind": "Deployment", "metadata": {"name": "\(name)"},
         "spec": {"replicas": \(replicas), "selector": {"matchLabels": {"app": "\(name)"}},
                  "template": {"metadata": {"labels": {"app": "\(name)"}},
                               "spec": {"containers": [{"name": "nginx", "image": "nginx:1.27"}]}}}}
        """
    }

    @Test(.enabled(if: hasKubectl)) func kubectlDeletesGracefullyAndCascades() async throws {
        let session = try await KubectlSession.start()
        defer { session.stop() }

        let web = try session.file("web.json", deployment("web", replicas: 3))
        let created = try await session.kubectl(["create", "--validate=false", "-f", web])
        #expect(created.status == 0, "\(created.output)")
        try await EndToEnd.waitFor("3 running web pods") {
            try await names(session, ["pods", "-l", "app=web", "--field-selector=status.phase=Running"]).count == 3
        }

        // kubectl delete pod: returns once the kubelet has stopped it and removed the object.
        let first = try #require(try await names(session, ["pods", "-l", "app=web"]).first)
        let deleted = try await session.kubectl(["delete", "pod", first, "--timeout=120s"])
        #expect(deleted.status == 0, "\(deleted.output)")
        #expect(deleted.output.contains("pod \"\(first)\" deleted"))
        let gone = try await session.kubectl(["get", "pod", first])
        #expect(gone.status != 0 && gone.output.contains("NotFound"), "\(gone.output)")

        // kubectl delete pods -l: a deletecollection-style delete of every match.
        try await EndToEnd.waitFor("3 web pods again") { try await names(session, ["pods", "-l", "app=web"]).count == 3 }
        let before = Set(try await names(session, ["pods", "-l", "app=web"]))
        let byLabel = try await session.kubectl(["delete", "pods", "-l", "app=web", "--timeout=120s"])
        #expect(byLabel.status == 0, "\(byLabel.output)")
        let after = Set(try await names(session, ["pods", "-l", "app=web"]))
        #expect(before.isDisjoint(with: after), "old pods left: \(before.intersection(after))")

        // --cascade=foreground: ReplicaSets and pods are gone before the Deployment.
        let foreground = try await session.kubectl(["delete", "deployment", "web", "--cascade=foreground", "--timeout=120s"])
        #expect(foreground.status == 0, "\(foreground.output)")
        #expect(try await names(session, ["replicasets", "-l", "app=web"]).isEmpty)
        #expect(try await names(session, ["pods", "-l", "app=web"]).isEmpty)

        // --cascade=orphan: the ReplicaSet stays, without an owner reference.
        let keep = try session.file("keep.json", deployment("keep", replicas: 1))
        #expect(try await session.kubectl(["create", "--validate=false", "-f", keep]).status == 0)
        try await EndToEnd.waitFor("keep's ReplicaSet") { try await names(session, ["replicasets", "-l", "app=keep"]).count == 1 }
        let orphan = try await session.kubectl(["delete", "deployment", "keep", "--cascade=orphan", "--timeout=120s"])
        #expect(orphan.status == 0, "\(orphan.output)")
        let sets = try await session.kubectl(["get", "replicasets", "-l", "app=keep", "-o", "jsonpath={.items[*].metadata.ownerReferences}"])
        #expect(try await names(session, ["replicasets", "-l", "app=keep"]).count == 1)
        #expect(sets.output.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty, "ownerReferences: \(sets.output)")

        // kubectl delete ns: the namespace controller empties it, then it goes.
        let namespace = try session.file("n1.json", """
            {"apiVersion": "v1", "kind": "Namespace", "metadata": {"name": "n1"}}
            """)
        #expect(try await session.kubectl(["create", "--validate=false", "-f", namespace]).status == 0)
        let inside = try session.file("inside.json", deployment("inside", replicas: 1))
        #expect(try await session.kubectl(["create", "--validate=false", "-n", "n1", "-f", inside]).status == 0)
        try await EndToEnd.waitFor("a running pod in n1") {
            try await names(session, ["pods", "-n", "n1", "--field-selector=status.phase=Running"]).count == 1
        }
        let nsDeleted = try await session.kubectl(["delete", "namespace", "n1", "--timeout=120s"])
        #expect(nsDeleted.status == 0, "\(nsDeleted.output)")
        let nsGone = try await session.kubectl(["get", "namespace", "n1"])
        #expect(nsGone.status != 0 && nsGone.output.contains("NotFound"), "\(nsGone.output)")
    }
}
}
