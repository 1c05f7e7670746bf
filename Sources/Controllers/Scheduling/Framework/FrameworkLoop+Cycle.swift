import Kernel

/// The scheduling cycle of one pod: cycles begun in every bundle, PreFilter, Filter (with the
/// nominated node first), PostFilter when nothing fits, PreScore/Score and the choice of a node;
/// then Reserve, assume and Permit.
extension FrameworkLoop {
    /// The result of finding a node.
    enum CycleOutcome {
        /// The chosen node's index.
        case node(UInt32)
        /// No node (or an error).
        case failure(FrameworkFailure)
    }

    /// Schedules one popped pod as far as its Permit; binding follows now or once it is allowed.
    func scheduleOne(_ entry: FrameworkQueuedPod) {
        let profile = profiles[entry.profile]
        entry.attemptVersion = entry.version
        let attempt = FrameworkAttempt(id: nextAttemptID, entry: entry, profile: profile, bundleCount: bundles.count)
        nextAttemptID &+= 1
        for position in plan.bundlesInUse {
            guard let pod = attempt.version.handle(position) else { continue }
            do {
                attempt.cycles[position] = try bundles[position].beginCycle(pod: pod)
            } catch {
                rollback(attempt, .error("starting a scheduling cycle in \(bundles[position].bundleName): \(error)"))
                return
            }
        }
        var work = FrameworkFilterScratch()
        swap(&work, &scratch)
        let outcome = schedulePod(attempt, scratch: &work)
        swap(&work, &scratch)
        switch outcome {
        case .failure(let failure):
            rollback(attempt, failure)
        case .node(let node):
            attempt.node = node
            attempt.nodeName = nodes.name(at: node) ?? ""
            reserveAndPermit(attempt)
        }
    }

