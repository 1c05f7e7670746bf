import Foundation
import PluginABI
import PluginSDK

/// The extension points of a bundle: each hook finds the plugin, the pod or cycle and the nodes
/// behind the host's handles and indices, runs the plugin's batched protocol method and writes
/// the answer into the host's buffers. A plugin asked for a point it does not implement, or a
/// node index the snapshot does not hold, is an error (KEELSON_FW_ERROR across the ABI).
extension FrameworkBundle {
    // MARK: Queue

    /// Runs the plugin's PreEnqueue on a decoded pod.
    func preEnqueue(plugin: UnsafeMutableRawPointer, pod: UnsafeMutableRawPointer) throws -> SchedulerHookStatus {
        let instance = Self.instance(plugin)
        return try Self.implementation(instance.preEnqueue, instance, "PreEnqueue").preEnqueue(Self.pod(pod)).hookStatus
    }

    /// Runs the plugin's QueueSort (timestamps in ns become seconds).
    func queueLess(
        plugin: UnsafeMutableRawPointer, _ a: UnsafeMutableRawPointer, _ aTimestamp: UInt64,
        _ b: UnsafeMutableRawPointer, _ bTimestamp: UInt64
    ) throws -> Bool {
        let instance = Self.instance(plugin)
        return try Self.implementation(instance.queueSort, instance, "QueueSort").less(
            QueuedPod(pod: Self.pod(a), timestamp: Double(aTimestamp) / 1e9),
            QueuedPod(pod: Self.pod(b), timestamp: Double(bTimestamp) / 1e9))
    }

    // MARK: Filtering

    /// Runs PreFilter once per cycle; Skip is recorded in the cycle, and narrowed node names become the host's indices.
    func preFilter(plugin: UnsafeMutableRawPointer, cycle handle: UnsafeMutableRawPointer) throws
        -> (status: SchedulerHookStatus, nodes: [UInt32]?)
    {
        let instance = Self.instance(plugin)
        let preFilter = try Self.implementation(instance.preFilter, instance, "PreFilter")
        let cycle = Self.cycle(handle)
        let (result, status) = preFilter.preFilter(cycle.state, cycle.pod, snapshot.nodes)
        if status.code == .skip { cycle.state.skipFilter(of: instance.name) }
        guard status.isSuccess, let names = result?.nodeNames else { return (status.hookStatus, nil) }
        let indices = names.compactMap { snapshot.indexByName[$0] }.sorted().map { UInt32($0) }
        return (status.hookStatus, indices)
    }

    /// Runs the batched Filter over the host's node indices, writing codes and reason-list indices into the host's buffers; unknown indices get Error.
    func filter(
        plugin: UnsafeMutableRawPointer, cycle handle: UnsafeMutableRawPointer, nodes indices: UnsafeBufferPointer<UInt32>,
        codes: UnsafeMutableBufferPointer<UInt8>, reasonIndices: UnsafeMutableBufferPointer<Int32>
    ) throws -> [[String]] {
        let instance = Self.instance(plugin)
        let filter = try Self.implementation(instance.filter, instance, "Filter")
        let cycle = Self.cycle(handle)
        // PreFilter said Skip: every node passes, which the host's zeroed buffers already say.
        if cycle.state.skippedFilter.contains(instance.name) { return [] }
        return withResolvedBatch(indices) { nodes, positions in
            var verdicts = FilterVerdicts(count: nodes.count)
            filter.filter(cycle.state, cycle.pod, nodes: nodes, into: &verdicts)
            var lists = verdicts.reasonLists
            // The host's buffers start as Success and -1: only the other nodes are written.
            for entry in verdicts.entries {
                let position = positions?[entry.position] ?? entry.position
                codes[position] = entry.code.rawValue
                reasonIndices[position] = entry.reasonIndex
            }
            if positions != nil {
                let missing = Int32(lists.count)
                lists.append([Self.unknownNodeReason])
                markUnknown(indices) { position in
                    codes[position] = FrameworkCode.error.rawValue
                    reasonIndices[position] = missing
                }
            }
            return lists
        }
    }

    /// Runs PostFilter with each node's filter code; the outcome names the nominated node by the host's index.
    func postFilter(
        plugin: UnsafeMutableRawPointer, cycle handle: UnsafeMutableRawPointer, nodes indices: UnsafeBufferPointer<UInt32>,
        codes: UnsafeBufferPointer<UInt8>
    ) throws -> (status: SchedulerHookStatus, result: SchedulerPostFilterResult?, verdicts: [SchedulerWaitingVerdict]) {
        let instance = Self.instance(plugin)
        let postFilter = try Self.implementation(instance.postFilter, instance, "PostFilter")
        let cycle = Self.cycle(handle)
        var nodes: [NodeInfo] = []
        var statuses: [FrameworkStatus] = []
        nodes.reserveCapacity(indices.count)
        statuses.reserveCapacity(indices.count)
        for (position, index) in indices.enumerated() {
            guard let node = snapshot.node(at: Int(index)) else { continue }
            nodes.append(node)
            let code = position < codes.count ? FrameworkCode(rawValue: codes[position]) ?? .error : .success
            statuses.append(FrameworkStatus(code))
        }
        var verdicts: [WaitingPodVerdict] = []
        let (status, outcome) = postFilter.postFilter(cycle.state, cycle.pod, nodes: nodes, statuses: statuses, waiting: &verdicts)
        waitingPods.apply(verdicts, from: instance.name)
        let decided = verdicts.map(\.hookVerdict)
        guard status.isSuccess, let outcome else { return (status.hookStatus, nil, decided) }
        let victims = outcome.victims.map {
            SchedulerPostFilterResult.Victim(namespace: $0.namespace, name: $0.pod.metadata?.name ?? "", uid: $0.uid)
        }
        return (status.hookStatus, SchedulerPostFilterResult(nominatedNodeIndex: UInt32(outcome.node.index), victims: victims), decided)
    }

