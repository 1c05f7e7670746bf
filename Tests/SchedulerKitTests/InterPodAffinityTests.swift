import Foundation
import PluginSDK
@testable import SchedulerKit
import Testing

/// InterPodAffinity: required affinity and anti-affinity (the pod's and the existing pods'),
/// namespaces and namespaceSelector, preferred scores and the preemption extensions, by
/// Kubernetes' documented behaviour.
@Suite struct InterPodAffinityTests {
    typealias F = PlacementFixtures
    static let zone = "topology.kubernetes.io/zone"
    static let hostname = "kubernetes.io/hostname"

    /// A `podAffinity` or `podAntiAffinity` member with one required term.
    static func required(_ kind: String = "podAffinity", app: String, key: String = zone, extra: String = "") -> String {
        let more = extra.isEmpty ? "" : "," + extra
        return #""\#(kind)":{"requiredDuringSchedulingIgnoredDuringExecution":[{"labelSelector":{"matchLabels":{"app":"\#(app)"}},"topologyKey":"\#(key)"\#(more)}]}"#
    }

    /// An `affinity` spec member holding `members`.
    static func affinity(_ members: String...) -> String { #""affinity":{\#(members.joined(separator: ","))}"# }

    static func plugin(_ snapshot: Snapshot, args: String? = nil) throws -> InterPodAffinity {
        try InterPodAffinity(args: args.map { Data($0.utf8) }, snapshot: snapshot)
    }

    /// Zones a (a1, a2) and b (b1), a node without a zone, and `pods`.
    static func cluster(_ pods: [Pod], namespaces: [String: [String: String]] = [:]) throws -> Snapshot {
        let nodes = [try F.node("a1", zone: "a"), try F.node("a2", zone: "a"), try F.node("b1", zone: "b"), try F.node("bare", zone: nil)]
        return F.snapshot(nodes, pods, namespaces: namespaces)
    }

    @Test func affinityFollowsAnExistingPodsZone() throws {
        let snapshot = try Self.cluster([try F.pod("db", labels: ["app": "db"], node: "a1")])
        let pod = try F.pod("web", labels: ["app": "web"], spec: Self.affinity(Self.required(app: "db")))
        let (status, verdicts) = F.filter(try Self.plugin(snapshot), pod, snapshot)
        #expect(status.isSuccess)
        #expect(verdicts["a1"] == .success && verdicts["a2"] == .success)
        #expect(verdicts["b1"] == .unresolvable("node(s) didn't match pod affinity rules"))
        #expect(verdicts["bare"]?.code == .unschedulableAndUnresolvable, "a node without the topology key never satisfies affinity")
    }

    @Test func antiAffinityKeepsPodsOffAHost() throws {
        let snapshot = try Self.cluster([try F.pod("web-1", labels: ["app": "web"], node: "a1")])
        let pod = try F.pod("web-2", labels: ["app": "web"], spec: Self.affinity(Self.required("podAntiAffinity", app: "web", key: Self.hostname)))
        let (_, verdicts) = F.filter(try Self.plugin(snapshot), pod, snapshot)
        #expect(verdicts["a1"] == .unschedulable("node(s) didn't match pod anti-affinity rules"))
        #expect(verdicts["a2"] == .success && verdicts["b1"] == .success && verdicts["bare"] == .success)
    }

    @Test func existingPodsAntiAffinityBlocksTheirDomain() throws {
        let guardian = try F.pod("guard", labels: ["app": "guard"], node: "a1",
                                 spec: Self.affinity(Self.required("podAntiAffinity", app: "web")))
        let snapshot = try Self.cluster([guardian])
        let pod = try F.pod("web", labels: ["app": "web"])
        let (status, verdicts) = F.filter(try Self.plugin(snapshot), pod, snapshot)
        #expect(status.isSuccess)
        #expect(verdicts["a1"] == .unschedulable("node(s) didn't satisfy existing pods anti-affinity rules"))
        #expect(verdicts["a2"]?.code == .unschedulable, "the whole zone is blocked")
        #expect(verdicts["b1"] == .success && verdicts["bare"] == .success)

        // The guard's term looks only in its own namespace.
        let (skipped, _) = F.filter(try Self.plugin(snapshot), try F.pod("web", namespace: "other", labels: ["app": "web"]), snapshot)
        #expect(skipped.code == .skip)
    }

    @Test func namespaceSelectorChoosesWhereToLook() throws {
        let namespaces = ["prod": ["env": "prod"], "dev": ["env": "dev"], "default": [:]]
        let snapshot = try Self.cluster([try F.pod("db", namespace: "prod", labels: ["app": "db"], node: "a1")], namespaces: namespaces)
        let plugin = try Self.plugin(snapshot)
        func verdicts(_ extra: String) throws -> [String: FrameworkStatus] {
            F.filter(plugin, try F.pod("web", labels: ["app": "web"], spec: Self.affinity(Self.required(app: "db", extra: extra))), snapshot).1
        }
        let prod = try verdicts(#""namespaceSelector":{"matchLabels":{"env":"prod"}}"#)
        #expect(prod["a1"] == .success && prod["b1"]?.code == .unschedulableAndUnresolvable)
        let dev = try verdicts(#""namespaceSelector":{"matchLabels":{"env":"dev"}}"#)
        #expect(dev.values.allSatisfy { $0.code == .unschedulableAndUnresolvable })
        let everywhere = try verdicts(#""namespaceSelector":{}"#)
        #expect(everywhere["a1"] == .success && everywhere["b1"]?.code == .unschedulableAndUnresolvable)
        let named = try verdicts(#""namespaces":["prod"]"#)
        #expect(named["a2"] == .success)
        let own = try verdicts("")
        #expect(own["a1"]?.code == .unschedulableAndUnresolvable, "no namespaces and no selector: the pod's own namespace")
        let byExpression = try verdicts(#""namespaceSelector":{"matchExpressions":[{"key":"env","operator":"In","values":["prod","qa"]}]}"#)
        #expect(byExpression["a1"] == .success)
    }

    @Test func theFirstPodOfASelfAffineGroupMayGoAnywhere() throws {
        let affine = Self.affinity(Self.required(app: "cache"))
        let empty = try Self.cluster([])
        let (_, first) = F.filter(try Self.plugin(empty), try F.pod("cache-1", labels: ["app": "cache"], spec: affine), empty)
        #expect(first["a1"] == .success && first["b1"] == .success)
        #expect(first["bare"]?.code == .unschedulableAndUnresolvable, "the topology key is still required")

        let (_, stranger) = F.filter(try Self.plugin(empty), try F.pod("web", labels: ["app": "web"], spec: affine), empty)
        #expect(stranger["a1"]?.code == .unschedulableAndUnresolvable, "a pod that does not match its own terms gets no exception")

        let placed = try Self.cluster([try F.pod("cache-1", labels: ["app": "cache"], node: "b1")])
        let (_, second) = F.filter(try Self.plugin(placed), try F.pod("cache-2", labels: ["app": "cache"], spec: affine), placed)
        #expect(second["b1"] == .success && second["a1"]?.code == .unschedulableAndUnresolvable)
    }

    @Test func addPodAndRemovePodUpdateTheCounts() throws {
        let snapshot = try Self.cluster([])
        let plugin = try Self.plugin(snapshot)
        let state = CycleState()
        let pod = PodInfo(try F.pod("web-2", labels: ["app": "web"],
                                    spec: Self.affinity(Self.required("podAntiAffinity", app: "web", key: Self.hostname))))
        #expect(plugin.preFilter(state, pod, snapshot.nodes).1.isSuccess)
        let a1 = try #require(snapshot.node(named: "a1"))
        let web = PodInfo(try F.pod("web-1", labels: ["app": "web"], node: "a1"))
        #expect(plugin.addPod(state, pod, adding: web, on: a1).isSuccess)
        #expect(F.verdicts(plugin, pod, snapshot, state: state)["a1"]?.code == .unschedulable)

        let guardian = PodInfo(try F.pod("guard", labels: ["app": "guard"], node: "b1",
                                         spec: Self.affinity(Self.required("podAntiAffinity", app: "web"))))
        let b1 = try #require(snapshot.node(named: "b1"))
        _ = plugin.addPod(state, pod, adding: guardian, on: b1)
        #expect(F.verdicts(plugin, pod, snapshot, state: state)["b1"] == .unschedulable("node(s) didn't satisfy existing pods anti-affinity rules"))

        _ = plugin.removePod(state, pod, removing: web, from: a1)
        _ = plugin.removePod(state, pod, removing: guardian, from: b1)
        #expect(F.verdicts(plugin, pod, snapshot, state: state).values.allSatisfy { $0.isSuccess })
    }

    @Test func preferredTermsScoreAndNormalize() throws {
        let snapshot = try Self.cluster([
            try F.pod("db", labels: ["app": "db"], node: "a1"),
            try F.pod("cache", labels: ["app": "cache"], node: "b1"),
        ])
        let preferred = #""podAffinity":{"preferredDuringSchedulingIgnoredDuringExecution":[{"weight":80,"podAffinityTerm":{"labelSelector":{"matchLabels":{"app":"db"}},"topologyKey":"topology.kubernetes.io/zone"}}]}"#
        let avoid = #""podAntiAffinity":{"preferredDuringSchedulingIgnoredDuringExecution":[{"weight":20,"podAffinityTerm":{"labelSelector":{"matchLabels":{"app":"cache"}},"topologyKey":"topology.kubernetes.io/zone"}}]}"#
        let pod = try F.pod("web", labels: ["app": "web"], spec: Self.affinity(preferred, avoid))
        let (status, raw, normalized) = F.score(try Self.plugin(snapshot), pod, snapshot)
        #expect(status.isSuccess)
        #expect(raw == ["a1": 80, "a2": 80, "b1": -20, "bare": 0])
        // 100 × (s - min) / (max - min) with min -20 and max 80.
        #expect(normalized == ["a1": 100, "a2": 100, "b1": 0, "bare": 20])
    }

    @Test func existingPodsTermsScoreSymmetrically() throws {
        let friend = try F.pod("friend", labels: ["app": "friend"], node: "a1", spec: Self.affinity(Self.required(app: "web")))
        let foe = try F.pod("foe", labels: ["app": "foe"], node: "b1", spec: Self.affinity(
            #""podAntiAffinity":{"preferredDuringSchedulingIgnoredDuringExecution":[{"weight":10,"podAffinityTerm":{"labelSelector":{"matchLabels":{"app":"web"}},"topologyKey":"kubernetes.io/hostname"}}]}"#))
        let snapshot = try Self.cluster([friend, foe])
        let pod = try F.pod("web", labels: ["app": "web"])
        let (_, raw, normalized) = F.score(try Self.plugin(snapshot), pod, snapshot)
        #expect(raw == ["a1": 1, "a2": 1, "b1": -10, "bare": 0], "the friend's required term counts with hardPodAffinityWeight 1")
        #expect(normalized == ["a1": 100, "a2": 100, "b1": 0, "bare": 90])

        let heavy = try Self.plugin(snapshot, args: #"{"hardPodAffinityWeight":5}"#)
        #expect(F.score(heavy, pod, snapshot).raw["a2"] == 5)
        let ignoring = try Self.plugin(snapshot, args: #"{"ignorePreferredTermsOfExistingPods":true}"#)
        #expect(F.score(ignoring, pod, snapshot).0.code == .skip)
        #expect(throws: PluginError.self) { try Self.plugin(snapshot, args: #"{"hardPodAffinityWeight":101}"#) }
    }

    @Test func podsWithoutTermsSkip() throws {
        let snapshot = try Self.cluster([try F.pod("db", labels: ["app": "db"], node: "a1")])
        let plugin = try Self.plugin(snapshot)
        let state = CycleState()
        #expect(F.filter(plugin, try F.pod("web", labels: ["app": "web"]), snapshot, state: state).0.code == .skip)
        #expect(state.skippedFilter.contains("InterPodAffinity"))
        #expect(F.score(plugin, try F.pod("web", labels: ["app": "web"]), snapshot).0.code == .skip)
        #expect(InterPodAffinity.events.contains(ClusterEvent(resource: "Node", action: "UpdateNodeLabel")))
    }
}
