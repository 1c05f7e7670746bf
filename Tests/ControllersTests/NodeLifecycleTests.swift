import APIServer
import Controllers
import Foundation
import Kernel
import Testing

/// The node lifecycle and taint-eviction controllers against an in-memory cluster, with the
/// timings shortened: a node whose heartbeats stop turns Unknown and is tainted unreachable,
/// its pods stop being Ready, and pods leave a NoExecute-tainted node as their tolerations say.
@Suite("Node lifecycle and taint eviction")
struct NodeLifecycleTests {
    static let timings = NodeLifecycleOptions(monitorPeriod: .milliseconds(50), gracePeriod: .seconds(4), startupGracePeriod: .seconds(4))

    /// Runs `body` with the taint-eviction controller (and the node lifecycle controller when
    /// `lifecycle`) on a cluster whose pods tolerate unreachable nodes for `unreachableSeconds`.
    private func withControllers(lifecycle: Bool = true, unreachableSeconds: Int64 = 300, _ body: (ClusterAPI) async throws -> Void) async throws {
        try await WorkloadTesting.withControllers(
            defaultTolerationSeconds: DefaultTolerationSeconds(notReady: 300, unreachable: unreachableSeconds),
            { _, informers in
                let monitor = NodeLifecycleController(informers: informers, options: Self.timings, logger: WorkloadTesting.logger)
                let eviction = TaintEvictionController(informers: informers, logger: WorkloadTesting.logger, options: WorkloadTesting.options)
                return lifecycle ? [{ await monitor.run() }, { await eviction.run() }] : [{ await eviction.run() }]
            }, body)
    }

    /// A node as its kubelet posts it: Ready with a fresh heartbeat, and `taints`.
    private static func node(_ name: String, taints: [JSONValue] = []) -> JSONValue {
        var node: JSONValue = ["apiVersion": "v1", "kind": "Node", "metadata": ["name": .string(name)]]
        if !taints.isEmpty { node[path: "spec", "taints"] = .array(taints) }
        return node
    }

    /// Plays the kubelet's status update: every condition healthy, heartbeat now.
    private static func postStatus(_ api: ClusterAPI, _ name: String) async throws {
        try await WorkloadTesting.modifyStatus(api, .nodes, name, namespace: "") { node in
            let now = KubeTime.now()
            node[path: "status", "conditions"] = .array(NodeLifecycleController.conditionTypes.map { type in
                let healthy = type == "Ready"
                return [
                    "type": .string(type), "status": healthy ? "True" : "False", "reason": healthy ? "KubeletReady" : "KubeletHasSufficient",
                    "message": "", "lastHeartbeatTime": .string(now), "lastTransitionTime": .string(now),
                ]
            })
        }
    }

    /// Plays the kubelet's Lease renewal (microsecond renewTime, as the kubelet writes it).
    private static func renewLease(_ api: ClusterAPI, _ name: String) async throws {
        do {
            try await WorkloadTesting.modify(api, .leases, name, namespace: "kube-node-lease") { lease in
                lease[path: "spec", "renewTime"] = .string(KubeTime.micro())
            }
        } catch let error as APIError where error.code == 404 {
            _ = try await api.create(.leases, namespace: "kube-node-lease", object: [
                "apiVersion": "coordination.k8s.io/v1", "kind": "Lease", "metadata": ["name": .string(name)],
                "spec": ["holderIdentity": .string(name), "leaseDurationSeconds": 40, "renewTime": .string(KubeTime.micro())],
            ])
        }
    }

    private static func condition(_ node: JSONValue, _ type: String) -> JSONValue? {
        (node[path: "status", "conditions"]?.arrayValue ?? []).first { $0["type"]?.stringValue == type }
    }

    private static func taintKeys(_ node: JSONValue) -> [String] {
        (node[path: "spec", "taints"]?.arrayValue ?? []).map { "\($0["key"]?.stringValue ?? ""):\($0["effect"]?.stringValue ?? "")" }.sorted()
    }

