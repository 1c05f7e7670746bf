/// The parts of core/v1 Service and discovery.k8s.io/v1 EndpointSlice the add-on reads, decoded from the watch JSON the
/// host delivers (`{"type":"ADDED","object":{...}}`). Unknown fields are ignored.

/// One watch event whose object is decoded as `Object`.
struct WatchEventView<Object: Decodable>: Decodable {
    /// "ADDED", "MODIFIED", "DELETED" (or "BOOKMARK", "ERROR", which carry no usable object).
    let type: String
    let object: Object
}

/// Just enough of any object to route an event: its kind.
struct KindView: Decodable {
    let kind: String?
}

/// Namespace and name of a namespaced object.
struct ObjectKey: Hashable, Sendable, CustomStringConvertible {
    let namespace: String
    let name: String

    var description: String { "\(namespace)/\(name)" }
}

/// A core/v1 Service.
struct ServiceView: Decodable, Sendable {
    struct Port: Decodable, Sendable {
        let name: String?
        let port: Int?
        /// "TCP" (the default), "UDP" or "SCTP".
        let `protocol`: String?
    }

    struct Spec: Decodable, Sendable {
        /// "ClusterIP" (the default), "NodePort", "LoadBalancer" or "ExternalName".
        let type: String?
        /// The service's address, "None" for a headless service, empty before allocation.
        let clusterIP: String?
        /// All of the service's addresses (one per IP family), the first equal to `clusterIP`.
        let clusterIPs: [String]?
        let externalName: String?
        let ports: [Port]?
        let publishNotReadyAddresses: Bool?
    }

    struct Meta: Decodable, Sendable {
        let name: String?
        let namespace: String?
        let annotations: [String: String]?
    }

    let metadata: Meta?
    let spec: Spec?

    /// The object's key; nil when it has no name.
    var key: ObjectKey? {
        guard let name = metadata?.name, !name.isEmpty else { return nil }
        return ObjectKey(namespace: metadata?.namespace ?? "default", name: name)
    }

    /// Whether the service is headless (`clusterIP: None`).
    var isHeadless: Bool { spec?.clusterIP == "None" }

    /// Whether the service is an alias for `externalName`.
    var isExternalName: Bool { spec?.type == "ExternalName" }

    /// The assigned cluster addresses (none for headless and not-yet-allocated services).
    var clusterIPs: [String] {
        guard let spec, !isHeadless, !isExternalName else { return [] }
        var addresses = spec.clusterIPs ?? []
        if let primary = spec.clusterIP, !primary.isEmpty, !addresses.contains(primary) {
            addresses.insert(primary, at: 0)
        }
        return addresses.filter { !$0.isEmpty && $0 != "None" }
    }

    /// Whether not-ready endpoint addresses count as ready: `publishNotReadyAddresses` or the
    /// older `service.alpha.kubernetes.io/tolerate-unready-endpoints` annotation.
    var publishesNotReady: Bool {
        spec?.publishNotReadyAddresses == true
            || metadata?.annotations?["service.alpha.kubernetes.io/tolerate-unready-endpoints"] == "true"
    }
}

/// A discovery.k8s.io/v1 EndpointSlice: one slice of the endpoints of the Service named by its
/// `kubernetes.io/service-name` label (a Service may have several slices, one per address type
/// and at most 100 endpoints each).
struct EndpointSliceView: Decodable, Sendable {
    /// The label naming the Service a slice belongs to.
    static let serviceNameLabel = "kubernetes.io/service-name"

    /// An endpoint's `conditions`.
    struct Conditions: Decodable, Sendable, Hashable {
        /// Whether the endpoint takes traffic; absent means unknown, which counts as ready.
        let ready: Bool?
        /// Whether it would take traffic while terminating (not consulted by the DNS).
        let serving: Bool?
        /// Whether it is terminating (not consulted by the DNS).
        let terminating: Bool?
    }

    /// The object behind an endpoint, usually its pod.
    struct TargetRef: Decodable, Sendable, Hashable {
        let kind: String?
        let name: String?
        let namespace: String?
    }

    /// One endpoint of the slice.
    struct Endpoint: Decodable, Sendable, Hashable {
        /// The endpoint's addresses, all of the slice's `addressType` (fungible: any one reaches it).
        let addresses: [String]?
        let conditions: Conditions?
        /// The endpoint's DNS label within its Service (a pod's `spec.hostname` under a matching
        /// `spec.subdomain`).
        let hostname: String?
        /// The node the endpoint runs on.
        let nodeName: String?
        /// The object behind the endpoint.
        let targetRef: TargetRef?

        /// Whether the endpoint is _ready_: `conditions.ready` true or absent.
        var isReady: Bool { conditions?.ready ?? true }
    }

    /// One port of every endpoint of the slice; named ports get SRV records.
    struct Port: Decodable, Sendable, Hashable {
        let name: String?
        let port: Int?
        let `protocol`: String?
    }

    /// The slice's metadata: its name, namespace and labels.
    struct Meta: Decodable, Sendable {
        let name: String?
        let namespace: String?
        let labels: [String: String]?
    }

    let metadata: Meta?
    /// "IPv4", "IPv6" or "FQDN" (the last has no addresses the DNS can serve).
    let addressType: String?
    /// The slice's endpoints (at most 1000).
    let endpoints: [Endpoint]?
    /// The ports of the slice's endpoints.
    let ports: [Port]?

    /// The slice's own key; nil when it has no name.
    var key: ObjectKey? {
        guard let name = metadata?.name, !name.isEmpty else { return nil }
        return ObjectKey(namespace: metadata?.namespace ?? "default", name: name)
    }

    /// The key of the Service the slice belongs to; nil without the service-name label.
    var serviceKey: ObjectKey? {
        guard let service = metadata?.labels?[Self.serviceNameLabel], !service.isEmpty else { return nil }
        return ObjectKey(namespace: metadata?.namespace ?? "default", name: service)
    }
}
