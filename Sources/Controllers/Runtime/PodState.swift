import Foundation
import Kernel

/// Reading the state of a Pod as controllers need it.
extension JSONValue {
    /// `status.phase` ("Pending" when absent).
    public var podPhase: String { self[path: "status", "phase"]?.stringValue ?? "Pending" }

    /// `spec.nodeName` when the pod is bound.
    public var podNodeName: String? {
        guard let node = self[path: "spec", "nodeName"]?.stringValue, !node.isEmpty else { return nil }
        return node
    }

    /// `status.podIP` when assigned.
    public var podIP: String? {
        guard let ip = self[path: "status", "podIP"]?.stringValue, !ip.isEmpty else { return nil }
        return ip
    }

    /// The condition of `status.conditions` with this type.
    public func statusCondition(_ type: String) -> JSONValue? {
        self[path: "status", "conditions"]?.arrayValue?.first { $0["type"]?.stringValue == type }
    }

    /// A pod counts towards its controller: not Succeeded or Failed, not being deleted.
    public var isActivePod: Bool {
        let phase = podPhase
        return phase != "Succeeded" && phase != "Failed" && !isBeingDeleted
    }

    /// The pod's Ready condition is True.
    public var isPodReady: Bool { statusCondition("Ready")?["status"]?.stringValue == "True" }

    /// When the pod last became Ready (its Ready condition's lastTransitionTime).
    public var podReadySince: Date? {
        guard isPodReady else { return nil }
        return statusCondition("Ready")?["lastTransitionTime"]?.stringValue.flatMap(KubeTime.parse)
    }

    /// Ready for at least `minReadySeconds` at `now` (a Ready pod with no transition time
    /// counts as available at once).
    public func isPodAvailable(minReadySeconds: Int64, now: Date) -> Bool {
        guard isPodReady else { return false }
        if minReadySeconds <= 0 { return true }
        guard let since = podReadySince else { return true }
        return now.timeIntervalSince(since) >= Double(minReadySeconds)
    }

    /// Restarts summed over the pod's container statuses.
    public var podRestartCount: Int64 {
        (self[path: "status", "containerStatuses"]?.arrayValue ?? []).reduce(0) { $0 + ($1["restartCount"]?.intValue ?? 0) }
    }
}