    /// Finds the node for the attempt's pod (Kubernetes' schedulePod).
    private func schedulePod(_ attempt: FrameworkAttempt, scratch: inout FrameworkFilterScratch) -> CycleOutcome {
        let profile = attempt.profile
        let nodeCount = nodes.count
        if nodeCount == 0 { return .failure(FrameworkFailure(rejected: true, message: "no nodes available to schedule pods")) }
        scratch.reset()
        var fit = FrameworkFitError(nodeCount: nodeCount)

        // PreFilter: Unschedulable lets the others run (preemption may still help), an
        // UnschedulableAndUnresolvable ends it; narrowing results intersect.
        var skipFilter: Set<String> = []
        var narrowed: [UInt32]?
        var narrowing: [String] = []
        var rejection: (plugin: String, status: FrameworkStatus)?
        for ref in profile.at(.preFilter) {
            guard let cycle = attempt.cycles[ref.bundle] else { continue }
            let (status, result) = bundles[ref.bundle].preFilter(ref.handle, cycle: cycle)
            switch status.code {
            case .success:
                guard let result else { continue }
                narrowing.append(ref.name)
                narrowed = intersect(narrowed, result, scratch: &scratch)
                if narrowed?.isEmpty == true {
                    let message = narrowing.count == 1
                        ? "node(s) didn't satisfy plugin \(narrowing[0])"
                        : "node(s) didn't satisfy plugin(s) [\(narrowing.joined(separator: " "))] simultaneously"
                    return preFilterRejected(attempt, code: .unschedulableAndUnresolvable, message: message, rejectors: Set(narrowing), fit: &fit)
                }
            case .skip:
                skipFilter.insert(ref.name)
            case .unschedulable:
                rejection = (ref.name, status)
            case .unschedulableAndUnresolvable:
                return preFilterRejected(
                    attempt, code: status.code, message: status.reasons.joined(separator: ", "), rejectors: Set(narrowing + [ref.name]), fit: &fit)
            case .error, .wait, .pending:
                return .failure(.error("running PreFilter plugin \"\(ref.name)\": \(status.reasons.joined(separator: ", "))"))
            }
        }
        if let rejection {
            return preFilterRejected(
                attempt, code: rejection.status.code, message: rejection.status.reasons.joined(separator: ", "),
                rejectors: Set(narrowing + [rejection.plugin]), fit: &fit)
        }

        // The nodes worth filtering.
        var candidates = nodes.live
        if let narrowed {
            scratch.newMarking(capacity: nodes.capacity)
            for index in narrowed { scratch.mark(index) }
            candidates = candidates.filter { scratch.isMarked($0) }
        }

        // The nominated node first (a pod that preempted others).
        if let nominated = attempt.entry.nominatedNodeName, let index = nodes.index(of: nominated), candidates.contains(index) {
            let (error, _) = runFilters(attempt, candidates: [index], skipping: skipFilter, numToFind: 1, rotate: false, scratch: &scratch)
            if let error { return .failure(.error(error)) }
            if scratch.feasible.count == 1 { return .node(index) }
            scratch.reset()
        }

        let numToFind = settings.configuration.numFeasibleNodesToFind(for: profile.profile, nodeCount: candidates.count)
        let (error, filterPlugins) = runFilters(
            attempt, candidates: candidates, skipping: skipFilter, numToFind: numToFind, rotate: true, scratch: &scratch)
        if let error { return .failure(.error(error)) }

        if scratch.feasible.isEmpty {
            var rejectors = Set(narrowing)
            var perList = [Int](repeating: 0, count: scratch.reasonTable.count)
            var codeByNode: [UInt32: UInt8] = [:]
            codeByNode.reserveCapacity(scratch.rejectedNodes.count)
            for position in scratch.rejectedNodes.indices {
                rejectors.insert(filterPlugins[Int(scratch.rejectedPlugins[position])].name)
                let list = scratch.rejectedReasons[position]
                if list >= 0 { perList[Int(list)] += 1 }
                codeByNode[scratch.rejectedNodes[position]] = scratch.rejectedCodes[position]
            }
            for (list, count) in perList.enumerated() where count > 0 {
                for reason in scratch.reasonTable[list] { fit.count(reason, nodes: count) }
            }
            let absent = nodeCount - scratch.rejectedNodes.count
            if narrowed != nil, absent > 0 {
                fit.count("node(s) didn't satisfy plugin(s) [\(narrowing.sorted().joined(separator: " "))]", nodes: absent)
            }
            let postFilter = runPostFilter(attempt) { index in
                codeByNode[index] ?? FrameworkCode.unschedulableAndUnresolvable.rawValue
            }
            fit.postFilterMessage = postFilter.message
            return .failure(
                FrameworkFailure(rejected: true, message: fit.message, rejectors: rejectors, nominatedNodeName: postFilter.nominatedNodeName))
        }
        if scratch.feasible.count == 1 { return .node(scratch.feasible[0]) }
        return score(attempt, feasible: scratch.feasible)
    }

    /// The intersection of two PreFilter results, in `current`'s order (nil: every node).
    private func intersect(_ current: [UInt32]?, _ result: [UInt32], scratch: inout FrameworkFilterScratch) -> [UInt32] {
        scratch.newMarking(capacity: nodes.capacity)
        for index in result where nodes.name(at: index) != nil { scratch.mark(index) }
        guard let current else { return result.filter { scratch.isMarked($0) } }
        return current.filter { scratch.isMarked($0) }
    }

    /// A PreFilter rejection: every node has that status; PostFilter may still nominate.
    private func preFilterRejected(
        _ attempt: FrameworkAttempt, code: FrameworkCode, message: String, rejectors: Set<String>, fit: inout FrameworkFitError
    ) -> CycleOutcome {
        fit.preFilterMessage = message
        let postFilter = runPostFilter(attempt) { _ in code.rawValue }
        fit.postFilterMessage = postFilter.message
        return .failure(FrameworkFailure(rejected: true, message: fit.message, rejectors: rejectors, nominatedNodeName: postFilter.nominatedNodeName))
    }
}
