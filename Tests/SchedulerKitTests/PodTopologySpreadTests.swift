import Foundation
import PluginSDK
@testable import SchedulerKit
import Testing

/// PodTopologySpread: DoNotSchedule constraints in Filter, ScheduleAnyway constraints in Score,
/// the cluster defaults and the preemption extensions, by Kubernetes' documented behaviour.
@Suite struct PodTopologySpreadTests {
    typealias F = PlacementFixtures
    static let zone = "topology.kubernetes.io/zone"
    static let web = ["app": "web"]

    /// A `topologySpreadConstraints` spec member with one constraint on `app: web`.
    static func constraint(key: String = zone, maxSkew: Int = 1, when: String = "DoNotSchedule", extra: String = "") -> String {
        let more = extra.isEmpty ? "" : "," + extra
        return #""topologySpreadConstraints":[{"maxSkew":\#(maxSkew),"topologyKey":"\#(key)","whenUnsatisfiable":"\#(when)","labelSelector":{"matchLabels":{"app":"web"}}\#(more)}]"#
    }

    static func plugin(_ snapshot: Snapshot, args: String? = nil) throws -> PodTopologySpread {
        try PodTopologySpread(args: args.map { Data($0.utf8) }, snapshot: snapshot)
    }

    /// Three zones: a (a1, a2), b (b1), c (c1); `counts` matching pods per node.
    static func zones(_ counts: [String: Int], extraNodes: [Node] = [], nodeLabels: [String: [String: String]] = [:],
                      taints: [String: String] = [:]) throws -> Snapshot {
        var nodes: [Node] = []
        for (name, zone) in [("a1", "a"), ("a2", "a"), ("b1", "b"), ("c1", "c")] {
            nodes.append(try F.node(name, zone: zone, labels: nodeLabels[name] ?? [:], taints: taints[name] ?? "[]"))
        }
        var pods: [Pod] = []
        for (node, count) in counts.sorted(by: { $0.key < $1.key }) {
            for index in 0..<count { pods.append(try F.pod("\(node)-\(index)", labels: web, node: node)) }
        }
        pods.append(try F.pod("other", labels: ["app": "db"], node: "c1"))
        pods.append(try F.pod("elsewhere", namespace: "other", labels: web, node: "c1"))
        return F.snapshot(nodes + extraNodes, pods)
    }

