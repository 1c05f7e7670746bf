import Foundation
import Kernel
import Testing

extension EndToEnd {
/// `kubectl drain` as an operator uses it, against the real `keelson up` with three nodes: a
/// three-replica Deployment guarded by a PodDisruptionBudget of minAvailable 2. Draining a node
/// cordons it and evicts its pods through the eviction API within the budget; the Deployment's
/// replacements run on the other nodes. With the budget raised to 3 no eviction is allowed:
/// drain reports the disruption-budget refusal, keeps retrying, and gives up at its timeout
/// with the pods still in place.
@Suite("Drain end to end", .serialized)
struct DrainEndToEndTests {
    private static let hasKubectl = FileManager.default.isExecutableFile(atPath: "/usr/bin/kubectl")

    static let manifest = """
        apiVersion: apps/v1
        kind: Deployment
        metadata: {name: web}
        spec:
          replicas: 3
          selector: {matchLabels: {app: web}}
          template:
            metadata: {labels: {app: web}}
            spec:
              terminationGracePeriodSeconds: 2
              containers: [{name: nginx, image: "nginx:1.27"}]
        ---
        apiVersion: policy/v1
        kind: PodDisruptionBudget
        metadata: {name: web}
        spec:
          minAvailable: 2
          selector: {matchLabels: {app: web}}
        """

    /// The web pods that are not terminating, as kubectl lists them.
    private func livePods(_ session: KubectlSession) async throws -> [JSONValue] {
        let listed = try await session.kubectl(["get", "pods", "-l", "app=web", "-o", "json"])
        let items = (try? JSONValue(parsing: Data(listed.output.utf8)))?["items"]?.arrayValue ?? []
        return items.filter { $0[path: "metadata", "deletionTimestamp"] == nil }
    }

    private static func isReady(_ pod: JSONValue) -> Bool {
        pod[path: "status", "phase"] == "Running"
            && (pod[path: "status", "conditions"]?.arrayValue ?? []).contains { $0["type"] == "Ready" && $0["status"] == "True" }
    }

    private func budgetAllows(_ session: KubectlSession, _ count: Int) async throws -> Bool {
        let allowed = try await session.kubectl(["get", "pdb", "web", "-o", "jsonpath={.status.disruptionsAllowed}"])
        return allowed.output == String(count)
    }

    @Test(.enabled(if: hasKubectl)) func drainEvictsWithinTheBudgetAndRetriesWhenItIsSpent() async throws {
        let session = try await KubectlSession.start(extraConfig: "nodePools: [{name: pool-a, count: 3}]\nkubelet: {nodeStatusUpdateFrequency: 1s}\n")
        defer { session.stop() }
        let file = try session.file("web.yaml", Self.manifest)
        try await session.expectSuccess(["apply", "-f", file])
        try await EndToEnd.waitFor("3 ready web pods and a budget allowing 1 disruption", seconds: 180) {
            let ready = try await livePods(session).filter(Self.isReady).count
            let allows = try await budgetAllows(session, 1)
            return ready == 3 && allows
        }
        let table = try await session.expectSuccess(["get", "pdb", "web", "--no-headers"])
        #expect(table.split(separator: " ", omittingEmptySubsequences: true).prefix(4) == ["web", "2", "N/A", "1"], "\(table)")
        let described = try await session.expectSuccess(["describe", "pdb", "web"])
        #expect(described.contains("Min available:  2") && described.contains("Allowed disruptions:  1"), "\(described)")

        let placed = try await livePods(session).compactMap { $0[path: "spec", "nodeName"]?.stringValue }
        let drained = try #require(Dictionary(grouping: placed) { $0 }.max { $0.value.count < $1.value.count }?.key)
        let drain = try await session.kubectl(["drain", drained, "--ignore-daemonsets", "--delete-emptydir-data", "--timeout=240s"])
        #expect(drain.status == 0, "kubectl drain failed:\n\(drain.output)")
        #expect(drain.output.contains("node/\(drained) cordoned"), "\(drain.output)")
        #expect(drain.output.contains("evicting pod default/web-"), "\(drain.output)")
        #expect(drain.output.contains("node/\(drained) drained"), "\(drain.output)")
        let unschedulable = try await session.kubectl(["get", "node", drained, "-o", "jsonpath={.spec.unschedulable}"])
        #expect(unschedulable.output == "true")
        try await EndToEnd.waitFor("3 ready web pods off \(drained)", seconds: 180) {
            let pods = try await livePods(session)
            return pods.filter(Self.isReady).count == 3 && pods.allSatisfy { $0[path: "spec", "nodeName"]?.stringValue != drained }
        }
        let placedNow = try await session.kubectl(["get", "pods", "-l", "app=web", "-o", "jsonpath={.items[*].spec.nodeName}"])
        #expect(!placedNow.output.contains(drained), "\(placedNow.output)")

        // Every pod is needed now: drain is refused, retries, and times out leaving the pods.
        try await session.expectSuccess(["patch", "pdb", "web", "--type=merge", "-p", #"{"spec":{"minAvailable":3}}"#])
        try await EndToEnd.waitFor("the budget to allow no disruption", seconds: 120) { try await budgetAllows(session, 0) }
        let before = try await livePods(session)
        let nodes = before.compactMap { $0[path: "spec", "nodeName"]?.stringValue }
        let busy = try #require(nodes.first)
        let refused = try await session.kubectl(["drain", busy, "--ignore-daemonsets", "--delete-emptydir-data", "--timeout=12s"])
        #expect(refused.status != 0, "\(refused.output)")
        #expect(refused.output.contains("Cannot evict pod as it would violate the pod's disruption budget."), "\(refused.output)")
        #expect(refused.output.contains("will retry after 5s"), "\(refused.output)")
        let after = try await livePods(session)
        #expect(Set(after.compactMap(\.name)) == Set(before.compactMap(\.name)), "no pod was evicted")
        try await session.expectSuccess(["uncordon", busy])
        try await session.expectSuccess(["uncordon", drained])
    }
}
}
