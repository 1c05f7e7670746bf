import Foundation
@testable import SchedulerKit
import Testing

/// NodeResourcesFit: the Filter's reasons and the three scoring strategies.
@Suite struct NodeResourcesFitTests {
    typealias F = DefaultPluginFixtures

    static func pod(_ name: String, node: String? = nil, requests: String, extraSpec: String = "") throws -> String {
        let nodeName = node.map { "\"nodeName\":\"\($0)\"," } ?? ""
        return F.podJSON(name, spec: #"\#(nodeName)\#(extraSpec)"containers":[\#(F.container(requests: requests))]"#)
    }

    static func fit(_ args: String? = nil, _ snapshot: Snapshot) throws -> NodeResourcesFit {
        try NodeResourcesFit(args: args.map { Data($0.utf8) }, snapshot: snapshot)
    }

    @Test("the fast quotients equal Go's integer division")
    func fastQuotientsAreExact() {
        var generator = SystemRandomNumberGenerator()
        let denominators: [Int64] = [1, 2, 3, 7, 100, 4000, 34_359_738_368, 1 << 40 + 17]
        for denominator in denominators {
            for _ in 0..<2000 {
                let numerator = Int64.random(in: 0...(denominator * 100), using: &generator)
                for candidate in [numerator, numerator / denominator * denominator, numerator / denominator * denominator - 1] where candidate >= 0 {
                    #expect(ScoringFunctions.quotient(candidate, denominator) == candidate / denominator)
                    #expect(FixedResourceScoring.quotient(candidate, denominator, inverse: 1 / Double(denominator)) == candidate / denominator)
                }
            }
        }
    }

    @Test("resource names are classed as kube-scheduler classes them")
    func resourceKinds() {
        for scalar in ["example.com/gpu", "kubernetes.io/batteries", "hugepages-2Mi", "attachable-volumes-aws-ebs", "requests.kubernetes.io/x"] {
            #expect(ResourceKinds.isScalar(scalar), "\(scalar)")
        }
        for other in ["cpu", "memory", "pods", "ephemeral-storage", "requests.example.com/gpu"] {
            #expect(!ResourceKinds.isScalar(other), "\(other)")
        }
        #expect(ResourceKinds.isExtended("example.com/gpu"))
        #expect(!ResourceKinds.isExtended("kubernetes.io/batteries"))
        #expect(!ResourceKinds.isExtended("requests.example.com/gpu"))
        #expect(!ResourceKinds.isExtended("hugepages-2Mi"))
    }

    @Test func filterListsEveryInsufficientResource() throws {
        let snapshot = try F.snapshot(
            nodes: [
                F.nodeJSON("small", cpu: "1", memory: "1Gi", pods: "2", extraAllocatable: #","example.com/gpu":"1""#),
                F.nodeJSON("full", pods: "1"),
                F.nodeJSON("big", cpu: "8", memory: "16Gi", extraAllocatable: #","example.com/gpu":"4""#),
            ],
            pods: [
                try Self.pod("old", node: "small", requests: #"{"cpu":"500m","memory":"512Mi"}"#),
                try Self.pod("other", node: "full", requests: "{}"),
            ])
        let plugin = try Self.fit(nil, snapshot)
        let pod = PodInfo(try F.pod(try Self.pod("new", requests: #"{"cpu":"1","memory":"1Gi","example.com/gpu":"2","foo":"5"}"#)))
        #expect(F.statuses(F.filter(plugin, pod, snapshot).verdicts) == [
            FrameworkStatus(.unschedulable, ["Insufficient cpu", "Insufficient memory", "Insufficient example.com/gpu"]),
            FrameworkStatus(.unschedulable, ["Too many pods", "Insufficient example.com/gpu"]),
            .success,
        ])

        let ignoring = try Self.fit(#"{"ignoredResources":["example.com/gpu"]}"#, snapshot)
        #expect(F.statuses(F.filter(ignoring, pod, snapshot).verdicts)[1] == .unschedulable("Too many pods"))
        let ignoringGroup = try Self.fit(#"{"ignoredResourceGroups":["example.com"]}"#, snapshot)
        #expect(F.statuses(F.filter(ignoringGroup, pod, snapshot).verdicts)[0] == FrameworkStatus(.unschedulable, ["Insufficient cpu", "Insufficient memory"]))

        // A pod requesting nothing is only held to the pod count.
        let empty = PodInfo(try F.pod(try Self.pod("empty", requests: "{}")))
        #expect(F.statuses(F.filter(plugin, empty, snapshot).verdicts) == [.success, .unschedulable("Too many pods"), .success])
    }

    @Test func hugePagesCountAndFilterNeedsPreFilter() throws {
        let snapshot = try F.snapshot(nodes: [F.nodeJSON("n", extraAllocatable: #","hugepages-2Mi":"64Mi""#)])
        let plugin = try Self.fit(nil, snapshot)
        let pod = PodInfo(try F.pod(try Self.pod("huge", requests: #"{"hugepages-2Mi":"128Mi","hugepages-1Gi":"1Gi"}"#)))
        #expect(F.filter(plugin, pod, snapshot).verdicts.status(at: 0)
            == FrameworkStatus(.unschedulable, ["Insufficient hugepages-1Gi", "Insufficient hugepages-2Mi"]))
        let status = plugin.filter(CycleState(), pod, snapshot.nodes[0])
        #expect(status == .error("error reading \"PreFilterNodeResourcesFit\" from cycleState: not found"))
        #expect(F.argsError { _ = try Self.fit(#"{"ignoredResourceGroups":[""]}"#, snapshot) }
            == #"NodeResourcesFitArgs: ignoredResourceGroups[0]: Invalid value: "": name part must be non-empty"#)
    }

    @Test func initContainersSidecarsAndOverheadCount() throws {
        let snapshot = try F.snapshot(
            nodes: [F.nodeJSON("n")],
            pods: [try Self.pod("old", node: "n", requests: #"{"cpu":"1500m"}"#)])
        let plugin = try Self.fit(nil, snapshot)
        // An init container's 3 cpu exceeds the 2.5 cpu left, though the app container needs 1.
        let initHeavy = PodInfo(try F.pod(try Self.pod("init", requests: #"{"cpu":"1"}"#, extraSpec: #""initContainers":[\#(F.container("i", requests: #"{"cpu":"3"}"#))],"#)))
        #expect(F.filter(plugin, initHeavy, snapshot).verdicts.status(at: 0) == .unschedulable("Insufficient cpu"))
        // A 1-cpu sidecar runs next to the 2-cpu container: 3 cpu.
        let sidecar = PodInfo(try F.pod(try Self.pod("side", requests: #"{"cpu":"2"}"#, extraSpec: #""initContainers":[\#(F.container("s", requests: #"{"cpu":"1"}"#, extra: #","restartPolicy":"Always""#))],"#)))
        #expect(sidecar.requests.requests[ResourceName.cpu] == 3000)
        #expect(F.filter(plugin, sidecar, snapshot).verdicts.status(at: 0) == .unschedulable("Insufficient cpu"))
        // 2.25 cpu plus 250m overhead fits exactly; 300m does not.
        let exact = PodInfo(try F.pod(try Self.pod("exact", requests: #"{"cpu":"2250m"}"#, extraSpec: #""overhead":{"cpu":"250m"},"#)))
        #expect(F.filter(plugin, exact, snapshot).verdicts.status(at: 0).isSuccess)
        let over = PodInfo(try F.pod(try Self.pod("over", requests: #"{"cpu":"2250m"}"#, extraSpec: #""overhead":{"cpu":"300m"},"#)))
        #expect(F.filter(plugin, over, snapshot).verdicts.status(at: 0) == .unschedulable("Insufficient cpu"))
    }

    @Test func leastAndMostAllocated() throws {
        let snapshot = try F.snapshot(
            nodes: [F.nodeJSON("empty"), F.nodeJSON("busy")],
            pods: [try Self.pod("besteffort", node: "busy", requests: "{}")])
        let pod = PodInfo(try F.pod(try Self.pod("new", requests: #"{"cpu":"1","memory":"2Gi"}"#)))
        // (4000 − 1000) × 100 / 4000 = 75 for cpu and for memory. On "busy" the best-effort pod
        // counts 100m and 200Mi: cpu (4000 − 1100) × 100 / 4000 = 72, memory (8192 − 2248) × 100 / 8192 = 72.
        let least = F.score(try Self.fit(nil, snapshot), pod, snapshot)
        #expect(least.raw == [75, 72] && least.normalized == [75, 72])
        let most = F.score(try Self.fit(#"{"scoringStrategy":{"type":"MostAllocated"}}"#, snapshot), pod, snapshot)
        #expect(most.raw == [25, 27])
        // A pod without requests counts 100m and 200Mi too: (4000 − 100) × 100 / 4000 = 97, memory 97.
        let none = PodInfo(try F.pod(try Self.pod("none", requests: "{}")))
        #expect(F.score(try Self.fit(nil, snapshot), none, snapshot).raw[0] == 97)
        // Weights: cpu 3 × 50 + memory 1 × 75 over 4 = 56.
        let weighted = try Self.fit(#"{"scoringStrategy":{"type":"LeastAllocated","resources":[{"name":"cpu","weight":3},{"name":"memory","weight":1}]}}"#, snapshot)
        let twoCPU = PodInfo(try F.pod(try Self.pod("two", requests: #"{"cpu":"2","memory":"2Gi"}"#)))
        #expect(F.score(weighted, twoCPU, snapshot).raw[0] == 56)
        // A scored extended resource the pod does not request is left out.
        let withGPU = try Self.fit(#"{"scoringStrategy":{"resources":[{"name":"cpu"},{"name":"memory"},{"name":"example.com/gpu","weight":5}]}}"#, snapshot)
        #expect(F.score(withGPU, pod, snapshot).raw[0] == 75)
    }

    @Test("remembered scores follow every row change and every pod shape")
    func rememberedScoresEqualFreshOnes() throws {
        let snapshot = try F.snapshot(nodes: (0..<6).map { F.nodeJSON("n\($0)", cpu: "\(2 + $0)") })
        let shapes = [#"{"cpu":"500m","memory":"1Gi"}"#, #"{"cpu":"1"}"#, "{}", #"{"memory":"3Gi"}"#, #"{"cpu":"250m"}"#, #"{"cpu":"2","memory":"1Gi"}"#]
        let least = try Self.fit(nil, snapshot)
        let balanced = try NodeResourcesBalancedAllocation(args: nil, snapshot: snapshot)
        for round in 0..<24 {
            // Cycle through more shapes than the memo keeps, assuming each pod somewhere.
            let pod = PodInfo(try F.pod(try Self.pod("p\(round)", requests: shapes[round % shapes.count])))
            let freshLeast = F.score(try Self.fit(nil, snapshot), pod, snapshot).raw
            let freshBalanced = F.score(try NodeResourcesBalancedAllocation(args: nil, snapshot: snapshot), pod, snapshot).raw
            #expect(F.score(least, pod, snapshot).raw == freshLeast, "round \(round)")
            #expect(F.score(balanced, pod, snapshot).raw == freshBalanced, "round \(round)")
            // A subset in another order reads the same remembered scores.
            let subset = Array(snapshot.nodes.reversed().prefix(3))
            #expect(F.score(least, pod, snapshot, nodes: subset).raw == Array(freshLeast.reversed().prefix(3)))
            snapshot.assume(pod, on: "n\(round * 7 % 6)")
            if round % 5 == 4 { snapshot.forget(pod.key, on: "n\(round * 7 % 6)") }
        }
        // A node that leaves and another that takes its index are scored anew.
        snapshot.apply(nodeEvent: "DELETED", try F.node(F.nodeJSON("n2")))
        snapshot.apply(nodeEvent: "ADDED", index: 2, try F.node(F.nodeJSON("other", cpu: "64")))
        let pod = PodInfo(try F.pod(try Self.pod("last", requests: shapes[0])))
        #expect(F.score(least, pod, snapshot).raw == F.score(try Self.fit(nil, snapshot), pod, snapshot).raw)
    }

    @Test func requestedToCapacityRatioFollowsTheShape() throws {
        let snapshot = try F.snapshot(nodes: [F.nodeJSON("n")])
        let pod = PodInfo(try F.pod(try Self.pod("new", requests: #"{"cpu":"1","memory":"4Gi"}"#)))
        // Bin packing (utilization 0 → 0, 100 → 10): cpu at 25% → 25, memory at 50% → 50; (25 + 50) / 2 rounds to 38.
        let packing = try Self.fit(#"{"scoringStrategy":{"type":"RequestedToCapacityRatio","requestedToCapacityRatio":{"shape":[{"utilization":0,"score":0},{"utilization":100,"score":10}]}}}"#, snapshot)
        #expect(F.score(packing, pod, snapshot).raw == [38])
        // Spreading (0 → 10, 100 → 0): 75 and 50 → 63 (62.5 rounded).
        let spreading = try Self.fit(#"{"scoringStrategy":{"type":"RequestedToCapacityRatio","requestedToCapacityRatio":{"shape":[{"utilization":0,"score":10},{"utilization":100,"score":0}]}}}"#, snapshot)
        #expect(F.score(spreading, pod, snapshot).raw == [63])
        // A peak at 50%: cpu at 25% → 50, memory at 50% → 100: 75.
        let peak = try Self.fit(#"{"scoringStrategy":{"type":"RequestedToCapacityRatio","requestedToCapacityRatio":{"shape":[{"utilization":0,"score":0},{"utilization":50,"score":10},{"utilization":100,"score":0}]}}}"#, snapshot)
        #expect(F.score(peak, pod, snapshot).raw == [75])
        // Over capacity scores as 100% utilization.
        let tooBig = PodInfo(try F.pod(try Self.pod("big", requests: #"{"cpu":"8","memory":"16Gi"}"#)))
        #expect(F.score(packing, tooBig, snapshot).raw == [100])
    }

    @Test func badArgsNameTheField() throws {
        let snapshot = Snapshot()
        #expect(F.argsError { _ = try Self.fit(#"{"scoringStrategy":{"type":"Fancy"}}"#, snapshot) }
            == #"NodeResourcesFitArgs: scoringStrategy.type: Unsupported value: "Fancy": supported values: "LeastAllocated", "MostAllocated", "RequestedToCapacityRatio""#)
        #expect(F.argsError { _ = try Self.fit(#"{"scoringStrategy":{"resources":[{"name":"cpu","weight":101}]}}"#, snapshot) }
            == "NodeResourcesFitArgs: scoringStrategy.resources[0].weight: Invalid value: 101: resource weight of cpu not in valid range (0, 100]")
        #expect(F.argsError { _ = try Self.fit(#"{"scoringStrategy":{"type":"RequestedToCapacityRatio"}}"#, snapshot) }
            == "NodeResourcesFitArgs: scoringStrategy.shape: Required value: at least one point must be specified")
        #expect(F.argsError { _ = try Self.fit(#"{"scoringStrategy":{"type":"RequestedToCapacityRatio","requestedToCapacityRatio":{"shape":[{"utilization":50,"score":1},{"utilization":10,"score":2}]}}}"#, snapshot) }
            == "NodeResourcesFitArgs: scoringStrategy.shape[1].utilization: Invalid value: 10: utilization values must be sorted in increasing order")
        #expect(F.argsError { _ = try Self.fit(#"{"ignoredResourceGroups":["example.com/gpu"]}"#, snapshot) }?.hasPrefix("NodeResourcesFitArgs: ignoredResourceGroups[0]") == true)
        #expect(F.argsError { _ = try Self.fit(#"{"scoringStrategy":{"resources":"cpu"}}"#, snapshot) }?.hasPrefix("NodeResourcesFitArgs: field scoringStrategy.resources") == true)
        #expect(Set(NodeResourcesFit.events) == [
            ClusterEvent(resource: "Pod", action: "Delete"), ClusterEvent(resource: "Node", action: "Add"),
            ClusterEvent(resource: "Node", action: "UpdateNodeAllocatable"),
        ])
    }
}