    // MARK: Scoring

    /// Runs PreScore over the feasible nodes; Skip is recorded in the cycle.
    func preScore(plugin: UnsafeMutableRawPointer, cycle handle: UnsafeMutableRawPointer, nodes indices: UnsafeBufferPointer<UInt32>) throws
        -> SchedulerHookStatus
    {
        let instance = Self.instance(plugin)
        let preScore = try Self.implementation(instance.preScore, instance, "PreScore")
        let cycle = Self.cycle(handle)
        let status = withResolvedBatch(indices) { nodes, _ in preScore.preScore(cycle.state, cycle.pod, nodes) }
        if status.code == .skip { cycle.state.skipScore(of: instance.name) }
        return status.hookStatus
    }

    /// Runs the batched Score and NormalizeScore, checking every score is in 0...100; zeros when PreScore said Skip.
    func score(
        plugin: UnsafeMutableRawPointer, cycle handle: UnsafeMutableRawPointer, nodes indices: UnsafeBufferPointer<UInt32>,
        scores: UnsafeMutableBufferPointer<Int64>
    ) throws -> SchedulerHookStatus {
        let instance = Self.instance(plugin)
        let scorer = try Self.implementation(instance.score, instance, "Score")
        let cycle = Self.cycle(handle)
        // PreScore said Skip: the plugin adds nothing to any node.
        if cycle.state.skippedScore.contains(instance.name) {
            scores.update(repeating: 0)
            return .success
        }
        return withResolvedBatch(indices) { nodes, positions in
            scoreScratch.removeAll(keepingCapacity: true)
            scoreScratch.append(contentsOf: repeatElement(0, count: nodes.count))
            var status = scorer.score(cycle.state, cycle.pod, nodes: nodes, into: &scoreScratch)
            if status.isSuccess { status = scorer.normalize(cycle.state, cycle.pod, scores: &scoreScratch) }
            guard status.isSuccess else { return status.hookStatus }
            if let invalid = Self.firstOutsideRange(scoreScratch) {
                return FrameworkStatus.error(
                    "plugin \"\(instance.name)\" returns an invalid score \(invalid), it should in the range of "
                        + "[\(NodeScore.min), \(NodeScore.max)] after normalizing").hookStatus
            }
            if let positions {
                scores.update(repeating: 0)
                for resolved in 0..<nodes.count { scores[positions[resolved]] = scoreScratch[resolved] }
            } else {
                _ = scores.update(fromContentsOf: scoreScratch)
            }
            return .success
        }
    }

    /// The first score outside NodeScore.min...NodeScore.max, nil when all are inside (one
    /// branch-free pass the compiler vectorizes, then a search only when one is outside): with
    /// u = score - min as unsigned, u - (span + 1) keeps its top bit only when u <= span, and a
    /// score below min has u's top bit.
    static func firstOutsideRange(_ scores: [Int64]) -> Int64? {
        let limit = UInt64(bitPattern: NodeScore.max &- NodeScore.min) &+ 1
        var outside: UInt64 = 0
        for score in scores {
            let value = UInt64(bitPattern: score &- NodeScore.min)
            outside |= (((value &- limit) >> 63) ^ 1) | (value >> 63)
        }
        return outside != 0 ? scores.first { $0 < NodeScore.min || $0 > NodeScore.max } : nil
    }

    // MARK: Reserve, Permit and binding

    /// Runs Reserve on the node at the host's index.
    func reserve(plugin: UnsafeMutableRawPointer, cycle handle: UnsafeMutableRawPointer, node index: UInt32) throws -> SchedulerHookStatus {
        let instance = Self.instance(plugin)
        let reserve = try Self.implementation(instance.reserve, instance, "Reserve")
        let cycle = Self.cycle(handle)
        return reserve.reserve(cycle.state, cycle.pod, node: try node(index)).hookStatus
    }

    /// Runs Unreserve; the pod stops waiting, and the plugin's verdicts about other waiting pods are applied and returned.
    func unreserve(plugin: UnsafeMutableRawPointer, cycle handle: UnsafeMutableRawPointer, node index: UInt32) throws
        -> [SchedulerWaitingVerdict]
    {
        let instance = Self.instance(plugin)
        let reserve = try Self.implementation(instance.reserve, instance, "Reserve")
        let cycle = Self.cycle(handle)
        waitingPods.remove(uid: cycle.pod.uid)
        var verdicts: [WaitingPodVerdict] = []
        reserve.unreserve(cycle.state, cycle.pod, node: try node(index), waiting: &verdicts)
        waitingPods.apply(verdicts, from: instance.name)
        return verdicts.map(\.hookVerdict)
    }

