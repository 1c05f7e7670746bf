import Foundation

/// The scheduler-plugins project's Coscheduling plugin, lightweight (label-based) flavour: the
/// pods of a group (`PodGroupMembership`) are placed all or nothing. QueueSort keeps a group's
/// pods back to back in the queue; PreFilter turns a member away while the group has fewer
/// pods than its quorum or is backed off after a failure; Permit holds each member until the
/// quorum is assumed or bound, then releases the waiting siblings; Unreserve of one member
/// rejects the waiting siblings and backs the group off.
final class Coscheduling: QueueSortPlugin, PreFilterPlugin, ReservePlugin, PermitPlugin, EnqueueExtensions, PodEventObserver {
    /// The name profiles use.
    static let name = "Coscheduling"

    /// A sibling appearing may complete a group that PreFilter turned away.
    static let events: [ClusterEvent] = [ClusterEvent(resource: "Pod", action: "Add")]

    /// The message of the waiting siblings rejected when one member is unreserved.
    static let messageRejectedInUnreserve = "rejection in Unreserve"

    /// The decoded args.
    let args: CoschedulingArgs
    /// The bundle's snapshot (which members are assumed or bound).
    let snapshot: Snapshot
    /// The groups.
    let tracker = PodGroupTracker()
    /// The current time in seconds (monotonic; tests set it).
    var now: () -> Double = { ProcessInfo.processInfo.systemUptime }

    /// Creates the plugin from CoschedulingArgs.
    init(args: Data?, snapshot: Snapshot) throws {
        self.args = try CoschedulingArgs.decode(args)
        self.snapshot = snapshot
    }

    /// Follows the bundle's pod events (members of each group).
    func observe(podEvent type: String, _ pod: Pod) { tracker.observe(podEvent: type, pod) }

    // MARK: QueueSort

    /// Higher priority first; then the earlier of the groups' (or regular pods') queue times,
    /// a group's being when its first member was seen; then the group's (or pod's) key; then
    /// the pod's own queue time and key, so a group's members leave the queue back to back.
    func less(_ lhs: QueuedPod, _ rhs: QueuedPod) -> Bool {
        if lhs.pod.priority != rhs.pod.priority { return lhs.pod.priority > rhs.pod.priority }
        let left = place(of: lhs), right = place(of: rhs)
        if left.time != right.time { return left.time < right.time }
        if left.key != right.key { return left.key < right.key }
        if lhs.timestamp != rhs.timestamp { return lhs.timestamp < rhs.timestamp }
        return lhs.pod.key < rhs.pod.key
    }

    /// A queued pod's group time and key (its own for a regular pod).
    private func place(of queued: QueuedPod) -> (time: Double, key: String) {
        guard let group = PodGroupMembership(queued.pod) else { return (queued.timestamp, queued.pod.key) }
        return (tracker.firstSeen(group.key, default: queued.timestamp), group.key)
    }

    // MARK: PreFilter

    /// Turns the pod away (UnschedulableAndUnresolvable, so that preemption is not tried) while
    /// its group is backed off or has fewer pods than its quorum.
    func preFilter(_ state: CycleState, _ pod: PodInfo, _ nodes: [NodeInfo]) -> (PreFilterResult?, FrameworkStatus) {
        guard let group = PodGroupMembership(pod) else { return (nil, .success) }
        tracker.note(pod)
        if let until = tracker.group(group.key)?.deniedUntil, now() < until {
            return (nil, .unresolvable("podGroup \(group.key) failed recently"))
        }
        let total = tracker.group(group.key)?.members.count ?? 1
        if total < group.minAvailable {
            let name = pod.pod.metadata?.name ?? pod.key
            return (nil, .unresolvable(
                "pre-filter pod \(name) cannot find enough sibling pods, current pods number: \(total), minMember of group: \(group.minAvailable)"))
        }
        return (nil, .success)
    }

    // MARK: Reserve

    /// Nothing to claim.
    func reserve(_ state: CycleState, _ pod: PodInfo, node: NodeInfo) -> FrameworkStatus { .success }

    /// The gang fails together: rejects the group's members waiting at Permit and backs the
    /// group off for `podGroupBackoffSeconds`.
    func unreserve(_ state: CycleState, _ pod: PodInfo, node: NodeInfo, waiting: inout [WaitingPodVerdict]) {
        guard let group = PodGroupMembership(pod) else { return }
        let uid = pod.pod.metadata?.uid ?? pod.key
        for sibling in tracker.takeWaiting(group.key, except: uid) {
            waiting.append(WaitingPodVerdict(uid: sibling, allow: false, message: Self.messageRejectedInUnreserve))
        }
        if args.podGroupBackoffSeconds > 0 { tracker.deny(group.key, until: now() + Double(args.podGroupBackoffSeconds)) }
    }

    // MARK: Permit

    /// Success for a regular pod. A member waits (up to `permitWaitingTimeSeconds`) until the
    /// group's assumed or bound members, itself included, reach the quorum; the member that
    /// completes it is allowed and allows its waiting siblings.
    func permit(_ state: CycleState, _ pod: PodInfo, node: NodeInfo, waiting: inout [WaitingPodVerdict])
        -> (FrameworkStatus, timeout: Duration) {
        guard let group = PodGroupMembership(pod) else { return (.success, .zero) }
        tracker.note(pod)
        let uid = pod.pod.metadata?.uid ?? pod.key
        let siblings = tracker.group(group.key)?.members.keys.filter { $0 != pod.key } ?? []
        let assigned = siblings.filter { snapshot.placement(of: $0) != nil }.count
        guard assigned + 1 >= group.minAvailable else {
            tracker.wait(group.key, uid: uid, podKey: pod.key)
            return (FrameworkStatus(.wait), .seconds(args.permitWaitingTimeSeconds))
        }
        for sibling in tracker.takeWaiting(group.key, except: uid) {
            waiting.append(WaitingPodVerdict(uid: sibling, allow: true, message: nil))
        }
        return (.success, .zero)
    }
}
