import Foundation
import Kernel
import Synchronization

/// An in-process scheduler bundle for the framework scheduler's tests, with tiny plugins driven
/// by pod and node labels:
/// - `FakeSort` (QueueSort): higher `priority` label first, then queue time;
/// - `FakeGate` (PreEnqueue): holds pods labelled `gated=true`;
/// - `OnlyNodes` (PreFilter): a pod labelled `only=a.b` may go to nodes a and b only;
/// - `LabelFilter` (Filter): a pod labelled `want-pool=x` needs a node labelled `pool=x`;
/// - `TaintFilter` (Filter): a node labelled `dedicated=x` refuses pods not labelled `tolerate=x`;
/// - `SlotsFilter` (Filter): a node labelled `slots=n` takes n pods (bound or assumed);
/// - `LabelScore`, `OtherLabelScore` (Score): the node label named by their args' `label`;
/// - `RecordingReserve` (Reserve): records reserve/unreserve;
/// - `GangPermit` (Permit): pods labelled `gang=g`, `gang-size=n` wait (`gang-timeout-ms`) until n arrived;
/// - `Nominator` (PostFilter): a pod labelled `preempt=true` evicts pods labelled `victim=true`;
/// - `FlakyBinder` (Bind): fails the first `bind-fail=n` binds of a pod, then skips.
final class FrameworkFakeBundle: SchedulerBundle {
    /// The fake's Cycle.
    private struct Cycle {
        /// The fake's pod.
        var pod: JSONValue
        /// The fake's node.
        var node: UInt32?
    }

    /// The fake's State.
    private struct State {
        /// The fake's next.
        var next: UInt = 1
        /// The fake's plugins.
        var plugins: [UInt: (name: String, args: JSONValue?)] = [:]
        /// The fake's pods.
        var pods: [UInt: JSONValue] = [:]
        /// The fake's cycles.
        var cycles: [UInt: Cycle] = [:]
        /// The fake's nodes.
        var nodes: [UInt32: JSONValue] = [:]
        /// The fake's assigned.
        var assigned: [String: (node: String, pod: JSONValue)] = [:]
        /// The fake's gangs.
        var gangs: [String: Set<String>] = [:]
        /// The fake's binds.
        var binds: [String: Int] = [:]
        /// The fake's log.
        var log: [String] = []
        /// The fake's filterCalls.
        var filterCalls: [String: Int] = [:]
        /// The fake's scored.
        var scored: [String: [UInt32]] = [:]
    }

    /// Everything the fake knows, behind a lock.
    private let state = Mutex(State())

    /// The bundle's name.
    let bundleName = "fake"
    /// No default configuration.
    let defaultConfig: JSONValue? = nil
    /// The fake plugins and the events each registered.
    let plugins: [FrameworkPluginInfo] = [
        FrameworkPluginInfo(name: "FakeSort", points: .queueSort, events: []),
        FrameworkPluginInfo(name: "FakeGate", points: .preEnqueue, events: [FrameworkClusterEvent(resource: "Pod", action: "Update")]),
        FrameworkPluginInfo(name: "OnlyNodes", points: .preFilter, events: [FrameworkClusterEvent(resource: "Node", action: "Add")]),
        FrameworkPluginInfo(
            name: "LabelFilter", points: .filter,
            events: [FrameworkClusterEvent(resource: "Node", action: "Add"), FrameworkClusterEvent(resource: "Node", action: "UpdateNodeLabel")]),
        FrameworkPluginInfo(
            name: "TaintFilter", points: .filter,
            events: [FrameworkClusterEvent(resource: "Node", action: "Add"), FrameworkClusterEvent(resource: "Node", action: "UpdateNodeLabel")]),
        FrameworkPluginInfo(
            name: "SlotsFilter", points: .filter,
            events: [FrameworkClusterEvent(resource: "Node", action: "Add"), FrameworkClusterEvent(resource: "Pod", action: "Delete")]),
        FrameworkPluginInfo(name: "LabelScore", points: .score, events: []),
        FrameworkPluginInfo(name: "OtherLabelScore", points: .score, events: []),
        FrameworkPluginInfo(name: "RecordingReserve", points: .reserve, events: []),
        FrameworkPluginInfo(name: "GangPermit", points: .permit, events: [FrameworkClusterEvent(resource: "Pod", action: "Add")]),
        FrameworkPluginInfo(name: "Nominator", points: .postFilter, events: []),
        FrameworkPluginInfo(name: "FlakyBinder", points: .bind, events: nil),
    ]

