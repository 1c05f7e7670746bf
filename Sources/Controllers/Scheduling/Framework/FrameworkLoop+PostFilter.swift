import Kernel

/// PostFilter (preemption) when no node fits, as kube-scheduler runs it: plugins run until one
/// succeeds, errs or answers UnschedulableAndUnresolvable. A result nominates a node and names
/// its victims; the host deletes them (uid precondition) and the pod's `status.nominatedNodeName`
/// is written with its failure (a result whose index names no node clears it). The reasons of
/// the plugins that did not help form the message appended to the FitError. Verdicts about pods
/// waiting at Permit (a gang whose member fits nowhere) are applied like Permit's.
extension FrameworkLoop {
    /// What PostFilter produced.
    struct PostFilterOutcome {
        /// The message when it did not help.
        var message: String?
        /// The node to nominate ("" clears), nil to leave it.
        var nominatedNodeName: String?
    }

    /// Runs the profile's PostFilter plugins with every node's filter code.
    func runPostFilter(_ attempt: FrameworkAttempt, code: (UInt32) -> UInt8) -> PostFilterOutcome {
        let plugins = attempt.profile.at(.postFilter)
        guard !plugins.isEmpty else { return PostFilterOutcome() }
        let all = nodes.live
        let codes = all.map(code)
        var reasons: [String] = []
        var nomination: String?
        for ref in plugins {
            guard let cycle = attempt.cycles[ref.bundle] else { continue }
            let (status, result, verdicts) = bundles[ref.bundle].postFilter(ref.handle, cycle: cycle, nodes: all, codes: codes)
            pendingVerdicts.append(contentsOf: verdicts.map { (plugin: ref.name, verdict: $0) })
            switch status.code {
            case .success:
                guard let result else { return PostFilterOutcome() }
                return PostFilterOutcome(message: nil, nominatedNodeName: nominate(result, attempt))
            case .unschedulableAndUnresolvable:
                return PostFilterOutcome(message: status.reasons.joined(separator: ", "), nominatedNodeName: result.map { nominate($0, attempt) })
            case .unschedulable, .pending:
                if let result { nomination = nominate(result, attempt) }
                reasons.append(contentsOf: status.reasons)
            default:
                logger.warning("PostFilter plugin \(ref.name) failed: \(status.reasons.joined(separator: ", "))")
                return PostFilterOutcome(message: status.reasons.joined(separator: ", "))
            }
        }
        return PostFilterOutcome(message: reasons.joined(separator: ", "), nominatedNodeName: nomination)
    }

    /// The node a result nominates ("" when its index names no node: the nomination is
    /// cleared), after starting the eviction of its victims.
    private func nominate(_ result: PostFilterResult, _ attempt: FrameworkAttempt) -> String {
        let nominated = nodes.name(at: result.nominatedNodeIndex) ?? ""
        if !nominated.isEmpty { evict(result.victims, for: attempt.pod, on: nominated, profile: attempt.profile) }
        return nominated
    }

    /// Deletes the victims (each only if it is still the same pod) and records `Preempted` on them.
    private func evict(_ victims: [PostFilterResult.Victim], for preemptor: JSONValue, on node: String, profile: FrameworkProfileRuntime) {
        guard !victims.isEmpty else { return }
        let client = client
        let logger = logger
        let events = profile.events
        let preemptorUID = preemptor.uid ?? ""
        outbox.post {
            for victim in victims {
                do {
                    let last = try await client.delete(
                        .pods, namespace: victim.namespace, name: victim.name,
                        options: DeleteOptions(preconditions: DeletePreconditions(uid: victim.uid)))
                    await events.record(
                        last, type: .pods, reason: "Preempted", message: "Preempted by pod \(preemptorUID) on node \(node)")
                } catch {
                    logger.info("could not preempt \(victim.namespace)/\(victim.name)", metadata: ["error": "\(error)"])
                }
            }
        }
    }
}
