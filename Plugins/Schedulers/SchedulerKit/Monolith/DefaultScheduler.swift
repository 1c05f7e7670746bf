import Foundation
import PluginSDK

/// Keelson's default scheduler: kube-scheduler's default filters and scores over a cache kept
/// from node and pod events. The host serializes calls into one instance, so the instance's
/// state needs no lock.
final class DefaultScheduler: SchedulerPlugin {
    private let host: KeelsonHost
    private let config: SchedulerConfig
    private let cache = SchedulerCache()
    /// Where the next search over the node list starts (kube-scheduler's round robin).
    private var nextStartIndex = 0

    init(host: KeelsonHost, config: Data) throws {
        self.host = host
        self.config = try SchedulerConfig.parse(config)
        host.log(.debug, "default scheduler ready (percentageOfNodesToScore \(self.config.percentageOfNodesToScore ?? 0))")
    }

    func nodeEvent(_ event: Data) throws {
        let event = try PluginJSON.decode(WatchEventView<Node>.self, from: event, what: "node event")
        cache.apply(nodeEvent: event.type, event.object)
    }

    func podEvent(_ event: Data) throws {
        let event = try PluginJSON.decode(WatchEventView<Pod>.self, from: event, what: "pod event")
        cache.apply(podEvent: event.type, event.object)
    }

    func schedule(pod data: Data) throws -> SchedulingDecision {
        let pod = PodToPlace(try PluginJSON.decode(Pod.self, from: data, what: "pod"))
        cache.forgetAssumption(pod.key)
        let order = cache.nodeOrder
        guard !order.isEmpty else { return .unschedulable(FitError(nodeCount: 0, reasons: [:]).message) }

        let (feasible, failures) = findFeasibleNodes(pod, order)
        guard !feasible.isEmpty else {
            return .unschedulable(FitError(nodeCount: order.count, reasons: failures).message)
        }
        let chosen = feasible.count == 1 ? feasible[0].info.name : best(feasible, Scoring.score(pod, feasible))
        cache.assume(pod.key, on: chosen, pod.requests)
        return .node(chosen)
    }

    func unreserve(pod data: Data, node: String) throws {
        let pod = try PluginJSON.decode(Pod.self, from: data, what: "pod")
        cache.forget(pod.key, on: node)
    }

    /// Runs the filters over the nodes, starting where the last search stopped, until enough
    /// feasible nodes are found; counts the reasons of the nodes that failed.
    private func findFeasibleNodes(
        _ pod: PodToPlace, _ order: [String]
    ) -> (feasible: [(info: CachedNode, usage: NodeUsage)], failures: [String: Int]) {
        let wanted = config.feasibleNodesToFind(among: order.count)
        var feasible: [(info: CachedNode, usage: NodeUsage)] = []
        var failures: [String: Int] = [:]
        var processed = 0
        let start = nextStartIndex % order.count
        for offset in 0..<order.count {
            let name = order[(start + offset) % order.count]
            processed += 1
            guard let info = cache.nodes[name] else { continue }
            let usage = cache.usage(of: name)
            if let reasons = Filters.run(pod, on: info, usage: usage) {
                for reason in reasons { failures[reason, default: 0] += 1 }
            } else {
                feasible.append((info, usage))
                if feasible.count >= wanted { break }
            }
        }
        nextStartIndex = (start + processed) % order.count
        return (feasible, failures)
    }

    /// The node with the highest score; ties are broken uniformly at random.
    private func best(_ nodes: [(info: CachedNode, usage: NodeUsage)], _ scores: [Int64]) -> String {
        var bestIndex = 0
        var ties = 1
        for index in scores.indices.dropFirst() {
            if scores[index] > scores[bestIndex] {
                bestIndex = index
                ties = 1
            } else if scores[index] == scores[bestIndex] {
                ties += 1
                if Int.random(in: 0..<ties) == 0 { bestIndex = index }
            }
        }
        return nodes[bestIndex].info.name
    }
}