    // MARK: Test reads

    /// The calls recorded (reserve/unreserve/assume/forget/bind), as "call:pod".
    var log: [String] { state.withLock { $0.log } }

    /// How many Filter calls looked at pod `name` (one per plugin and chunk).
    func filterCalls(_ name: String) -> Int { state.withLock { $0.filterCalls[name] ?? 0 } }

    /// The node indices the last Score call for pod `name` covered.
    func scoredNodes(_ name: String) -> [UInt32]? { state.withLock { $0.scored[name] } }

    // MARK: Cluster state

    /// `nodeEvent` of the fake plugins (see the type's description).
    func nodeEvent(index: UInt32, _ event: WatchEvent) throws {
        state.withLock { state in
            if event.type == "DELETED" { state.nodes[index] = nil } else { state.nodes[index] = event.object }
        }
    }

    /// `podEvent` of the fake plugins (see the type's description).
    func podEvent(_ event: WatchEvent) throws {
        let pod = event.object
        let uid = pod.uid ?? ""
        state.withLock { state in
            if event.type != "DELETED", let node = pod[path: "spec", "nodeName"]?.stringValue, !node.isEmpty {
                state.assigned[uid] = (node, pod)
            } else {
                state.assigned[uid] = nil
            }
        }
    }

    /// `namespaceEvent` of the fake plugins (see the type's description).
    func namespaceEvent(_ event: WatchEvent) throws {}

    // MARK: Handles

    /// `newPlugin` of the fake plugins (see the type's description).
    func newPlugin(profile: UInt32, name: String, points: FrameworkPoints, args: JSONValue?) throws -> BundleHandle {
        state.withLock { state in
            let handle = state.next
            state.next += 1
            state.plugins[handle] = (name, args)
            return BundleHandle(raw: handle)
        }
    }

    /// `freePlugin` of the fake plugins (see the type's description).
    func freePlugin(_ plugin: BundleHandle) { state.withLock { _ = $0.plugins.removeValue(forKey: plugin.raw) } }

    /// `newPod` of the fake plugins (see the type's description).
    func newPod(_ podJSON: Data) throws -> BundleHandle {
        let pod = try JSONValue(parsing: podJSON)
        return state.withLock { state in
            let handle = state.next
            state.next += 1
            state.pods[handle] = pod
            return BundleHandle(raw: handle)
        }
    }

    /// `freePod` of the fake plugins (see the type's description).
    func freePod(_ pod: BundleHandle) { state.withLock { _ = $0.pods.removeValue(forKey: pod.raw) } }

    /// `beginCycle` of the fake plugins (see the type's description).
    func beginCycle(pod: BundleHandle) throws -> BundleHandle {
        try state.withLock { state in
            guard let decoded = state.pods[pod.raw] else { throw FakeError(message: "unknown pod handle") }
            let handle = state.next
            state.next += 1
            state.cycles[handle] = Cycle(pod: decoded)
            return BundleHandle(raw: handle)
        }
    }

    /// `endCycle` of the fake plugins (see the type's description).
    func endCycle(_ cycle: BundleHandle) { state.withLock { _ = $0.cycles.removeValue(forKey: cycle.raw) } }

    /// `assume` of the fake plugins (see the type's description).
    func assume(_ cycle: BundleHandle, node: UInt32) throws {
        state.withLock { state in
            state.cycles[cycle.raw]?.node = node
            state.log.append("assume:\(Self.name(state.cycles[cycle.raw]?.pod))")
        }
    }

    /// `forget` of the fake plugins (see the type's description).
    func forget(_ cycle: BundleHandle) throws {
        state.withLock { state in
            state.cycles[cycle.raw]?.node = nil
            state.log.append("forget:\(Self.name(state.cycles[cycle.raw]?.pod))")
        }
    }

    // MARK: Extension points

    /// `preEnqueue` of the fake plugins (see the type's description).
    func preEnqueue(_ plugin: BundleHandle, pod: BundleHandle) -> FrameworkStatus {
        state.withLock { state in
            guard let decoded = state.pods[pod.raw] else { return .error("unknown pod") }
            return decoded.labels["gated"] == "true" ? FrameworkStatus(.unschedulable, ["waiting for the gate"]) : .success
        }
    }

