import APIServer
import Controllers
import Foundation
import Kernel
import Testing

/// The DaemonSet controller against an in-memory cluster, with a stand-in scheduler and
/// kubelet that bind each pod to the node its affinity names and report it Running and Ready:
/// one pod per qualifying node as nodes come and go, taints honoured, and a rolling update
/// that never leaves more than maxUnavailable nodes without an available pod.
@Suite("DaemonSet controller")
struct DaemonSetControllerTests {
    private func withDaemonSets(_ body: (ClusterAPI) async throws -> Void) async throws {
        try await WorkloadTesting.withControllers({ api, informers in
            let controller = DaemonSetController(informers: informers, logger: WorkloadTesting.logger, options: WorkloadTesting.options)
            return [{ await controller.run() }, { await Self.kubelets(api) }]
        }, body)
    }

    /// Binds each new pod to the node its `metadata.name` affinity names and reports it Running
    /// and Ready (after 50 ms); finishes graceful deletions at once.
    private static func kubelets(_ api: ClusterAPI) async {
        guard let stream = try? await api.watch(.pods, namespace: nil, fromRevision: 0) else { return }
        var next = 1
        await withDiscardingTaskGroup { group in
            do {
                for try await event in stream where event.type != "DELETED" {
                    let pod = event.object
                    if pod.isBeingDeleted {
                        await WorkloadTesting.finishDeletion(api, pod)
                        continue
                    }
                    guard event.type == "ADDED" else { continue }
                    let terms = pod[path: "spec", "affinity", "nodeAffinity", "requiredDuringSchedulingIgnoredDuringExecution", "nodeSelectorTerms"]
                    guard let node = terms?.arrayValue?.first?["matchFields"]?.arrayValue?.first?["values"]?.arrayValue?.first?.stringValue else { continue }
                    next += 1
                    let ip = "127.244.3.\(next % 250 + 2)"
                    group.addTask {
                        try? await Task.sleep(for: .milliseconds(50))
                        try? await WorkloadTesting.setPodState(api, pod, node: node, ip: ip, ready: true)
                    }
                }
            } catch {}
        }
    }

    private static func node(_ name: String, taints: [JSONValue] = []) -> JSONValue {
        var node: JSONValue = ["apiVersion": "v1", "kind": "Node", "metadata": ["name": .string(name)]]
        if !taints.isEmpty { node[path: "spec", "taints"] = .array(taints) }
        return node
    }

    private static let daemonSet: JSONValue = [
        "apiVersion": "apps/v1", "kind": "DaemonSet", "metadata": ["name": "agent"],
        "spec": [
            "selector": ["matchLabels": ["app": "agent"]],
            "template": ["metadata": ["labels": ["app": "agent"]], "spec": ["containers": [["name": "c", "image": "agent:1"]]]],
        ],
    ]

    /// The live (not terminating) pods of the DaemonSet by node.
    private static func placement(_ api: ClusterAPI) async throws -> [String: [JSONValue]] {
        let pods = try await WorkloadTesting.list(api, .pods).filter { !$0.isBeingDeleted }
        return Dictionary(grouping: pods) { $0.podNodeName ?? "" }
    }

    @Test("one pod per node that qualifies: a new node gets one, a deleted node's goes, a tainted node gets none")
    func followsNodes() async throws {
        try await withDaemonSets { api in
            for name in ["n1", "n2"] { _ = try await api.create(.nodes, namespace: "", object: Self.node(name)) }
            _ = try await api.create(.nodes, namespace: "", object: Self.node("gpu", taints: [["key": "gpu", "value": "only", "effect": "NoSchedule"]]))
            _ = try await api.create(.daemonSets, namespace: "default", object: Self.daemonSet)
            try await WorkloadTesting.eventually("a ready pod on n1 and n2") {
                let placed = try await Self.placement(api)
                return Set(placed.keys) == ["n1", "n2"] && placed.values.allSatisfy { $0.count == 1 && $0[0].isPodReady } ? true : nil
            }
            let pod = try #require(try await Self.placement(api)["n1"]?.first)
            let tolerations = pod[path: "spec", "tolerations"]?.arrayValue ?? []
            #expect(tolerations.contains { $0["key"] == "node.kubernetes.io/unreachable" && $0["tolerationSeconds"] == nil })
            #expect(pod.labels["controller-revision-hash"] != nil && pod.labels["pod-template-generation"] == "1")

            _ = try await api.create(.nodes, namespace: "", object: Self.node("n3"))
            _ = try await api.delete(.nodes, namespace: "", name: "n2")
            try await WorkloadTesting.eventually("pods on n1 and n3 only") {
                Set(try await Self.placement(api).keys) == ["n1", "n3"] ? true : nil
            }
            let status = try await WorkloadTesting.eventually("the status to count two nodes") {
                let status = try await api.get(.daemonSets, namespace: "default", name: "agent")["status"]
                return status?["numberReady"] == 2 && status?["desiredNumberScheduled"] == 2 ? status : nil
            }
            #expect(status["currentNumberScheduled"] == 2)
            #expect(status["numberMisscheduled"] == 0)
            #expect(status["updatedNumberScheduled"] == 2)
            #expect(status["observedGeneration"] == 1)

            // A toleration in the template lets it onto the tainted node.
            try await WorkloadTesting.modify(api, .daemonSets, "agent") {
                $0[path: "spec", "template", "spec", "tolerations"] = [["key": "gpu", "operator": "Exists"]]
            }
            try await WorkloadTesting.eventually("a pod on the tainted node too") {
                Set(try await Self.placement(api).keys) == ["n1", "n3", "gpu"] ? true : nil
            }
        }
    }