    @Test("a silent node turns Unknown, is tainted unreachable and its pods stop being Ready; its next heartbeat untaints it")
    func silentNodeAndItsReturn() async throws {
        try await withControllers { api in
            _ = try await api.create(.nodes, namespace: "", object: Self.node("quiet"))
            _ = try await api.create(.nodes, namespace: "", object: Self.node("busy"))
            try await Self.postStatus(api, "quiet")
            try await Self.postStatus(api, "busy")
            let pod = try await api.create(.pods, namespace: "default", object: ["metadata": ["name": "web"], "spec": ["containers": [["name": "c", "image": "nginx"]]]])
            try await WorkloadTesting.setPodState(api, pod, node: "quiet", ip: "127.244.0.9", ready: true)
            // "busy" keeps renewing its Lease, as kubelets do between status posts; "quiet" says
            // nothing more.
            let heartbeat = Task {
                while !Task.isCancelled {
                    try? await Self.renewLease(api, "busy")
                    try? await Task.sleep(for: .milliseconds(100))
                }
            }
            defer { heartbeat.cancel() }

            let quiet = try await WorkloadTesting.eventually("quiet to be tainted unreachable") {
                let node = try await api.get(.nodes, namespace: "", name: "quiet")
                return Self.taintKeys(node).count == 2 ? node : nil
            }
            #expect(Self.taintKeys(quiet) == ["node.kubernetes.io/unreachable:NoExecute", "node.kubernetes.io/unreachable:NoSchedule"])
            let noExecute = (quiet[path: "spec", "taints"]?.arrayValue ?? []).first { $0["effect"] == "NoExecute" }
            #expect(noExecute?["timeAdded"]?.stringValue.flatMap(KubeTime.parse) != nil)
            for type in NodeLifecycleController.conditionTypes {
                #expect(Self.condition(quiet, type)?["status"] == "Unknown", "\(type)")
                #expect(Self.condition(quiet, type)?["reason"] == "NodeStatusUnknown", "\(type)")
            }
            #expect(Self.condition(quiet, "Ready")?["message"] == "Kubelet stopped posting node status.")
            try await WorkloadTesting.eventually("the pod on the silent node to be not Ready") {
                let pod = try await api.get(.pods, namespace: "default", name: "web")
                return pod.isPodReady ? nil : true
            }
            try await WorkloadTesting.eventually("a NodeNotReady Event about the pod") {
                let events = try await api.list(.events, namespace: "default", labelSelector: [:]).items
                return events.contains { $0["reason"] == "NodeNotReady" && $0[path: "involvedObject", "name"] == "web" } ? true : nil
            }
            let busy = try await api.get(.nodes, namespace: "", name: "busy")
            #expect(Self.condition(busy, "Ready")?["status"] == "True")
            #expect(Self.taintKeys(busy).isEmpty)

            try await Self.postStatus(api, "quiet")
            try await WorkloadTesting.eventually("quiet to lose its taints") {
                Self.taintKeys(try await api.get(.nodes, namespace: "", name: "quiet")).isEmpty ? true : nil
            }
            // The pod stays where it is: 300 s of toleration have not passed.
            #expect(try await api.get(.pods, namespace: "default", name: "web").isBeingDeleted == false)
        }
    }

    @Test("NoExecute taints: untolerated pods go at once, tolerated ones after tolerationSeconds, forever-tolerating ones stay; removing the taint in time cancels")
    func taintEviction() async throws {
        // Nodes here post no status: without the lifecycle controller, only the test taints them.
        try await withControllers(lifecycle: false, unreachableSeconds: 1) { api in
            // timeAdded has whole seconds, as in Kubernetes.
            let addedAt = Date(timeIntervalSince1970: Date().timeIntervalSince1970.rounded(.down))
            let unreachable: JSONValue = ["key": "node.kubernetes.io/unreachable", "effect": "NoExecute", "timeAdded": .string(KubeTime.format(addedAt))]
            let dedicated: JSONValue = ["key": "example.com/dedicated", "value": "db", "effect": "NoExecute"]
            _ = try await api.create(.nodes, namespace: "", object: Self.node("down", taints: [unreachable]))
            _ = try await api.create(.nodes, namespace: "", object: Self.node("db", taints: [dedicated]))
            _ = try await api.create(.nodes, namespace: "", object: Self.node("flaky", taints: [unreachable]))

            func pod(_ name: String, on node: String, tolerations: [JSONValue] = []) async throws {
                var object: JSONValue = ["metadata": ["name": .string(name)], "spec": ["containers": [["name": "c", "image": "nginx"]]]]
                if !tolerations.isEmpty { object[path: "spec", "tolerations"] = .array(tolerations) }
                let created = try await api.create(.pods, namespace: "default", object: object)
                try await WorkloadTesting.setPodState(api, created, node: node, ip: "127.244.1.\(name.count)", ready: true)
            }
            let forever: JSONValue = ["key": "node.kubernetes.io/unreachable", "operator": "Exists", "effect": "NoExecute"]
            try await pod("stays", on: "down", tolerations: [forever])
            try await pod("defaulted", on: "down")
            try await pod("intruder", on: "db")
            try await pod("saved", on: "flaky", tolerations: [["key": "node.kubernetes.io/unreachable", "operator": "Exists", "effect": "NoExecute", "tolerationSeconds": 4]])
            try await WorkloadTesting.modify(api, .nodes, "flaky", namespace: "") { $0[path: "spec", "taints"] = nil }

            func gone(_ name: String) async throws -> Bool {
                do {
                    return try await api.get(.pods, namespace: "default", name: name).isBeingDeleted
                } catch let error as APIError where error.code == 404 {
                    return true
                }
            }
            try await WorkloadTesting.eventually("the pod that does not tolerate the dedicated taint to be evicted") { try await gone("intruder") ? true : nil }
            try await WorkloadTesting.eventually("the pod with the default 1 s toleration to be evicted") { try await gone("defaulted") ? true : nil }
            #expect(Date().timeIntervalSince(addedAt) >= 1, "evicted before its tolerationSeconds passed")
            let evicted = try await api.get(.pods, namespace: "default", name: "defaulted")
            let target = (evicted[path: "status", "conditions"]?.arrayValue ?? []).first { $0["type"] == "DisruptionTarget" }
            #expect(target?["reason"] == "DeletionByTaintManager")
            try await WorkloadTesting.eventually("a TaintManagerEviction Event about the pod") {
                let events = try await api.list(.events, namespace: "default", labelSelector: [:]).items
                return events.contains { $0["reason"] == "TaintManagerEviction" && $0["message"] == "Marking for deletion Pod default/defaulted" } ? true : nil
            }

            try await Task.sleep(for: .seconds(4) - .seconds(Date().timeIntervalSince(addedAt)) + .milliseconds(500))
            #expect(try await gone("stays") == false)
            #expect(try await gone("saved") == false, "the taint went before the pod's 4 s had passed")
        }
    }
}