    /// `queueLess` of the fake plugins (see the type's description).
    func queueLess(_ plugin: BundleHandle, _ a: BundleHandle, _ aTime: UInt64, _ b: BundleHandle, _ bTime: UInt64) -> Bool {
        state.withLock { state in
            let left = Int(state.pods[a.raw]?.labels["priority"] ?? "0") ?? 0
            let right = Int(state.pods[b.raw]?.labels["priority"] ?? "0") ?? 0
            return left != right ? left > right : aTime < bTime
        }
    }

    /// `preFilter` of the fake plugins (see the type's description).
    func preFilter(_ plugin: BundleHandle, cycle: BundleHandle) -> (FrameworkStatus, nodes: [UInt32]?) {
        state.withLock { state in
            guard let pod = state.cycles[cycle.raw]?.pod, let only = pod.labels["only"] else { return (.success, nil) }
            let names = Set(only.split(separator: ".").map(String.init))
            let indices = state.nodes.filter { names.contains($0.value.name ?? "") }.map(\.key).sorted()
            return (.success, indices)
        }
    }

    /// `filter` of the fake plugins (see the type's description).
    func filter(
        _ plugin: BundleHandle, cycle: BundleHandle, nodes: [UInt32], codes: inout [UInt8], reasonIndices: inout [Int32]
    ) throws -> [[String]] {
        try state.withLock { state in
            guard let name = state.plugins[plugin.raw]?.name, let cycleState = state.cycles[cycle.raw] else {
                throw FakeError(message: "unknown handle")
            }
            let pod = cycleState.pod
            state.filterCalls[pod.name ?? "", default: 0] += 1
            var lists: [[String]] = []
            var listIndex: [String: Int32] = [:]
            for (position, index) in nodes.enumerated() {
                let node = state.nodes[index] ?? [:]
                guard let (code, reason) = Self.check(name, pod: pod, node: node, state: state, cycle: cycle.raw) else { continue }
                codes[position] = code.rawValue
                if listIndex[reason] == nil {
                    listIndex[reason] = Int32(lists.count)
                    lists.append([reason])
                }
                reasonIndices[position] = listIndex[reason]!
            }
            return lists
        }
    }

    /// `postFilter` of the fake plugins (see the type's description).
    func postFilter(_ plugin: BundleHandle, cycle: BundleHandle, nodes: [UInt32], codes: [UInt8]) -> (FrameworkStatus, PostFilterResult?, verdicts: [PermitVerdict]) {
        state.withLock { state in
            guard let pod = state.cycles[cycle.raw]?.pod else { return (.error("unknown cycle"), nil, []) }
            let noVictims = FrameworkStatus(
                .unschedulable, ["preemption: 0/\(nodes.count) nodes are available: \(nodes.count) No preemption victims found for incoming pod."])
            guard pod.labels["preempt"] == "true" else { return (noVictims, nil, []) }
            for index in nodes {
                let nodeName = state.nodes[index]?.name ?? ""
                let victims = state.assigned.values.filter { $0.node == nodeName && $0.pod.labels["victim"] == "true" }.map {
                    PostFilterResult.Victim(namespace: $0.pod.namespace ?? "default", name: $0.pod.name ?? "", uid: $0.pod.uid ?? "")
                }
                if !victims.isEmpty { return (.success, PostFilterResult(nominatedNodeIndex: index, victims: victims), []) }
            }
            return (noVictims, nil, [])
        }
    }

    /// `preScore` of the fake plugins (see the type's description).
    func preScore(_ plugin: BundleHandle, cycle: BundleHandle, nodes: [UInt32]) -> FrameworkStatus { .success }

    /// `score` of the fake plugins (see the type's description).
    func score(_ plugin: BundleHandle, cycle: BundleHandle, nodes: [UInt32], scores: inout [Int64]) -> FrameworkStatus {
        state.withLock { state in
            let label = state.plugins[plugin.raw]?.args?["label"]?.stringValue ?? "score"
            state.scored[Self.name(state.cycles[cycle.raw]?.pod)] = nodes
            for (position, index) in nodes.enumerated() {
                scores[position] = min(100, max(0, Int64(state.nodes[index]?.labels[label] ?? "0") ?? 0))
            }
            return .success
        }
    }

