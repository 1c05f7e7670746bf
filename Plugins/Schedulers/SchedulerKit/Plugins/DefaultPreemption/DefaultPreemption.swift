import Foundation

/// Kubernetes' DefaultPreemption plugin (PostFilter): when no node fits a pod, finds nodes
/// where evicting lower-priority pods would let it fit, picks one as kube-scheduler does, and
/// returns it with the victims (the host evicts them and nominates the node). Victims whose
/// eviction would violate a PodDisruptionBudget are spared first, and nodes needing fewer such
/// victims are preferred. It runs its profile's Filters and PreFilter extensions, which the
/// bundle gives it through `ProfileAwarePlugin`.
final class DefaultPreemption: PostFilterPlugin, ProfileAwarePlugin {
    /// The name profiles use.
    static let name = "DefaultPreemption"

    /// A node with no lower-priority pod to evict.
    static let reasonNoVictims = "No preemption victims found for incoming pod"
    /// A node whose Filter status was UnschedulableAndUnresolvable (evicting cannot help).
    static let reasonNotHelpful = "Preemption is not helpful for scheduling"
    /// The pod's preemptionPolicy is Never.
    static let reasonPolicyNever = "not eligible due to preemptionPolicy=Never."
    /// A lower-priority pod on the pod's nominated node is still terminating.
    static let reasonTerminatingVictim = "not eligible due to a terminating pod on the nominated node."
    /// What every unsuccessful message starts with.
    static let messagePrefix = "preemption: "

    /// The decoded args.
    let args: DefaultPreemptionArgs
    /// The bundle's snapshot (the number of nodes, the nominated node).
    let snapshot: Snapshot
    /// The profile's plugins (nil until the bundle attaches them).
    private(set) var profile: (any PreemptionProfile)?
    /// Where the dry run starts among the potential nodes, given their number (random, as
    /// kube-scheduler's GetOffsetAndNumCandidates; tests fix it).
    var offset: (Int) -> Int = { Int.random(in: 0..<$0) }
    /// The current time (pods without a start time count as starting now).
    var now: () -> Date = { Date() }

    /// Creates the plugin from DefaultPreemptionArgs.
    init(args: Data?, snapshot: Snapshot) throws {
        self.args = try DefaultPreemptionArgs.decode(args)
        self.snapshot = snapshot
    }

    /// Takes the profile's plugins from the bundle.
    func attach(to profile: ProfilePlugins) { use(profile) }

    /// Runs preemption over `profile`'s Filters and PreFilter extensions.
    func use(_ profile: any PreemptionProfile) { self.profile = profile }

    /// Preempts for `pod`: Success with the node and the victims (lowest priority first), or
    /// Unschedulable saying why nothing helps (`preemption: 0/3 nodes are available: ...`).
    func postFilter(
        _ state: CycleState, _ pod: PodInfo, nodes: [NodeInfo], statuses: [FrameworkStatus], waiting: inout [WaitingPodVerdict]
    ) -> (FrameworkStatus, PostFilterOutcome?) {
        let (status, outcome) = preempt(state, pod, nodes: nodes, statuses: statuses)
        guard !status.isSuccess, !status.reasons.isEmpty else { return (status, outcome) }
        return (FrameworkStatus(status.code, status.reasons.map { Self.messagePrefix + $0 }), outcome)
    }

    /// kube-scheduler's Evaluator.Preempt, without the prefix.
    private func preempt(_ state: CycleState, _ pod: PodInfo, nodes: [NodeInfo], statuses: [FrameworkStatus])
        -> (FrameworkStatus, PostFilterOutcome?) {
        if let reason = ineligibility(of: pod, nodes: nodes, statuses: statuses) {
            return (.unschedulable(reason), nil)
        }
        guard let profile else { return (.error("DefaultPreemption was not attached to its profile"), nil) }
        let time = now()
        var reasons: [String: Int] = [:]
        var potential: [NodeInfo] = []
        for (position, node) in nodes.enumerated() {
            let status = position < statuses.count ? statuses[position] : .success
            if status.code == .unschedulableAndUnresolvable {
                reasons[Self.reasonNotHelpful, default: 0] += 1
            } else {
                potential.append(node)
            }
        }
        var candidates: [PreemptionCandidate] = []
        var firstError: FrameworkStatus?
        if !potential.isEmpty {
            let wanted = args.numberOfCandidates(among: potential.count)
            let start = offset(potential.count)
            let selection = VictimSelection(profile: profile, state: state, pod: pod, now: time, budgets: snapshot.disruptionBudgets())
            var violatingCount = 0, nonViolatingCount = 0
            for step in 0..<potential.count {
                let node = potential[(start + step) % potential.count]
                let (victims, violations, status) = selection.select(on: node)
                if status.isSuccess && !victims.isEmpty {
                    candidates.append(PreemptionCandidate(node: node, victims: victims, pdbViolations: violations))
                    if violations == 0 { nonViolatingCount += 1 } else { violatingCount += 1 }
                    if nonViolatingCount > 0 && nonViolatingCount + violatingCount >= wanted { break }
                    continue
                }
                let failure = status.isSuccess
                    ? FrameworkStatus.error("expected at least one victim pod on node \"\(node.name)\"") : status
                if failure.code == .error, firstError == nil { firstError = failure }
                for reason in failure.reasons { reasons[reason, default: 0] += 1 }
            }
        }
        if candidates.isEmpty {
            if let firstError { return (firstError, nil) }
            // Nodes the host did not pass (PreFilter narrowed the cycle) cannot help either.
            let total = max(snapshot.nodes.count, nodes.count)
            if total > nodes.count { reasons[Self.reasonNotHelpful, default: 0] += total - nodes.count }
            return (.unschedulable(Self.fitMessage(total: total, reasons: reasons)), nil)
        }
        guard let best = PreemptionCandidate.pick(candidates, now: time) else {
            return (.unschedulable("no candidate node for preemption"), nil)
        }
        return (.success, PostFilterOutcome(node: best.node, victims: best.victims.reversed()))
    }

    /// Why the pod may not preempt (kube-scheduler's PodEligibleToPreemptOthers), or nil.
    func ineligibility(of pod: PodInfo, nodes: [NodeInfo], statuses: [FrameworkStatus]) -> String? {
        if pod.pod.spec?.preemptionPolicy == "Never" { return Self.reasonPolicyNever }
        guard let nominated = pod.pod.status?.nominatedNodeName, !nominated.isEmpty else { return nil }
        // A nominated node that no longer fits at all is worth preempting elsewhere.
        if let position = nodes.firstIndex(where: { $0.name == nominated }), position < statuses.count,
           statuses[position].code == .unschedulableAndUnresolvable {
            return nil
        }
        guard let node = snapshot.node(named: nominated) else { return nil }
        let terminating = node.pods.contains { placed in
            placed.priority < pod.priority && placed.pod.metadata?.deletionTimestamp != nil
        }
        return terminating ? Self.reasonTerminatingVictim : nil
    }

    /// kube-scheduler's FitError text: `0/<total> nodes are available: <count> <reason>, ....`,
    /// the reasons sorted as text.
    static func fitMessage(total: Int, reasons: [String: Int]) -> String {
        let histogram = reasons.map { "\($0.value) \($0.key)" }.sorted()
        var message = "0/\(total) nodes are available:"
        if !histogram.isEmpty { message += " " + histogram.joined(separator: ", ") + "." }
        return message
    }
}
