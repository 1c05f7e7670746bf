import Foundation
import PluginSDK
@testable import SchedulerKit

/// Builds nodes and pods from JSON into a Snapshot and runs the default plugins' hooks over it
/// the way the framework does (PreFilter then Filter over every node; PreScore, Score, then
/// NormalizeScore over the given nodes).
enum DefaultPluginFixtures {
    /// Decodes a core/v1 Node.
    static func node(_ json: String) throws -> Node { try JSONDecoder().decode(Node.self, from: Data(json.utf8)) }

    /// Decodes a core/v1 Pod.
    static func pod(_ json: String) throws -> Pod { try JSONDecoder().decode(Pod.self, from: Data(json.utf8)) }

    /// A node named `name` with the given allocatable amounts, labels, taints and extra JSON.
    static func nodeJSON(
        _ name: String, cpu: String = "4", memory: String = "8Gi", pods: String = "110", extraAllocatable: String = "",
        labels: String = "{}", taints: String = "[]", unschedulable: Bool = false, images: String = "[]"
    ) -> String {
        """
        {"metadata":{"name":"\(name)","labels":\(labels)},
         "spec":{"unschedulable":\(unschedulable),"taints":\(taints)},
         "status":{"allocatable":{"cpu":"\(cpu)","memory":"\(memory)","pods":"\(pods)"\(extraAllocatable)},"images":\(images)}}
        """
    }

    /// A pod named `name` (namespace default) with the given spec JSON (without braces).
    static func podJSON(_ name: String, spec: String) -> String {
        """
        {"metadata":{"name":"\(name)","namespace":"default","uid":"uid-\(name)"},"spec":{\(spec)}}
        """
    }

    /// A container spec requesting `requests` (a JSON object).
    static func container(_ name: String = "c", requests: String = "{}", image: String = "busybox:1.36", extra: String = "") -> String {
        """
        {"name":"\(name)","image":"\(image)","resources":{"requests":\(requests)}\(extra)}
        """
    }

    /// A snapshot with `nodes` and the bound `pods` (their spec.nodeName places them).
    static func snapshot(nodes: [String], pods: [String] = []) throws -> Snapshot {
        let snapshot = Snapshot()
        for json in nodes { snapshot.apply(nodeEvent: "ADDED", try node(json)) }
        for json in pods { snapshot.apply(podEvent: "ADDED", try pod(json)) }
        return snapshot
    }

    /// Runs PreFilter (when the plugin has one) and the batched Filter over every node of the
    /// snapshot; the PreFilter result and status come back with the verdicts.
    static func filter(
        _ plugin: any FilterPlugin, _ pod: PodInfo, _ snapshot: Snapshot, state: CycleState = CycleState()
    ) -> (pre: (PreFilterResult?, FrameworkStatus)?, verdicts: FilterVerdicts) {
        let nodes = snapshot.nodes
        var pre: (PreFilterResult?, FrameworkStatus)?
        if let preFilter = plugin as? any PreFilterPlugin { pre = preFilter.preFilter(state, pod, nodes) }
        var verdicts = FilterVerdicts(count: nodes.count)
        snapshot.withBatch(nodes) { plugin.filter(state, pod, nodes: $0, into: &verdicts) }
        return (pre, verdicts)
    }

    /// The statuses of the verdicts, one per node.
    static func statuses(_ verdicts: FilterVerdicts) -> [FrameworkStatus] {
        (0..<verdicts.count).map { verdicts.status(at: $0) }
    }

    /// Runs PreScore (when the plugin has one), Score and NormalizeScore over `nodes` (every
    /// node of the snapshot by default); returns the raw and normalized scores.
    static func score(
        _ plugin: any ScorePlugin, _ pod: PodInfo, _ snapshot: Snapshot, nodes: [NodeInfo]? = nil
    ) -> (preScore: FrameworkStatus?, raw: [Int64], normalized: [Int64]) {
        let nodes = nodes ?? snapshot.nodes
        let state = CycleState()
        var preScore: FrameworkStatus?
        if let pre = plugin as? any PreScorePlugin { preScore = snapshot.withBatch(nodes) { pre.preScore(state, pod, $0) } }
        var scores = [Int64](repeating: 0, count: nodes.count)
        if preScore?.code == .skip { return (preScore, scores, scores) }
        let status = snapshot.withBatch(nodes) { plugin.score(state, pod, nodes: $0, into: &scores) }
        precondition(status.isSuccess, "score failed: \(status)")
        let raw = scores
        _ = plugin.normalize(state, pod, scores: &scores)
        return (preScore, raw, scores)
    }

    /// The message of the PluginError `body` throws (nil when it throws none or another error).
    static func argsError(_ body: () throws -> Void) -> String? {
        do {
            try body()
            return nil
        } catch let error as PluginError {
            return error.message
        } catch {
            return nil
        }
    }
}

extension Snapshot {
    /// Calls `body` with the batch of `nodes` (nodes of this snapshot), in their order.
    func withBatch<Result>(_ nodes: [NodeInfo], _ body: (NodeBatch) throws -> Result) rethrows -> Result {
        try nodes.map { UInt32($0.index) }.withUnsafeBufferPointer { try withBatch($0, body) }
    }
}
