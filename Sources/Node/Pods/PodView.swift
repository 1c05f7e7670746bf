import Kernel

/// A pod object read the way the kubelet needs it, with Kubernetes' defaults applied for
/// fields an object may lack.
struct PodView: Sendable {
    let pod: JSONValue

    var name: String { pod.name ?? "" }
    var namespace: String { pod.namespace ?? "default" }
    var uid: String { pod.uid ?? "" }
    var spec: JSONValue { pod["spec"] ?? [:] }

    /// `spec.restartPolicy`, default Always.
    var restartPolicy: String { spec["restartPolicy"]?.stringValue ?? "Always" }

    /// Whether the pod runs in the node's network namespace (no CNI, podIP = hostIP).
    var hostNetwork: Bool { spec["hostNetwork"]?.boolValue ?? false }

    /// Whether the API asked for the pod to go (a deletionTimestamp is set).
    var isTerminating: Bool {
        if let stamp = pod[path: "metadata", "deletionTimestamp"], stamp != .null { return true }
        return false
    }

    /// Seconds to let containers stop: the deletion's grace period, else the pod's
    /// terminationGracePeriodSeconds, else 30.
    var gracePeriod: Int64 {
        pod[path: "metadata", "deletionGracePeriodSeconds"]?.intValue
            ?? spec["terminationGracePeriodSeconds"]?.intValue ?? 30
    }

    /// The phase the API currently shows.
    var apiPhase: String? { pod[path: "status", "phase"]?.stringValue }

    /// `spec.initContainers`, in order.
    var initContainers: [ContainerSpec] {
        (spec["initContainers"]?.arrayValue ?? []).enumerated().map { ContainerSpec(json: $1, index: $0, isInit: true) }
    }

    /// `spec.containers`, in order.
    var containers: [ContainerSpec] {
        (spec["containers"]?.arrayValue ?? []).enumerated().map { ContainerSpec(json: $1, index: $0, isInit: false) }
    }

    /// Whether an exited app container is started again under the pod's restart policy.
    func shouldRestart(exitCode: Int32) -> Bool {
        switch restartPolicy {
        case "Never": false
        case "OnFailure": exitCode != 0
        default: true
        }
    }
}

/// One entry of `spec.containers` or `spec.initContainers`.
struct ContainerSpec: Sendable {
    let json: JSONValue
    let index: Int
    let isInit: Bool

    var name: String { json["name"]?.stringValue ?? "container-\(index)" }
    var image: String { json["image"]?.stringValue ?? "" }

    /// `imagePullPolicy`, defaulted as the API server does: Always for `:latest` or an
    /// untagged image, IfNotPresent otherwise.
    var pullPolicy: String {
        if let policy = json["imagePullPolicy"]?.stringValue, !policy.isEmpty { return policy }
        return ImagePullPolicy.defaultPolicy(for: image)
    }

    /// The field path Events use for the container, "spec.containers{web}".
    var fieldPath: String { isInit ? "spec.initContainers{\(name)}" : "spec.containers{\(name)}" }

    /// A string-array field ("command", "args").
    func strings(_ key: String) -> [String] { (json[key]?.arrayValue ?? []).compactMap(\.stringValue) }
}
