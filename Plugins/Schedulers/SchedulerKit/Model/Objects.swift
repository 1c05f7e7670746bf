import Foundation

// The parts of core/v1 Pod and Node the scheduler reads. Unknown fields are ignored, and every
// field is optional so that any object the API serves decodes.

/// A Kubernetes watch event, {"type":"ADDED","object":{...}}.
struct WatchEventView<Object: Decodable>: Decodable {
    var type: String
    var object: Object
}

/// metadata of an object.
struct ObjectMeta: Decodable {
    var name: String?
    var namespace: String?
    var uid: String?
    var labels: [String: String]?
    var annotations: [String: String]?
    var creationTimestamp: String?
    var deletionTimestamp: String?
    /// The objects that own this one (PodTopologySpread's system defaults need to know a pod has one).
    var ownerReferences: [OwnerReference]?
}

/// meta/v1 OwnerReference (what scheduling reads of it).
struct OwnerReference: Decodable {
    var apiVersion: String?
    var kind: String?
    var name: String?
    var controller: Bool?
}

/// core/v1 Taint.
struct Taint: Decodable, Equatable {
    var key: String
    var value: String?
    var effect: String
}

/// core/v1 Toleration.
struct Toleration: Decodable {
    var key: String?
    var `operator`: String?
    var value: String?
    var effect: String?

    /// Whether this toleration tolerates `taint`, by Kubernetes' matching rules: an empty effect
    /// matches every effect; an empty key with operator Exists matches every taint; Exists
    /// ignores the value; Equal (the default operator) compares it.
    func tolerates(_ taint: Taint) -> Bool {
        if let effect, !effect.isEmpty, effect != taint.effect { return false }
        let key = key ?? ""
        let op = `operator` ?? "Equal"
        if key.isEmpty { return op == "Exists" }
        guard key == taint.key else { return false }
        switch op {
        case "Exists": return true
        case "Equal", "": return (value ?? "") == (taint.value ?? "")
        default: return false
        }
    }
}

/// core/v1 Container (only what scheduling needs).
struct Container: Decodable {
    struct Resources: Decodable {
        var requests: [String: Quantity]?
    }
    /// core/v1 ContainerPort.
    struct Port: Decodable {
        var containerPort: Int?
        var hostPort: Int?
        var hostIP: String?
        var `protocol`: String?
    }
    var name: String?
    var image: String?
    var ports: [Port]?
    var resources: Resources?
    /// "Always" marks a restartable init container (a sidecar).
    var restartPolicy: String?
}

/// core/v1 NodeSelectorRequirement.
struct NodeSelectorRequirement: Decodable {
    var key: String
    var `operator`: String
    var values: [String]?
}

/// core/v1 NodeSelectorTerm: every requirement must hold.
struct NodeSelectorTerm: Decodable {
    var matchExpressions: [NodeSelectorRequirement]?
    var matchFields: [NodeSelectorRequirement]?
}

/// core/v1 Affinity: node affinity, pod affinity and pod anti-affinity.
struct Affinity: Decodable {
    /// core/v1 NodeAffinity.
    struct NodeAffinity: Decodable {
        struct Required: Decodable {
            var nodeSelectorTerms: [NodeSelectorTerm]?
        }
        /// core/v1 PreferredSchedulingTerm.
        struct Preferred: Decodable {
            var weight: Int
            var preference: NodeSelectorTerm
        }
        var requiredDuringSchedulingIgnoredDuringExecution: Required?
        var preferredDuringSchedulingIgnoredDuringExecution: [Preferred]?
    }
    /// core/v1 PodAffinity and PodAntiAffinity (the same shape).
    struct PodAffinity: Decodable {
        var requiredDuringSchedulingIgnoredDuringExecution: [PodAffinityTerm]?
        var preferredDuringSchedulingIgnoredDuringExecution: [WeightedPodAffinityTerm]?
    }
    var nodeAffinity: NodeAffinity?
    var podAffinity: PodAffinity?
    var podAntiAffinity: PodAffinity?
}

/// core/v1 Pod.
struct Pod: Decodable {
    struct Spec: Decodable {
        var nodeName: String?
        var nodeSelector: [String: String]?
        var affinity: Affinity?
        var tolerations: [Toleration]?
        var containers: [Container]?
        var initContainers: [Container]?
        var overhead: [String: Quantity]?
        var topologySpreadConstraints: [TopologySpreadConstraint]?
        var priority: Int?
        var priorityClassName: String?
        var preemptionPolicy: String?
        var schedulerName: String?
        var schedulingGates: [[String: String]]?
    }
    struct Status: Decodable {
        var phase: String?
        var nominatedNodeName: String?
        /// When the kubelet started the pod (RFC 3339); preemption prefers victims started last.
        var startTime: String?
    }
    var metadata: ObjectMeta?
    var spec: Spec?
    var status: Status?

    /// "namespace/name": how the cache knows a pod.
    var key: String { "\(metadata?.namespace ?? "")/\(metadata?.name ?? "")" }

    /// Whether the pod has finished (Succeeded or Failed) and no longer holds resources.
    var isTerminal: Bool { status?.phase == "Succeeded" || status?.phase == "Failed" }
}

/// core/v1 Node.
struct Node: Decodable {
    struct Spec: Decodable {
        var unschedulable: Bool?
        var taints: [Taint]?
    }
    /// core/v1 ContainerImage: the names an image is known by and its size.
    struct Image: Decodable {
        var names: [String]?
        var sizeBytes: Int64?
    }
    struct Status: Decodable {
        var capacity: [String: Quantity]?
        var allocatable: [String: Quantity]?
        var images: [Image]?
    }
    var metadata: ObjectMeta?
    var spec: Spec?
    var status: Status?
}
