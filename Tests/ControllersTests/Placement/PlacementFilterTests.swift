import APIServer
import Controllers
import Kernel
import Testing

/// The default profile's filters through the real default-scheduler bundle and the host's
/// framework: where pods go and the messages of pods that fit nowhere, as Kubernetes documents.
@Suite("Placement: filters and messages")
struct PlacementFilterTests {
    typealias O = PlacementObjects
    typealias P = Placement

    @Test("NodeResourcesFit: requests against allocatable, init containers, overhead, extended resources")
    func resources() async throws {
        try await P.withScheduler { api in
            try await P.create(api, nodes: [O.node("small", cpu: "1"), O.node("big", cpu: "8")])
            try await P.create(api, pods: [O.pod("needs-4", cpu: "4")])
            #expect(try await P.boundNode(api, "needs-4") == "big")

            try await P.create(api, pods: [O.pod("init-heavy", cpu: "100m") { pod in
                pod[path: "spec", "initContainers"] = [["name": "init", "image": "busybox", "resources": ["requests": ["cpu": "3500m"]]]]
            }])
            // 3.5 cpu for the init container: only "big" has 4 left.
            #expect(try await P.boundNode(api, "init-heavy") == "big")

            try await P.create(api, pods: [O.pod("too-big", cpu: "16"), O.pod("gpu") { pod in
                O.editContainer(&pod) { $0["resources"] = ["requests": ["example.com/gpu": "1"], "limits": ["example.com/gpu": "1"]] }
            }])
            let tooBig = try await P.unschedulableMessage(api, "too-big")
            #expect(tooBig.hasPrefix("0/2 nodes are available: 2 Insufficient cpu. preemption: 0/2 nodes are available: "), "\(tooBig)")
            #expect(try await P.unschedulableMessage(api, "gpu").hasPrefix("0/2 nodes are available: 2 Insufficient example.com/gpu."))
        }
    }

    @Test("TaintToleration: NoSchedule taints keep pods away unless tolerated; the message names the taint")
    func taints() async throws {
        try await P.withScheduler { api in
            try await P.create(api, nodes: [
                O.node("a", taints: [O.taint("dedicated", "batch")]), O.node("b", taints: [O.taint("dedicated", "batch")]),
            ])
            try await P.create(api, pods: [O.pod("plain"), O.pod("tolerant") { pod in
                pod[path: "spec", "tolerations"] = [["key": "dedicated", "operator": "Equal", "value": "batch", "effect": "NoSchedule"]]
            }])
            #expect(try await P.unschedulableMessage(api, "plain").hasPrefix("0/2 nodes are available: 2 node(s) had untolerated taint {dedicated: batch}."))
            #expect(try await ["a", "b"].contains(P.boundNode(api, "tolerant")))
        }
    }

    @Test("NodeAffinity and nodeSelector: In, NotIn, Exists, DoesNotExist, Gt, Lt")
    func nodeAffinity() async throws {
        try await P.withScheduler { api in
            try await P.create(api, nodes: [
                O.node("ssd-1", labels: ["disk": "ssd", "generation": "3"]), O.node("hdd-1", labels: ["disk": "hdd", "generation": "5"]),
                O.node("bare", labels: [:]),
            ])
            func affinity(_ requirements: [JSONValue]) -> (inout JSONValue) -> Void {
                { pod in
                    pod[path: "spec", "affinity"] = ["nodeAffinity": ["requiredDuringSchedulingIgnoredDuringExecution": [
                        "nodeSelectorTerms": [["matchExpressions": .array(requirements)]],
                    ]]]
                }
            }
            try await P.create(api, pods: [
                O.pod("in", affinity([O.requirement("disk", "In", ["ssd"])])),
                O.pod("notin", affinity([O.requirement("disk", "NotIn", ["ssd"]), O.requirement("disk", "Exists")])),
                O.pod("absent", affinity([O.requirement("disk", "DoesNotExist")])),
                O.pod("gt", affinity([O.requirement("generation", "Gt", ["4"])])),
                O.pod("lt", affinity([O.requirement("generation", "Lt", ["4"])])),
                O.pod("selector") { $0[path: "spec", "nodeSelector"] = ["disk": "hdd"] },
                O.pod("nowhere") { $0[path: "spec", "nodeSelector"] = ["disk": "nvme"] },
            ])
            #expect(try await P.boundNode(api, "in") == "ssd-1")
            #expect(try await P.boundNode(api, "notin") == "hdd-1")
            #expect(try await P.boundNode(api, "absent") == "bare")
            #expect(try await P.boundNode(api, "gt") == "hdd-1")
            #expect(try await P.boundNode(api, "lt") == "ssd-1")
            #expect(try await P.boundNode(api, "selector") == "hdd-1")
            let nowhere = try await P.unschedulableMessage(api, "nowhere")
            #expect(nowhere.hasPrefix("0/3 nodes are available: 3 node(s) didn't match Pod's node affinity/selector."), "\(nowhere)")
        }
    }