    @Test("a new template rolls out node by node, never more than maxUnavailable nodes without an available pod")
    func rollingUpdate() async throws {
        try await withDaemonSets { api in
            for index in 1...4 { _ = try await api.create(.nodes, namespace: "", object: Self.node("n\(index)")) }
            _ = try await api.create(.daemonSets, namespace: "default", object: Self.daemonSet)
            try await WorkloadTesting.eventually("four ready pods") {
                let placed = try await Self.placement(api)
                return placed.count == 4 && placed.values.allSatisfy { $0.count == 1 && $0[0].isPodReady } ? true : nil
            }
            let watcher = Task { () -> Int in
                var fewest = 4
                while !Task.isCancelled {
                    let ready = (try? await Self.placement(api))?.values.filter { $0.contains(where: \.isPodReady) }.count ?? 4
                    fewest = min(fewest, ready)
                    try? await Task.sleep(for: .milliseconds(5))
                }
                return fewest
            }
            try await WorkloadTesting.modify(api, .daemonSets, "agent") {
                $0[path: "spec", "template", "spec", "containers"] = [["name": "c", "image": "agent:2"]]
            }
            try await WorkloadTesting.eventually("every node to run agent:2") {
                let placed = try await Self.placement(api).values.flatMap { $0 }
                return placed.count == 4 && placed.allSatisfy({ $0[path: "spec", "containers"]?.arrayValue?.first?["image"] == "agent:2" && $0.isPodReady }) ? true : nil
            }
            watcher.cancel()
            #expect(await watcher.value >= 3, "maxUnavailable 1 keeps three of four nodes served")
            let status = try await WorkloadTesting.eventually("the status to show the rollout done") {
                let status = try await api.get(.daemonSets, namespace: "default", name: "agent")["status"]
                return status?["updatedNumberScheduled"] == 4 && status?["numberAvailable"] == 4 ? status : nil
            }
            #expect(status["observedGeneration"] == 2)
        }
    }

    @Test("with maxSurge every node keeps a ready pod: the new one starts before the old one goes")
    func surgeRollout() async throws {
        try await withDaemonSets { api in
            for index in 1...3 { _ = try await api.create(.nodes, namespace: "", object: Self.node("n\(index)")) }
            var surging = Self.daemonSet
            surging[path: "spec", "updateStrategy"] = ["type": "RollingUpdate", "rollingUpdate": ["maxSurge": 1, "maxUnavailable": 0]]
            _ = try await api.create(.daemonSets, namespace: "default", object: surging)
            try await WorkloadTesting.eventually("three ready pods") {
                let placed = try await Self.placement(api)
                return placed.count == 3 && placed.values.allSatisfy { $0.count == 1 && $0[0].isPodReady } ? true : nil
            }
            let watcher = Task { () -> (fewestReady: Int, most: Int) in
                var fewest = 3
                var most = 3
                while !Task.isCancelled {
                    if let placed = try? await Self.placement(api) {
                        fewest = min(fewest, placed.values.filter { $0.contains(where: \.isPodReady) }.count)
                        most = max(most, placed.values.reduce(0) { $0 + $1.count })
                    }
                    try? await Task.sleep(for: .milliseconds(5))
                }
                return (fewest, most)
            }
            try await WorkloadTesting.modify(api, .daemonSets, "agent") {
                $0[path: "spec", "template", "spec", "containers"] = [["name": "c", "image": "agent:2"]]
            }
            try await WorkloadTesting.eventually("every node to run agent:2 alone") {
                let placed = try await Self.placement(api).values.flatMap { $0 }
                return placed.count == 3 && placed.allSatisfy({ $0[path: "spec", "containers"]?.arrayValue?.first?["image"] == "agent:2" && $0.isPodReady }) ? true : nil
            }
            watcher.cancel()
            let seen = await watcher.value
            #expect(seen.fewestReady == 3, "no node was ever without a ready pod")
            #expect(seen.most <= 4, "maxSurge 1: at most one node had two pods")
        }
    }
}
