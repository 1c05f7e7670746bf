/// The gang a pod belongs to, read from the lightweight coscheduling labels of the
/// scheduler-plugins project: `pod-group.scheduling.sigs.k8s.io/name` names the group (within
/// the pod's namespace) and `pod-group.scheduling.sigs.k8s.io/min-available` (a label, or an
/// annotation) says how many members must be placed together. A pod without a name, or
/// without a positive min-available, is a regular pod.
struct PodGroupMembership: Equatable {
    /// The label naming the group.
    static let nameLabel = "pod-group.scheduling.sigs.k8s.io/name"
    /// The label (or annotation) holding the quorum.
    static let minAvailableLabel = "pod-group.scheduling.sigs.k8s.io/min-available"

    /// "namespace/name" of the group.
    var key: String
    /// The group's name.
    var name: String
    /// How many members must be placed together.
    var minAvailable: Int

    /// "namespace/name" of the group a pod with `labels` in `namespace` is counted in (by its
    /// name label alone, as upstream lists a group's pods), or nil.
    static func groupKey(labels: [String: String], namespace: String) -> String? {
        guard let name = labels[nameLabel], !name.isEmpty else { return nil }
        return "\(namespace)/\(name)"
    }

    /// The membership of `pod`, or nil for a regular pod.
    init?(_ pod: PodInfo) {
        self.init(labels: pod.labels, annotations: pod.pod.metadata?.annotations ?? [:], namespace: pod.namespace)
    }

    /// The membership from a pod's labels, annotations and namespace, or nil.
    init?(labels: [String: String], annotations: [String: String], namespace: String) {
        guard let name = labels[Self.nameLabel], !name.isEmpty else { return nil }
        let text = labels[Self.minAvailableLabel] ?? annotations[Self.minAvailableLabel]
        guard let text, let minAvailable = Int(text), minAvailable > 0 else { return nil }
        self.key = "\(namespace)/\(name)"
        self.name = name
        self.minAvailable = minAvailable
    }
}

/// A plugin that follows every pod change the bundle hears (bound or not), beyond what the
/// Snapshot keeps (it keeps only placed pods). The bundle calls it after applying each pod
/// event to its snapshot.
protocol PodEventObserver: AnyObject {
    /// A pod was added, changed or deleted (`ADDED`, `MODIFIED`, `DELETED`).
    func observe(podEvent type: String, _ pod: Pod)
}
