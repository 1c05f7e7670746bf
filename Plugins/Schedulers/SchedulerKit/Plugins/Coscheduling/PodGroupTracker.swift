/// What Coscheduling knows of each pod group: its members (every non-terminal pod carrying the
/// group's name label, bound or not, from the bundle's pod events and the pods it schedules),
/// when the queue first saw it, the members waiting at Permit, and until when the group is
/// backed off after a failure. Not thread-safe: the bundle's calls never overlap.
final class PodGroupTracker {
    /// One group.
    struct Group {
        /// Members: pod key → uid.
        var members: [String: String] = [:]
        /// The queue timestamp of the first member QueueSort saw (the group's place in the queue).
        var firstSeen: Double?
        /// Members waiting at Permit: uid → pod key.
        var waiting: [String: String] = [:]
        /// PreFilter turns the group away until this time.
        var deniedUntil: Double?
    }

    /// Groups by "namespace/name".
    private(set) var groups: [String: Group] = [:]
    /// The group each member is counted in, by pod key.
    private var groupOfPod: [String: String] = [:]

    /// Creates an empty tracker.
    init() {}

    /// Follows a pod event: a non-terminal pod with a group label is a member of that group; a
    /// deleted or finished pod (or one whose label changed) leaves its former group.
    func observe(podEvent type: String, _ pod: Pod) {
        let key = pod.key
        let group = PodGroupMembership.groupKey(labels: pod.metadata?.labels ?? [:], namespace: pod.metadata?.namespace ?? "")
        if type == "DELETED" || pod.isTerminal || group == nil {
            leave(key)
            return
        }
        if let group { join(key, uid: pod.metadata?.uid ?? key, group: group) }
    }

    /// Counts `pod` in its group (the pod being scheduled is a member even before its event).
    func note(_ pod: PodInfo) {
        guard let group = PodGroupMembership.groupKey(labels: pod.labels, namespace: pod.namespace) else { return }
        join(pod.key, uid: pod.pod.metadata?.uid ?? pod.key, group: group)
    }

    /// The group named `key`, if known.
    func group(_ key: String) -> Group? { groups[key] }

    /// The group's queue time: the first time asked, `timestamp`; afterwards, that same time.
    func firstSeen(_ key: String, default timestamp: Double) -> Double {
        if let seen = groups[key]?.firstSeen { return seen }
        groups[key, default: Group()].firstSeen = timestamp
        return timestamp
    }

    /// Records a member waiting at Permit.
    func wait(_ key: String, uid: String, podKey: String) { groups[key, default: Group()].waiting[uid] = podKey }

    /// Removes and returns the uids of the group's waiting members other than `uid`, sorted.
    func takeWaiting(_ key: String, except uid: String) -> [String] {
        guard var group = groups[key] else { return [] }
        let others = group.waiting.keys.filter { $0 != uid }.sorted()
        group.waiting = [:]
        groups[key] = group
        return others
    }

    /// Turns the group away until `time`.
    func deny(_ key: String, until time: Double) { groups[key, default: Group()].deniedUntil = time }

    /// Counts `podKey` in `group` (leaving a former group).
    private func join(_ podKey: String, uid: String, group: String) {
        if let previous = groupOfPod[podKey], previous != group { leave(podKey) }
        groupOfPod[podKey] = group
        groups[group, default: Group()].members[podKey] = uid
    }

    /// Stops counting `podKey` in its group.
    private func leave(_ podKey: String) {
        guard let group = groupOfPod.removeValue(forKey: podKey), var state = groups[group] else { return }
        if let uid = state.members.removeValue(forKey: podKey) { state.waiting[uid] = nil }
        // A group with no members left is forgotten (upstream expires it), queue time included.
        groups[group] = state.members.isEmpty && state.waiting.isEmpty ? nil : state
    }
}