    /// Runs Permit; Wait records the pod in `waitingPods` with its timeout in milliseconds.
    func permit(plugin: UnsafeMutableRawPointer, cycle handle: UnsafeMutableRawPointer, node index: UInt32) throws
        -> (status: SchedulerHookStatus, timeoutMilliseconds: Int64, verdicts: [SchedulerWaitingVerdict])
    {
        let instance = Self.instance(plugin)
        let permit = try Self.implementation(instance.permit, instance, "Permit")
        let cycle = Self.cycle(handle)
        let node = try node(index)
        var verdicts: [WaitingPodVerdict] = []
        let (status, timeout) = permit.permit(cycle.state, cycle.pod, node: node, waiting: &verdicts)
        if status.code == .wait {
            waitingPods.wait(cycle.pod, on: node, profileID: instance.profile.id, plugin: instance.name)
        }
        waitingPods.apply(verdicts, from: instance.name)
        let (seconds, attoseconds) = timeout.components
        let milliseconds = status.code == .wait ? seconds * 1000 + attoseconds / 1_000_000_000_000_000 : 0
        return (status.hookStatus, milliseconds, verdicts.map(\.hookVerdict))
    }

    /// Runs PreBind on the node at the host's index.
    func preBind(plugin: UnsafeMutableRawPointer, cycle handle: UnsafeMutableRawPointer, node index: UInt32) throws -> SchedulerHookStatus {
        let instance = Self.instance(plugin)
        let preBind = try Self.implementation(instance.preBind, instance, "PreBind")
        let cycle = Self.cycle(handle)
        return preBind.preBind(cycle.state, cycle.pod, node: try node(index)).hookStatus
    }

    /// Runs Bind on the node at the host's index (Skip leaves it to the next binder).
    func bind(plugin: UnsafeMutableRawPointer, cycle handle: UnsafeMutableRawPointer, node index: UInt32) throws -> SchedulerHookStatus {
        let instance = Self.instance(plugin)
        let bind = try Self.implementation(instance.bind, instance, "Bind")
        let cycle = Self.cycle(handle)
        return bind.bind(cycle.state, cycle.pod, node: try node(index)).hookStatus
    }

    /// Runs PostBind (informational).
    func postBind(plugin: UnsafeMutableRawPointer, cycle handle: UnsafeMutableRawPointer, node index: UInt32) throws {
        let instance = Self.instance(plugin)
        let postBind = try Self.implementation(instance.postBind, instance, "PostBind")
        let cycle = Self.cycle(handle)
        postBind.postBind(cycle.state, cycle.pod, node: try node(index))
    }

    // MARK: Helpers

    /// The reason of a node index the bundle's snapshot does not hold.
    static var unknownNodeReason: String { "node is not in the \(Catalogue.bundleName) scheduler's snapshot" }

    /// The plugin's implementation of a point, or the error saying it has none.
    static func implementation<Hook>(_ hook: Hook?, _ instance: PluginInstance, _ point: String) throws -> Hook {
        guard let hook else {
            throw PluginError.unsupported("framework plugin \(instance.name) does not implement \(point)")
        }
        return hook
    }

    /// Calls `body` with the batch of the host's `indices`; when some index is not in the
    /// snapshot, with the batch of the known ones and `positions` mapping each of them to its
    /// place in `indices` (nil when every index is known, the usual case, which copies nothing).
    func withResolvedBatch<Result>(_ indices: UnsafeBufferPointer<UInt32>, _ body: (NodeBatch, [Int]?) -> Result) -> Result {
        if snapshot.holdsAll(indices) { return snapshot.withBatch(indices) { body($0, nil) } }
        var known: [UInt32] = []
        var positions: [Int] = []
        for (position, index) in indices.enumerated() where snapshot.node(at: Int(index)) != nil {
            known.append(index)
            positions.append(position)
        }
        return known.withUnsafeBufferPointer { buffer in snapshot.withBatch(buffer) { body($0, positions) } }
    }

    /// Calls `body` with the position of every index the snapshot does not hold.
    func markUnknown(_ indices: UnsafeBufferPointer<UInt32>, _ body: (Int) -> Void) {
        for (position, index) in indices.enumerated() where snapshot.node(at: Int(index)) == nil { body(position) }
    }
}

extension FrameworkStatus {
    /// The status as it crosses the ABI (code number and reasons).
    var hookStatus: SchedulerHookStatus {
        code == .success && reasons.isEmpty ? .success : SchedulerHookStatus(code: code.rawValue, reasons: reasons)
    }
}

extension WaitingPodVerdict {
    /// The verdict as it crosses the ABI.
    var hookVerdict: SchedulerWaitingVerdict { SchedulerWaitingVerdict(uid: uid, allow: allow, message: message) }
}
