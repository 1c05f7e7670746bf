import Foundation
@testable import SchedulerKit

/// Builds nodes, pods and snapshots from JSON for the PodTopologySpread and InterPodAffinity
/// tests, and runs a plugin's PreFilter+Filter or PreScore+Score+NormalizeScore over them.
enum PlacementFixtures {
    /// A JSON object literal for `labels`.
    static func json(_ labels: [String: String]) -> String {
        let data = try! JSONSerialization.data(withJSONObject: labels, options: [.sortedKeys])
        return String(decoding: data, as: UTF8.self)
    }

    /// A node named `name` labelled with its hostname, its zone (when given) and `labels`,
    /// with `taints` (a JSON array) when given.
    static func node(_ name: String, zone: String?, labels: [String: String] = [:], taints: String = "[]") throws -> Node {
        var all = labels
        all["kubernetes.io/hostname"] = name
        if let zone { all["topology.kubernetes.io/zone"] = zone }
        let text = """
            {"metadata":{"name":"\(name)","labels":\(json(all))},"spec":{"taints":\(taints)},
             "status":{"allocatable":{"cpu":"4","memory":"8Gi","pods":"110"}}}
            """
        return try JSONDecoder().decode(Node.self, from: Data(text.utf8))
    }

    /// A pod in `namespace` with `labels`, bound to `node` when given; `spec` is extra JSON
    /// members of the spec (`"affinity":{...}`), `meta` extra members of the metadata.
    static func pod(_ name: String, namespace: String = "default", labels: [String: String] = [:], node: String? = nil,
                    spec: String = "", meta: String = "") throws -> Pod {
        var members = [#""containers":[{"name":"c"}]"#]
        if let node { members.append(#""nodeName":"\#(node)""#) }
        if !spec.isEmpty { members.append(spec) }
        let metaExtra = meta.isEmpty ? "" : "," + meta
        let text = """
            {"metadata":{"name":"\(name)","namespace":"\(namespace)","labels":\(json(labels))\(metaExtra)},
             "spec":{\(members.joined(separator: ","))}}
            """
        return try JSONDecoder().decode(Pod.self, from: Data(text.utf8))
    }

    /// A snapshot holding `nodes`, the bound `pods` and `namespaces` (name → labels).
    static func snapshot(_ nodes: [Node], _ pods: [Pod] = [], namespaces: [String: [String: String]] = [:]) -> Snapshot {
        let snapshot = Snapshot()
        for node in nodes { snapshot.apply(nodeEvent: "ADDED", node) }
        for pod in pods { snapshot.apply(podEvent: "ADDED", pod) }
        for (name, labels) in namespaces { snapshot.apply(namespaceEvent: "ADDED", name: name, labels: labels) }
        return snapshot
    }

    /// Runs PreFilter and the batched Filter over every node: the PreFilter status and the
    /// status per node name (nil statuses when PreFilter did not succeed).
    static func filter<Plugin: PreFilterPlugin & FilterPlugin>(_ plugin: Plugin, _ pod: Pod, _ snapshot: Snapshot,
                                                                state: CycleState = CycleState()) -> (FrameworkStatus, [String: FrameworkStatus]) {
        let info = PodInfo(pod)
        let (_, status) = plugin.preFilter(state, info, snapshot.nodes)
        guard status.isSuccess else { return (status, [:]) }
        return (status, verdicts(plugin, info, snapshot, state: state))
    }

    /// The batched Filter's status per node name, for a cycle whose PreFilter already ran.
    static func verdicts<Plugin: FilterPlugin>(_ plugin: Plugin, _ pod: PodInfo, _ snapshot: Snapshot, state: CycleState) -> [String: FrameworkStatus] {
        let nodes = snapshot.nodes
        var verdicts = FilterVerdicts(count: nodes.count)
        snapshot.withBatch(nodes) { plugin.filter(state, pod, nodes: $0, into: &verdicts) }
        var byName: [String: FrameworkStatus] = [:]
        for (position, node) in nodes.enumerated() { byName[node.name] = verdicts.status(at: position) }
        return byName
    }

    /// Runs PreScore, the batched Score and NormalizeScore over every node: the PreScore status,
    /// and the raw and normalized scores per node name (empty when PreScore did not succeed).
    static func score<Plugin: PreScorePlugin & ScorePlugin>(_ plugin: Plugin, _ pod: Pod, _ snapshot: Snapshot)
        -> (FrameworkStatus, raw: [String: Int64], normalized: [String: Int64]) {
        let info = PodInfo(pod)
        let state = CycleState()
        let nodes = snapshot.nodes
        let status = snapshot.withBatch(nodes) { plugin.preScore(state, info, $0) }
        guard status.isSuccess else { return (status, [:], [:]) }
        var scores = Array(repeating: Int64(0), count: nodes.count)
        let scored = snapshot.withBatch(nodes) { plugin.score(state, info, nodes: $0, into: &scores) }
        guard scored.isSuccess else { return (scored, [:], [:]) }
        let raw = Dictionary(uniqueKeysWithValues: zip(nodes.map(\.name), scores))
        _ = plugin.normalize(state, info, scores: &scores)
        return (status, raw, Dictionary(uniqueKeysWithValues: zip(nodes.map(\.name), scores)))
    }
}
