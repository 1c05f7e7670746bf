import Kernel

/// The parts of a Deployment's spec the controller acts on, with Kubernetes' defaults applied.
struct DeploymentSpec: Sendable {
    /// The rollout strategies.
    enum Strategy: String, Sendable { case rollingUpdate = "RollingUpdate", recreate = "Recreate" }

    var replicas: Int64
    var strategy: Strategy
    /// maxSurge resolved against replicas (rounded up); 0 for Recreate.
    var maxSurge: Int64
    /// maxUnavailable resolved against replicas (rounded down; 1 when both are 0); 0 for Recreate.
    var maxUnavailable: Int64
    var minReadySeconds: Int64
    var revisionHistoryLimit: Int64
    /// nil when progress is not tracked.
    var progressDeadlineSeconds: Int64?
    var paused: Bool
    var template: JSONValue
    var selector: LabelMatcher?

    init(_ deployment: JSONValue) {
        let spec = deployment["spec"] ?? [:]
        replicas = max(0, spec["replicas"]?.intValue ?? 1)
        strategy = spec[path: "strategy", "type"]?.stringValue.flatMap(Strategy.init(rawValue:)) ?? .rollingUpdate
        minReadySeconds = max(0, spec["minReadySeconds"]?.intValue ?? 0)
        revisionHistoryLimit = max(0, spec["revisionHistoryLimit"]?.intValue ?? 10)
        let deadline = spec["progressDeadlineSeconds"]?.intValue ?? 600
        progressDeadlineSeconds = deadline >= Int64(Int32.max) ? nil : deadline
        paused = spec["paused"]?.boolValue ?? false
        template = spec["template"] ?? [:]
        selector = LabelMatcher(selector: spec["selector"])
        if strategy == .rollingUpdate {
            let rolling = spec[path: "strategy", "rollingUpdate"]
            var surge = Self.resolve(rolling?["maxSurge"], total: replicas, roundUp: true) ?? Self.percent(25, of: replicas, roundUp: true)
            var unavailable = Self.resolve(rolling?["maxUnavailable"], total: replicas, roundUp: false) ?? Self.percent(25, of: replicas, roundUp: false)
            if surge == 0 && unavailable == 0 { unavailable = 1 }
            surge = max(0, surge)
            maxSurge = surge
            maxUnavailable = min(max(0, unavailable), replicas)
        } else {
            maxSurge = 0
            maxUnavailable = 0
        }
    }

    /// replicas - maxUnavailable: the availability the rollout keeps.
    var minAvailable: Int64 { replicas - maxUnavailable }

    /// Resolves an IntOrString (`3` or `"25%"`) against a total.
    static func resolve(_ value: JSONValue?, total: Int64, roundUp: Bool) -> Int64? {
        guard let value else { return nil }
        if let number = value.intValue { return number }
        guard var text = value.stringValue else { return nil }
        if text.hasSuffix("%") {
            text.removeLast()
            guard let amount = Int64(text) else { return nil }
            return Self.percent(amount, of: total, roundUp: roundUp)
        }
        return Int64(text)
    }

    private static func percent(_ percent: Int64, of total: Int64, roundUp: Bool) -> Int64 {
        let product = percent * total
        return roundUp ? (product + 99) / 100 : product / 100
    }
}

/// Reading ReplicaSets as the Deployment controller needs them.
extension JSONValue {
    /// `spec.replicas` of a ReplicaSet (1 when absent, as defaulted by the API).
    var specReplicas: Int64 { self[path: "spec", "replicas"]?.intValue ?? 1 }
    /// `status.replicas`.
    var statusReplicas: Int64 { self[path: "status", "replicas"]?.intValue ?? 0 }
    /// `status.readyReplicas`.
    var statusReadyReplicas: Int64 { self[path: "status", "readyReplicas"]?.intValue ?? 0 }
    /// `status.availableReplicas`.
    var statusAvailableReplicas: Int64 { self[path: "status", "availableReplicas"]?.intValue ?? 0 }
    /// The `deployment.kubernetes.io/revision` annotation (0 when absent or unreadable).
    var revisionNumber: Int64 { annotations[DeploymentAnnotations.revision].flatMap { Int64($0) } ?? 0 }
}
