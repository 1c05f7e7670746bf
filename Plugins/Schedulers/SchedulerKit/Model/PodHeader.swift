/// The few fields of a pod watch event the snapshot needs to tell whether the pod it already
/// holds is still current: decoding only these is several times cheaper than decoding the whole
/// pod, and most pod events (a pod created unbound, then the binding of a pod the scheduler
/// assumed, then status updates of a running pod) change nothing else a plugin reads. A pod's
/// spec is immutable apart from images, tolerations and deadlines, which no plugin reads for
/// pods already placed.
struct PodEventHeader: Decodable {
    struct Object: Decodable {
        struct Spec: Decodable {
            var nodeName: String?
        }
        struct Status: Decodable {
            var phase: String?
            var startTime: String?
        }
        struct Metadata: Decodable {
            var name: String?
            var namespace: String?
            var uid: String?
            var labels: [String: String]?
            var deletionTimestamp: String?
        }
        var metadata: Metadata?
        var spec: Spec?
        var status: Status?
    }
    /// `ADDED`, `MODIFIED` or `DELETED`.
    var type: String
    /// The pod's header.
    var object: Object

    /// "namespace/name", as `Pod.key`.
    var key: String { "\(object.metadata?.namespace ?? "")/\(object.metadata?.name ?? "")" }

    /// Whether the pod has finished (Succeeded or Failed), as `Pod.isTerminal`.
    var isTerminal: Bool { object.status?.phase == "Succeeded" || object.status?.phase == "Failed" }

    /// The node the pod is bound to ("" when unbound).
    var nodeName: String { object.spec?.nodeName ?? "" }

    /// Whether `pod` (held by the snapshot) has the same identity and the same fields a plugin
    /// reads of a placed pod that can change after creation.
    func isCurrent(_ pod: PodInfo) -> Bool {
        pod.uid == (object.metadata?.uid ?? "") && pod.labels == (object.metadata?.labels ?? [:])
            && pod.pod.metadata?.deletionTimestamp == object.metadata?.deletionTimestamp
            && pod.pod.status?.startTime == object.status?.startTime
    }
}