    @Test("NodePorts, NodeUnschedulable and NodeName, counted per node in one message")
    func portsUnschedulableAndNodeName() async throws {
        try await P.withScheduler { api in
            try await P.create(api, nodes: [O.node("open"), O.node("cordoned", unschedulable: true)])
            func hostPort(_ pod: inout JSONValue) { O.editContainer(&pod) { $0["ports"] = [["containerPort": 80, "hostPort": 8080]] } }
            try await P.create(api, pods: [O.pod("port-1", hostPort)])
            #expect(try await P.boundNode(api, "port-1") == "open")
            try await P.create(api, pods: [O.pod("port-2", hostPort)])
            let message = try await P.unschedulableMessage(api, "port-2")
            #expect(message.hasPrefix("0/2 nodes are available: 1 node(s) didn't have free ports for the requested pod ports, 1 node(s) were unschedulable."))

            try await P.create(api, pods: [O.pod("pinned") { $0[path: "spec", "nodeName"] = "open" }])
            #expect(try await P.boundNode(api, "pinned") == "open")
        }
    }

    @Test("SchedulingGates: a gated pod waits until an update removes its last gate")
    func schedulingGates() async throws {
        try await P.withScheduler { api in
            try await P.create(api, nodes: [O.node("n", cpu: "4")])
            var gated = O.pod("gated", cpu: "1")
            gated[path: "spec", "schedulingGates"] = [["name": "example.com/quota"]]
            try await P.create(api, pods: [gated, O.pod("free", cpu: "1")])
            #expect(try await P.boundNode(api, "free") == "n")
            #expect(try await P.nodeName(api, "gated") == nil)
            var current = try await api.get(.pods, namespace: "default", name: "gated")
            current[path: "spec", "schedulingGates"] = []
            _ = try await api.update(.pods, namespace: "default", object: current)
            #expect(try await P.boundNode(api, "gated") == "n")
        }
    }

    @Test("an unschedulable pod is retried when a node that fits is added")
    func requeueOnNodeAdd() async throws {
        try await P.withScheduler { api in
            try await P.create(api, nodes: [O.node("small", cpu: "1")])
            try await P.create(api, pods: [O.pod("waits", cpu: "2")])
            #expect(try await P.unschedulableMessage(api, "waits").hasPrefix("0/1 nodes are available: 1 Insufficient cpu."))
            let failed = try await SchedulingTesting.events(api, about: "waits", reason: "FailedScheduling")
            #expect(!failed.isEmpty)
            try await P.create(api, nodes: [O.node("large", cpu: "4")])
            #expect(try await P.boundNode(api, "waits") == "large")
            let scheduled = try await SchedulingTesting.eventually("Scheduled event") {
                try await SchedulingTesting.events(api, about: "waits", reason: "Scheduled").first
            }
            #expect(scheduled["message"] == "Successfully assigned default/waits to large")
        }
    }

    @Test("an unschedulable pod is retried when a pod leaves and frees what it needs")
    func requeueOnPodDelete() async throws {
        try await P.withScheduler { api in
            try await P.create(api, nodes: [O.node("only", cpu: "4")])
            try await P.create(api, pods: [O.pod("job-1", cpu: "3")])
            #expect(try await P.boundNode(api, "job-1") == "only")
            try await P.create(api, pods: [O.pod("job-2", cpu: "3")])
            #expect(try await P.unschedulableMessage(api, "job-2").hasPrefix("0/1 nodes are available: 1 Insufficient cpu."))
            // Grace 0: a bound pod would otherwise wait for its kubelet, keeping its resources.
            _ = try await api.deleteWithOptions(.pods, namespace: "default", name: "job-1", options: DeleteOptions(gracePeriodSeconds: 0))
            #expect(try await P.boundNode(api, "job-2") == "only")
        }
    }
}
