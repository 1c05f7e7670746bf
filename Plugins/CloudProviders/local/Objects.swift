// The parts of core/v1 Node and Service the local provider reads; unknown fields are ignored.

/// metadata of an object.
struct ObjectMeta: Decodable {
    var name: String?
    var namespace: String?
    var uid: String?
    var labels: [String: String]?
}

/// core/v1 Node.
struct Node: Decodable {
    struct Spec: Decodable {
        var providerID: String?
    }
    struct Status: Decodable {
        var addresses: [CloudNodeAddressView]?
    }
    var metadata: ObjectMeta?
    var spec: Spec?
    var status: Status?

    var name: String { metadata?.name ?? "" }
    var labels: [String: String] { metadata?.labels ?? [:] }
}

/// core/v1 NodeAddress.
struct CloudNodeAddressView: Decodable {
    var type: String?
    var address: String?
}

/// core/v1 Service.
struct Service: Decodable {
    struct Status: Decodable {
        struct LoadBalancer: Decodable {
            struct Ingress: Decodable {
                var ip: String?
            }
            var ingress: [Ingress]?
        }
        var loadBalancer: LoadBalancer?
    }
    var metadata: ObjectMeta?
    var status: Status?

    /// The key a load balancer is kept under: the uid, or namespace/name without one.
    var key: String {
        if let uid = metadata?.uid, !uid.isEmpty { return uid }
        return "\(metadata?.namespace ?? "")/\(metadata?.name ?? "")"
    }

    /// "namespace/name", for messages.
    var displayName: String { "\(metadata?.namespace ?? "")/\(metadata?.name ?? "")" }
}
