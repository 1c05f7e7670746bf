import APIServer
import Controllers
import Kernel
import Testing

/// DefaultPreemption with PriorityClasses, through the real bundle and the host.
@Suite("Placement: preemption")
struct PlacementPreemptionTests {
    typealias O = PlacementObjects
    typealias P = Placement

    static func priorityClass(_ name: String, _ value: Int64, policy: String = "PreemptLowerPriority") -> JSONValue {
        ["apiVersion": "scheduling.k8s.io/v1", "kind": "PriorityClass", "metadata": ["name": .string(name)],
         "value": .int(value), "preemptionPolicy": .string(policy)]
    }

    /// A pod of priority class `priorityClass` requesting `cpu`, deleted at once when evicted.
    static func pod(_ name: String, cpu: String, priorityClass: String, on node: String? = nil) -> JSONValue {
        O.pod(name, cpu: cpu) { pod in
            pod[path: "spec", "priorityClassName"] = .string(priorityClass)
            pod[path: "spec", "terminationGracePeriodSeconds"] = 0
            if let node { pod[path: "spec", "nodeName"] = .string(node) }
        }
    }

    @Test("a high-priority pod evicts the fewest lower-priority pods, is nominated, then bound")
    func preemptsLowerPriority() async throws {
        try await P.withScheduler { api in
            for (name, value) in [("low", 10), ("mid", 100), ("high", 1000)] {
                _ = try await api.create(.priorityClasses, namespace: "", object: Self.priorityClass(name, Int64(value)))
            }
            try await P.create(api, nodes: [O.node("n1", cpu: "2"), O.node("n2", cpu: "2")])
            try await P.create(api, pods: [
                Self.pod("low-a", cpu: "1", priorityClass: "low", on: "n1"), Self.pod("low-b", cpu: "1", priorityClass: "low", on: "n1"),
                Self.pod("mid-a", cpu: "1500m", priorityClass: "mid", on: "n2"),
            ])
            // n2 needs only one victim, but it has the higher priority: Kubernetes prefers the node
            // whose highest-priority victim is lowest, so both low pods on n1 go.
            try await P.create(api, pods: [Self.pod("urgent", cpu: "2", priorityClass: "high")])
            #expect(try await P.boundNode(api, "urgent") == "n1")
            #expect(try await P.exists(api, "low-a") == false)
            #expect(try await P.exists(api, "low-b") == false)
            #expect(try await P.exists(api, "mid-a") == true)
        }
    }

    @Test("preemptionPolicy Never and equal priorities preempt nothing; the pod waits with the message")
    func noPreemption() async throws {
        try await P.withScheduler { api in
            _ = try await api.create(.priorityClasses, namespace: "", object: Self.priorityClass("low", 10))
            _ = try await api.create(.priorityClasses, namespace: "", object: Self.priorityClass("polite", 1000, policy: "Never"))
            try await P.create(api, nodes: [O.node("n1", cpu: "1")])
            try await P.create(api, pods: [Self.pod("resident", cpu: "1", priorityClass: "low", on: "n1")])
            try await P.create(api, pods: [Self.pod("peer", cpu: "1", priorityClass: "low"), Self.pod("polite", cpu: "1", priorityClass: "polite")])
            let peer = try await P.unschedulableMessage(api, "peer")
            #expect(peer.hasPrefix("0/1 nodes are available: 1 Insufficient cpu. preemption: 0/1 nodes are available: 1 No preemption victims found for incoming pod"), "\(peer)")
            _ = try await P.unschedulableMessage(api, "polite")
            #expect(try await P.exists(api, "resident") == true)
        }
    }

    @Test("a victim a PodDisruptionBudget protects is spared: another node is preempted instead")
    func sparesBudgetedVictims() async throws {
        try await P.withScheduler { api in
            for (name, value) in [("low", 10), ("mid", 100), ("high", 1000)] {
                _ = try await api.create(.priorityClasses, namespace: "", object: Self.priorityClass(name, Int64(value)))
            }
            try await P.create(api, nodes: [O.node("n1", cpu: "2"), O.node("n2", cpu: "2")])
            var guarded = Self.pod("guarded", cpu: "2", priorityClass: "low", on: "n1")
            guarded.labels = ["app": "guarded"]
            try await P.create(api, pods: [guarded, Self.pod("busy", cpu: "2", priorityClass: "mid", on: "n2")])
            // Without the budget n1 would go (its victim has the lower priority); a new budget
            // allows no disruption yet, so evicting "guarded" would violate it.
            let budget: JSONValue = ["apiVersion": "policy/v1", "kind": "PodDisruptionBudget", "metadata": ["name": "guarded"],
                                     "spec": ["minAvailable": 1, "selector": ["matchLabels": ["app": "guarded"]]]]
            _ = try await api.create(.podDisruptionBudgets, namespace: "default", object: budget)
            try await P.create(api, pods: [Self.pod("urgent", cpu: "2", priorityClass: "high")])
            #expect(try await P.boundNode(api, "urgent") == "n2")
            #expect(try await P.exists(api, "busy") == false)
            #expect(try await P.exists(api, "guarded") == true)
        }
    }
}
