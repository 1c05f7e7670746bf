import Kernel

/// What admission does for one kind beyond the metadata every object shares: its defaults,
/// validation and the status it starts with. Stateless; allocation (cluster IPs) lives in the
/// `ClusterAPI`.
protocol KindAdmission: Sendable {
    /// The DNS rule names of this kind follow.
    var nameRule: NameRule { get }
    /// Whether the kind has a status subresource: `update` keeps the stored status and
    /// `updateStatus` changes only the status.
    var hasStatusSubresource: Bool { get }
    /// Whether `metadata.generation` starts at 1 and grows on every spec change.
    var tracksGeneration: Bool { get }
    /// Whether a PUT on a missing object creates it.
    var allowsCreateOnUpdate: Bool { get }
    /// Fills in defaulted fields; applied to new objects and to the incoming object of an update.
    func applyDefaults(_ object: inout JSONValue)
    /// Sets up a new object's status (and anything else only creation decides).
    func prepareForCreate(_ object: inout JSONValue)
    /// Field errors of an object about to be stored.
    func validate(_ object: JSONValue) -> [APIError.Cause]
    /// Field errors of a change (immutable fields and the like); `new` is already defaulted.
    func validateUpdate(old: JSONValue, new: JSONValue) -> [APIError.Cause]
}

extension KindAdmission {
    var nameRule: NameRule { .subdomain }
    var hasStatusSubresource: Bool { true }
    var tracksGeneration: Bool { false }
    var allowsCreateOnUpdate: Bool { false }
    func applyDefaults(_ object: inout JSONValue) {}
    func prepareForCreate(_ object: inout JSONValue) {}
    func validate(_ object: JSONValue) -> [APIError.Cause] { [] }
    func validateUpdate(old: JSONValue, new: JSONValue) -> [APIError.Cause] { [] }
}

/// The admission of each served kind.
enum Admissions {
    /// The admission for `type`.
    static func of(_ type: ResourceType) -> any KindAdmission {
        switch type {
        case .pods: return PodAdmission()
        case .services: return ServiceAdmission()
        case .namespaces: return NamespaceAdmission()
        case .nodes: return NodeAdmission()
        case .replicaSets: return WorkloadAdmission(kind: .replicaSet)
        case .deployments: return WorkloadAdmission(kind: .deployment)
        case .endpoints: return PlainAdmission(allowsCreateOnUpdate: true)
        case .events: return EventAdmission()
        case .configMaps: return ConfigMapAdmission()
        case .secrets: return SecretAdmission()
        case .serviceAccounts: return ServiceAccountAdmission()
        case .jobs: return JobAdmission()
        case .leases: return LeaseAdmission()
        case .endpointSlices: return EndpointSliceAdmission()
        case .persistentVolumeClaims: return PersistentVolumeClaimAdmission()
        case .persistentVolumes: return PersistentVolumeAdmission()
        case .replicationControllers: return ReplicationControllerAdmission()
        case .daemonSets: return DaemonSetAdmission()
        case .statefulSets: return StatefulSetAdmission()
        case .controllerRevisions: return ControllerRevisionAdmission()
        case .cronJobs: return CronJobAdmission()
        case .ingresses: return IngressAdmission()
        case .ingressClasses: return IngressClassAdmission()
        case .priorityClasses: return PriorityClassAdmission()
        case .podDisruptionBudgets: return PodDisruptionBudgetAdmission()
        default: return PlainAdmission(allowsCreateOnUpdate: false)
        }
    }
}

/// Kinds with no status subresource and no defaults of their own (Endpoints, Event).
struct PlainAdmission: KindAdmission {
    let allowsCreateOnUpdate: Bool
    var hasStatusSubresource: Bool { false }
}

/// Nodes: cluster-scoped; a kubelet registers its Node with a status, which creation keeps.
struct NodeAdmission: KindAdmission {}
