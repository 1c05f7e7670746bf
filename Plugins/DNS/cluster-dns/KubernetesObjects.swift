/// The parts of core/v1 Service and Endpoints the add-on reads, decoded from the watch JSON the
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

/// A core/v1 Endpoints object.
struct EndpointsView: Decodable, Sendable {
    struct Address: Decodable, Sendable, Hashable {
        let ip: String
        let hostname: String?
    }

    struct Port: Decodable, Sendable, Hashable {
        let name: String?
        let port: Int?
        let `protocol`: String?
    }

    struct Subset: Decodable, Sendable {
        let addresses: [Address]?
        let notReadyAddresses: [Address]?
        let ports: [Port]?
    }

    struct Meta: Decodable, Sendable {
        let name: String?
        let namespace: String?
    }

    let metadata: Meta?
    let subsets: [Subset]?

    /// The object's key (the same as its Service's); nil when it has no name.
    var key: ObjectKey? {
        guard let name = metadata?.name, !name.isEmpty else { return nil }
        return ObjectKey(namespace: metadata?.namespace ?? "default", name: name)
    }
}