    @Test("a one-label selector counts from the node's label counts what visiting its pods counts")
    func labelCountsMatchVisitingThePods() throws {
        let snapshot = try Self.zones(["c1": 3])
        let node = try #require(snapshot.node(named: "c1"))
        let terminating = PodInfo(try F.pod("leaving", labels: Self.web, node: "c1", meta: #""deletionTimestamp":"2026-01-01T00:00:00Z""#))
        node.add(terminating)
        let selectors = [#"{"matchLabels":{"app":"web"}}"#, #"{"matchExpressions":[{"key":"app","operator":"In","values":["web","db"]}]}"#,
                         #"{"matchLabels":{"app":"web","tier":"x"}}"#, #"{"matchLabels":{"app":"none"}}"#]
        for json in selectors {
            let selector = try LabelSelectorMatcher(JSONDecoder().decode(LabelSelector.self, from: Data(json.utf8)))
            let constraint = SpreadConstraint(maxSkew: 1, topologyKey: Self.zone, selector: selector, minDomains: 1,
                                              honorsNodeAffinity: true, honorsNodeTaints: false)
            for namespace in ["default", "other"] {
                #expect(constraint.count(on: node, namespace: namespace) == constraint.count(node.pods, namespace: namespace), "\(json) \(namespace)")
            }
        }
        #expect(node.podCount(namespace: "default", key: "app", values: ["web"]) == 3)
        node.remove("default/c1-0")
        node.remove(terminating.key)
        #expect(node.podCount(namespace: "default", key: "app", values: ["web", "db"]) == 3)
        #expect(node.podLabelCounts[PodLabel(namespace: "default", key: "app", value: "web")] == 2)
    }

    @Test func spreadsAcrossZonesWithMaxSkewOne() throws {
        let snapshot = try Self.zones(["a1": 1, "a2": 1, "b1": 1])
        let pod = try F.pod("new", labels: Self.web, spec: Self.constraint())
        let (status, verdicts) = F.filter(try Self.plugin(snapshot), pod, snapshot)
        #expect(status.isSuccess)
        // zone a holds 2, b 1, c 0 (pods of other labels or namespaces do not count): only c keeps skew <= 1.
        #expect(verdicts["a1"] == .unschedulable("node(s) didn't match pod topology spread constraints"))
        #expect(verdicts["a2"]?.code == .unschedulable)
        #expect(verdicts["b1"]?.code == .unschedulable)
        #expect(verdicts["c1"] == .success)

        // A pod the selector does not match does not add itself: b (1 + 0 - 0) passes.
        let other = try F.pod("new", labels: ["app": "api"], spec: Self.constraint())
        let (_, relaxed) = F.filter(try Self.plugin(snapshot), other, snapshot)
        #expect(relaxed["b1"] == .success && relaxed["a1"]?.code == .unschedulable)
    }

    @Test func nodeWithoutTheTopologyKeyIsUnresolvable() throws {
        let snapshot = try Self.zones([:], extraNodes: [try F.node("bare", zone: nil)])
        let (_, verdicts) = F.filter(try Self.plugin(snapshot), try F.pod("new", labels: Self.web, spec: Self.constraint()), snapshot)
        #expect(verdicts["bare"] == .unresolvable("node(s) didn't match pod topology spread constraints (missing required label)"))
        #expect(verdicts["a1"] == .success)
    }

    @Test func minDomainsTreatsTheGlobalMinimumAsZero() throws {
        let snapshot = try Self.zones(["a1": 1, "b1": 1, "c1": 1])
        let plain = try F.pod("new", labels: Self.web, spec: Self.constraint())
        let (_, plainVerdicts) = F.filter(try Self.plugin(snapshot), plain, snapshot)
        #expect(plainVerdicts.values.allSatisfy { $0.isSuccess }, "1 + 1 - 1 <= 1 everywhere")

        let strict = try F.pod("new", labels: Self.web, spec: Self.constraint(extra: #""minDomains":4"#))
        let (_, strictVerdicts) = F.filter(try Self.plugin(snapshot), strict, snapshot)
        #expect(strictVerdicts.values.allSatisfy { $0.code == .unschedulable }, "3 domains < minDomains 4: minimum 0, skew 2")

        let enough = try F.pod("new", labels: Self.web, spec: Self.constraint(extra: #""minDomains":3"#))
        let (_, enoughVerdicts) = F.filter(try Self.plugin(snapshot), enough, snapshot)
        #expect(enoughVerdicts.values.allSatisfy { $0.isSuccess })
    }

    @Test func nodeAffinityPolicyDecidesWhichDomainsCount() throws {
        // Zone c has no ssd node; the pod requires ssd.
        let ssd = ["disk": "ssd"]
        let snapshot = try Self.zones(["a1": 1, "b1": 1], nodeLabels: ["a1": ssd, "a2": ssd, "b1": ssd])
        let honor = try F.pod("new", labels: Self.web, spec: Self.constraint() + #","nodeSelector":{"disk":"ssd"}"#)
        let (_, honored) = F.filter(try Self.plugin(snapshot), honor, snapshot)
        #expect(honored["a1"] == .success, "Honor (default): zone c is not counted, the minimum is 1")

        let ignore = try F.pod("new", labels: Self.web,
                               spec: Self.constraint(extra: #""nodeAffinityPolicy":"Ignore""#) + #","nodeSelector":{"disk":"ssd"}"#)
        let (_, ignored) = F.filter(try Self.plugin(snapshot), ignore, snapshot)
        #expect(ignored["a1"]?.code == .unschedulable, "Ignore: empty zone c counts, the minimum is 0")
    }

    @Test func nodeTaintsPolicyDecidesWhichDomainsCount() throws {
        let taint = #"[{"key":"dedicated","value":"batch","effect":"NoSchedule"}]"#
        let snapshot = try Self.zones(["a1": 1, "b1": 1], taints: ["c1": taint])
        let ignore = try F.pod("new", labels: Self.web, spec: Self.constraint())
        let (_, ignored) = F.filter(try Self.plugin(snapshot), ignore, snapshot)
        #expect(ignored["a1"]?.code == .unschedulable, "Ignore (default): tainted zone c counts")

        let honor = try F.pod("new", labels: Self.web, spec: Self.constraint(extra: #""nodeTaintsPolicy":"Honor""#))
        let (_, honored) = F.filter(try Self.plugin(snapshot), honor, snapshot)
        #expect(honored["a1"] == .success, "Honor: the untolerated taint leaves zone c out")

        let tolerating = try F.pod("new", labels: Self.web, spec: Self.constraint(extra: #""nodeTaintsPolicy":"Honor""#)
                                   + #","tolerations":[{"key":"dedicated","operator":"Exists"}]"#)
        let (_, tolerated) = F.filter(try Self.plugin(snapshot), tolerating, snapshot)
        #expect(tolerated["a1"]?.code == .unschedulable, "a tolerated taint keeps zone c counted")
    }

    @Test func matchLabelKeysNarrowTheSelectorAndTerminatingPodsDoNotCount() throws {
        var pods = [
            try F.pod("v1-a", labels: ["app": "web", "rev": "1"], node: "a1"),
            try F.pod("v1-b", labels: ["app": "web", "rev": "1"], node: "b1"),
            try F.pod("v2-a", labels: ["app": "web", "rev": "2"], node: "a1"),
        ]
        pods.append(try F.pod("dying", labels: ["app": "web", "rev": "2"], node: "b1", meta: #""deletionTimestamp":"2026-01-01T00:00:00Z""#))
        let nodes = [try F.node("a1", zone: "a"), try F.node("b1", zone: "b")]
        let snapshot = F.snapshot(nodes, pods)
        let pod = try F.pod("new", labels: ["app": "web", "rev": "2"], spec: Self.constraint(extra: #""matchLabelKeys":["rev"]"#))
        let (_, verdicts) = F.filter(try Self.plugin(snapshot), pod, snapshot)
        // rev 2: a holds 1, b 0 (the terminating pod is left out).
        #expect(verdicts["a1"]?.code == .unschedulable && verdicts["b1"] == .success)
    }

    @Test func preFilterSkipsWithoutDoNotScheduleConstraints() throws {
        let snapshot = try Self.zones([:])
        let plugin = try Self.plugin(snapshot)
        let state = CycleState()
        let (status, _) = F.filter(plugin, try F.pod("new", labels: Self.web, spec: Self.constraint(when: "ScheduleAnyway")), snapshot, state: state)
        #expect(status.code == .skip && state.skippedFilter.contains("PodTopologySpread"))
        let (plain, _) = F.filter(plugin, try F.pod("bare", labels: Self.web), snapshot)
        #expect(plain.code == .skip, "system defaults are ScheduleAnyway only")
    }

    @Test func addPodAndRemovePodUpdateTheCounts() throws {
        let snapshot = try Self.zones(["a1": 1, "b1": 1, "c1": 1])
        let plugin = try Self.plugin(snapshot)
        let state = CycleState()
        let pod = PodInfo(try F.pod("new", labels: Self.web, spec: Self.constraint()))
        #expect(plugin.preFilter(state, pod, snapshot.nodes).1.isSuccess)
        #expect(F.verdicts(plugin, pod, snapshot, state: state)["a1"] == .success)

        let victim = PodInfo(try F.pod("extra", labels: Self.web, node: "a2"))
        let a2 = try #require(snapshot.node(named: "a2"))
        #expect(plugin.addPod(state, pod, adding: victim, on: a2).isSuccess)
        #expect(F.verdicts(plugin, pod, snapshot, state: state)["a1"]?.code == .unschedulable, "zone a now holds 2")
        let stranger = PodInfo(try F.pod("stranger", namespace: "other", labels: Self.web, node: "b1"))
        _ = plugin.addPod(state, pod, adding: stranger, on: try #require(snapshot.node(named: "b1")))
        #expect(F.verdicts(plugin, pod, snapshot, state: state)["b1"] == .success, "pods of other namespaces never count")
        let spread = try #require(state.read(PodTopologySpread.preFilterStateKey, as: SpreadFilterState.self))
        let simulation = spread.copy()
        simulation.counts[0]["a", default: 0] -= 1
        #expect(spread.counts[0]["a"] == 2, "a copy leaves the cycle's counts alone")
        #expect(plugin.removePod(state, pod, removing: victim, from: a2).isSuccess)
        #expect(F.verdicts(plugin, pod, snapshot, state: state)["a1"] == .success)
    }

    @Test func scheduleAnywayScoresPreferEmptierDomains() throws {
        let snapshot = try Self.zones(["a1": 2, "b1": 1], extraNodes: [try F.node("bare", zone: nil)])
        let pod = try F.pod("new", labels: Self.web, spec: Self.constraint(when: "ScheduleAnyway"))
        let (status, raw, normalized) = F.score(try Self.plugin(snapshot), pod, snapshot)
        #expect(status.isSuccess)
        // 3 zones: weight log(5) ≈ 1.609; zone a holds 2 → 3.22 → 3, b 1 → 2, c 0.
        #expect(raw == ["a1": 3, "a2": 3, "b1": 2, "c1": 0, "bare": 0])
        // 100 * (max + min - s) / max, the node without a zone scores 0.
        #expect(normalized == ["a1": 0, "a2": 0, "b1": 33, "c1": 100, "bare": 0])
    }

    @Test func systemDefaultsScoreOwnedPodsByHostname() throws {
        let nodes = [try F.node("n1", zone: nil), try F.node("n2", zone: nil)]
        let owner = #""ownerReferences":[{"apiVersion":"apps/v1","kind":"ReplicaSet","name":"web-1","controller":true}]"#
        let pods = [try F.pod("w1", labels: Self.web, node: "n1", meta: owner), try F.pod("w2", labels: Self.web, node: "n1", meta: owner)]
        let snapshot = F.snapshot(nodes, pods)
        let plugin = try Self.plugin(snapshot)
        let (status, raw, normalized) = F.score(plugin, try F.pod("new", labels: Self.web, meta: owner), snapshot)
        #expect(status.isSuccess)
        // hostname maxSkew 3, weight log(2 + 2): n1 2 × 1.386 + 2 = 4.77 → 5, n2 2; no zone labels, no zone score.
        #expect(raw == ["n1": 5, "n2": 2])
        #expect(normalized == ["n1": 40, "n2": 100])

        let (unowned, _, _) = F.score(plugin, try F.pod("loose", labels: Self.web), snapshot)
        #expect(unowned.code == .skip, "without an owner Keelson deduces no selector")
        let listed = try Self.plugin(snapshot, args: #"{"defaultingType":"List","defaultConstraints":[]}"#)
        #expect(F.score(listed, try F.pod("new", labels: Self.web, meta: owner), snapshot).0.code == .skip)
    }

    @Test func argsAreDefaultedAndValidated() throws {
        let snapshot = Snapshot()
        #expect(try Self.plugin(snapshot).args.defaultingType == "System")
        #expect(try Self.plugin(snapshot, args: "null").args.defaultingType == "System")
        do {
            _ = try Self.plugin(snapshot, args: #"{"defaultingType":"Custom"}"#)
            Issue.record("an unknown defaultingType is refused")
        } catch let error as PluginError {
            #expect(error.message == #"PodTopologySpreadArgs: defaultingType: Unsupported value: "Custom": supported values: "List", "System""#)
        }
        #expect(throws: PluginError.self) {
            try Self.plugin(snapshot, args: #"{"defaultingType":"System","defaultConstraints":[{"maxSkew":1,"topologyKey":"zone","whenUnsatisfiable":"DoNotSchedule"}]}"#)
        }
        let listed = try Self.plugin(snapshot, args: #"{"defaultingType":"List","defaultConstraints":[{"maxSkew":1,"topologyKey":"topology.kubernetes.io/zone","whenUnsatisfiable":"DoNotSchedule"}]}"#)
        #expect(listed.defaultConstraints.count == 1)
        #expect(PodTopologySpread.events.contains(ClusterEvent(resource: "Node", action: "UpdateNodeTaint")))
    }

    @Test func listedDefaultConstraintsFilterOwnedPods() throws {
        let owner = #""ownerReferences":[{"apiVersion":"apps/v1","kind":"ReplicaSet","name":"web-1"}]"#
        let snapshot = try Self.zones(["a1": 1, "b1": 1])
        let listed = try Self.plugin(snapshot, args: #"{"defaultingType":"List","defaultConstraints":[{"maxSkew":1,"topologyKey":"topology.kubernetes.io/zone","whenUnsatisfiable":"DoNotSchedule"}]}"#)
        let (_, verdicts) = F.filter(listed, try F.pod("new", labels: Self.web, meta: owner), snapshot)
        #expect(verdicts["a1"]?.code == .unschedulable && verdicts["c1"] == .success)
    }
}
