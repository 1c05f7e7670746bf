/// One served Kubernetes resource: where it lives in the API and how the store keys it.
public struct ResourceType: Hashable, Sendable, CustomStringConvertible {
    /// API group; empty for the core group.
    public let group: String
    /// API version within the group, "v1".
    public let version: String
    /// Plural resource name used in paths, "pods".
    public let resource: String
    /// Kind of a single object, "Pod".
    public let kind: String
    /// Whether objects live in a namespace.
    public let namespaced: Bool
    /// kubectl short names, "po".
    public let shortNames: [String]

    /// Describes a resource.
    public init(group: String, version: String, resource: String, kind: String, namespaced: Bool, shortNames: [String] = []) {
        self.group = group
        self.version = version
        self.resource = resource
        self.kind = kind
        self.namespaced = namespaced
        self.shortNames = shortNames
    }

    /// "v1" for the core group, "apps/v1" otherwise: the objects' `apiVersion`.
    public var apiVersion: String { group.isEmpty ? version : "\(group)/\(version)" }

    /// The store's name for the resource: "pods", "deployments.apps". The same name plugins pass
    /// to the host table's get/list/watch.
    public var storageName: String { group.isEmpty ? resource : "\(resource).\(group)" }

    public var description: String { storageName }

    public static let namespaces = ResourceType(group: "", version: "v1", resource: "namespaces", kind: "Namespace", namespaced: false, shortNames: ["ns"])
    public static let nodes = ResourceType(group: "", version: "v1", resource: "nodes", kind: "Node", namespaced: false, shortNames: ["no"])
    public static let pods = ResourceType(group: "", version: "v1", resource: "pods", kind: "Pod", namespaced: true, shortNames: ["po"])
    public static let services = ResourceType(group: "", version: "v1", resource: "services", kind: "Service", namespaced: true, shortNames: ["svc"])
    public static let endpoints = ResourceType(group: "", version: "v1", resource: "endpoints", kind: "Endpoints", namespaced: true, shortNames: ["ep"])
    public static let events = ResourceType(group: "", version: "v1", resource: "events", kind: "Event", namespaced: true, shortNames: ["ev"])
    public static let replicaSets = ResourceType(group: "apps", version: "v1", resource: "replicasets", kind: "ReplicaSet", namespaced: true, shortNames: ["rs"])
    public static let deployments = ResourceType(group: "apps", version: "v1", resource: "deployments", kind: "Deployment", namespaced: true, shortNames: ["deploy"])
    /// ConfigMaps (core/v1).
    public static let configMaps = ResourceType(group: "", version: "v1", resource: "configmaps", kind: "ConfigMap", namespaced: true, shortNames: ["cm"])
    /// Secrets (core/v1).
    public static let secrets = ResourceType(group: "", version: "v1", resource: "secrets", kind: "Secret", namespaced: true)
    /// ServiceAccounts (core/v1).
    public static let serviceAccounts = ResourceType(group: "", version: "v1", resource: "serviceaccounts", kind: "ServiceAccount", namespaced: true, shortNames: ["sa"])
    /// Jobs (batch/v1).
    public static let jobs = ResourceType(group: "batch", version: "v1", resource: "jobs", kind: "Job", namespaced: true)
    /// Leases (coordination.k8s.io/v1).
    public static let leases = ResourceType(group: "coordination.k8s.io", version: "v1", resource: "leases", kind: "Lease", namespaced: true)
    /// EndpointSlices (discovery.k8s.io/v1).
    public static let endpointSlices = ResourceType(group: "discovery.k8s.io", version: "v1", resource: "endpointslices", kind: "EndpointSlice", namespaced: true)
    /// PersistentVolumeClaims (core/v1).
    public static let persistentVolumeClaims = ResourceType(group: "", version: "v1", resource: "persistentvolumeclaims", kind: "PersistentVolumeClaim", namespaced: true, shortNames: ["pvc"])
    /// PersistentVolumes (core/v1), cluster-scoped.
    public static let persistentVolumes = ResourceType(group: "", version: "v1", resource: "persistentvolumes", kind: "PersistentVolume", namespaced: false, shortNames: ["pv"])
    /// ReplicationControllers (core/v1).
    public static let replicationControllers = ResourceType(group: "", version: "v1", resource: "replicationcontrollers", kind: "ReplicationController", namespaced: true, shortNames: ["rc"])
    /// DaemonSets (apps/v1).
    public static let daemonSets = ResourceType(group: "apps", version: "v1", resource: "daemonsets", kind: "DaemonSet", namespaced: true, shortNames: ["ds"])
    /// ControllerRevisions (apps/v1): the template history of DaemonSets (and StatefulSets).
    public static let controllerRevisions = ResourceType(group: "apps", version: "v1", resource: "controllerrevisions", kind: "ControllerRevision", namespaced: true)
    /// StatefulSets (apps/v1).
    public static let statefulSets = ResourceType(group: "apps", version: "v1", resource: "statefulsets", kind: "StatefulSet", namespaced: true, shortNames: ["sts"])
    /// CronJobs (batch/v1).
    public static let cronJobs = ResourceType(group: "batch", version: "v1", resource: "cronjobs", kind: "CronJob", namespaced: true, shortNames: ["cj"])
    /// Ingresses (networking.k8s.io/v1).
    public static let ingresses = ResourceType(group: "networking.k8s.io", version: "v1", resource: "ingresses", kind: "Ingress", namespaced: true, shortNames: ["ing"])
    /// IngressClasses (networking.k8s.io/v1), cluster-scoped.
    public static let ingressClasses = ResourceType(group: "networking.k8s.io", version: "v1", resource: "ingressclasses", kind: "IngressClass", namespaced: false)

    /// PriorityClasses (scheduling.k8s.io/v1), cluster-scoped.
    public static let priorityClasses = ResourceType(group: "scheduling.k8s.io", version: "v1", resource: "priorityclasses", kind: "PriorityClass", namespaced: false, shortNames: ["pc"])

    /// PodDisruptionBudgets (policy/v1): how many of a set of pods voluntary disruptions may take.
    public static let podDisruptionBudgets = ResourceType(group: "policy", version: "v1", resource: "poddisruptionbudgets", kind: "PodDisruptionBudget", namespaced: true, shortNames: ["pdb"])

    /// Every resource this build serves, in discovery order.
    public static let all: [ResourceType] = [.namespaces, .nodes, .pods, .services, .endpoints, .events, .configMaps, .secrets, .serviceAccounts,
                                                  .replicaSets, .deployments, .jobs, .leases, .endpointSlices,
                                                  .persistentVolumeClaims, .persistentVolumes, .replicationControllers,
                                                  .daemonSets, .statefulSets, .controllerRevisions, .cronJobs, .ingresses, .ingressClasses, .priorityClasses,
                                                  .podDisruptionBudgets]

    /// Finds a served resource by its store name ("deployments.apps") or by plural, kind or short
    /// name, case-insensitively ("deploy", "Deployment", "pods").
    public static func named(_ name: String) -> ResourceType? {
        let key = name.lowercased()
        return all.first { type in
            type.storageName == key || type.resource == key || type.kind.lowercased() == key
                || type.shortNames.contains(key) || String(type.kind.lowercased()) + "s" == key
        }
    }
}