    /// `reserve` of the fake plugins (see the type's description).
    func reserve(_ plugin: BundleHandle, cycle: BundleHandle, node: UInt32) -> FrameworkStatus {
        state.withLock { state in
            state.log.append("reserve:\(Self.name(state.cycles[cycle.raw]?.pod))")
            return .success
        }
    }

    /// `unreserve` of the fake plugins (see the type's description).
    func unreserve(_ plugin: BundleHandle, cycle: BundleHandle, node: UInt32) -> [PermitVerdict] {
        state.withLock { state in
            let pod = state.cycles[cycle.raw]?.pod
            if let gang = pod?.labels["gang"] { state.gangs[gang]?.remove(pod?.uid ?? "") }
            state.log.append("unreserve:\(Self.name(pod))")
            return []
        }
    }

    /// `permit` of the fake plugins (see the type's description).
    func permit(_ plugin: BundleHandle, cycle: BundleHandle, node: UInt32) -> (FrameworkStatus, timeout: Duration, verdicts: [PermitVerdict]) {
        state.withLock { state in
            guard let pod = state.cycles[cycle.raw]?.pod, let gang = pod.labels["gang"] else { return (.success, .zero, []) }
            let size = Int(pod.labels["gang-size"] ?? "1") ?? 1
            let timeout = Duration.milliseconds(Int(pod.labels["gang-timeout-ms"] ?? "30000") ?? 30000)
            let uid = pod.uid ?? ""
            state.gangs[gang, default: []].insert(uid)
            let members = state.gangs[gang] ?? []
            guard members.count >= size else { return (FrameworkStatus(.wait), timeout, []) }
            state.gangs[gang] = nil
            return (.success, .zero, members.filter { $0 != uid }.map { PermitVerdict(uid: $0, allow: true) })
        }
    }

    /// `preBind` of the fake plugins (see the type's description).
    func preBind(_ plugin: BundleHandle, cycle: BundleHandle, node: UInt32) -> FrameworkStatus { .success }

    /// `bind` of the fake plugins (see the type's description).
    func bind(_ plugin: BundleHandle, cycle: BundleHandle, node: UInt32) -> FrameworkStatus {
        state.withLock { state in
            let pod = state.cycles[cycle.raw]?.pod
            let name = Self.name(pod)
            state.log.append("bind:\(name)")
            let failures = Int(pod?.labels["bind-fail"] ?? "0") ?? 0
            let done = state.binds[name, default: 0]
            state.binds[name] = done + 1
            return done < failures ? .error("injected bind failure") : FrameworkStatus(.skip)
        }
    }

    /// `postBind` of the fake plugins (see the type's description).
    func postBind(_ plugin: BundleHandle, cycle: BundleHandle, node: UInt32) {
        state.withLock { state in state.log.append("postBind:\(Self.name(state.cycles[cycle.raw]?.pod))") }
    }

    // MARK: Helpers

    /// The fake's FakeError.
    private struct FakeError: Error {
        /// Why.
        let message: String
    }

    /// `name` of the fake plugins (see the type's description).
    private static func name(_ pod: JSONValue?) -> String { pod?.name ?? "?" }

    /// The rejection of `pod` on `node` by filter plugin `plugin`, nil when it fits.
    private static func check(_ plugin: String, pod: JSONValue, node: JSONValue, state: State, cycle: UInt) -> (FrameworkCode, String)? {
        switch plugin {
        case "LabelFilter":
            guard let want = pod.labels["want-pool"], node.labels["pool"] != want else { return nil }
            return (.unschedulableAndUnresolvable, "node(s) didn't match pool \(want)")
        case "TaintFilter":
            guard let dedicated = node.labels["dedicated"], pod.labels["tolerate"] != dedicated else { return nil }
            return (.unschedulableAndUnresolvable, "node(s) had untolerated taint {dedicated: \(dedicated)}")
        case "SlotsFilter":
            guard let slots = Int(node.labels["slots"] ?? "") else { return nil }
            let name = node.name ?? ""
            let bound = state.assigned.filter { $0.value.node == name }
            let assumed = state.cycles.filter { key, value in
                key != cycle && value.node.flatMap { state.nodes[$0]?.name } == name && bound[value.pod.uid ?? ""] == nil
            }
            return bound.count + assumed.count >= slots ? (.unschedulable, "Insufficient cpu") : nil
        default:
            return nil
        }
    }
}
