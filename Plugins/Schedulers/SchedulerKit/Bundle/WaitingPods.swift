/// The pods of one bundle waiting at Permit (kube-scheduler's waitingPods map, as far as this
/// bundle knows it): a pod enters when one of the bundle's Permit plugins answers Wait, and
/// leaves when every plugin that made it wait allowed it through a verdict, when a verdict or
/// Unreserve rejects it, or when its cycle ends. Plugins reach it through
/// `ProfilePlugins.waitingPods` (Coscheduling: the members of a gang already waiting).
final class WaitingPods {
    /// One waiting pod.
    struct Entry {
        /// The pod.
        let pod: PodInfo
        /// The node it is reserved on.
        let node: NodeInfo
        /// The profile that scheduled it.
        let profileID: UInt32
        /// The plugins that made it wait and have not allowed it yet.
        var pendingPlugins: Set<String>
    }

    /// Waiting pods by uid.
    private(set) var entries: [String: Entry] = [:]

    /// An empty map.
    init() {}

    /// The waiting pod with `uid`.
    func pod(uid: String) -> Entry? { entries[uid] }

    /// Every waiting pod.
    var all: [Entry] { Array(entries.values) }

    /// Records that `plugin` made `pod` wait on `node`.
    func wait(_ pod: PodInfo, on node: NodeInfo, profileID: UInt32, plugin: String) {
        if entries[pod.uid] == nil {
            entries[pod.uid] = Entry(pod: pod, node: node, profileID: profileID, pendingPlugins: [plugin])
        } else {
            entries[pod.uid]?.pendingPlugins.insert(plugin)
        }
    }

    /// Applies the verdicts `plugin` took about waiting pods: an allow clears the plugin's hold,
    /// a rejection removes the pod.
    func apply(_ verdicts: [WaitingPodVerdict], from plugin: String) {
        for verdict in verdicts {
            guard entries[verdict.uid] != nil else { continue }
            if verdict.allow {
                entries[verdict.uid]?.pendingPlugins.remove(plugin)
                if entries[verdict.uid]?.pendingPlugins.isEmpty == true { entries[verdict.uid] = nil }
            } else {
                entries[verdict.uid] = nil
            }
        }
    }

    /// The pod no longer waits (its cycle ended or it was unreserved).
    func remove(uid: String) { entries[uid] = nil }
}
