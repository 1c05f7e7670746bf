import Foundation

// The parts of core/v1 Node and Service the simulated clouds read; unknown fields are ignored.

/// metadata of an object.
public struct ObjectMeta: Decodable, Sendable {
    /// metadata.name
    public var name: String?
    /// metadata.namespace
    public var namespace: String?
    /// metadata.uid
    public var uid: String?
    /// metadata.labels
    public var labels: [String: String]?
}

/// core/v1 Node.
public struct Node: Decodable, Sendable {
    /// The node's spec (providerID only).
    public struct Spec: Decodable, Sendable {
        /// spec.providerID
        public var providerID: String?
    }
    /// The node's status (addresses only).
    public struct Status: Decodable, Sendable {
        /// status.addresses
        public var addresses: [CloudNodeAddressView]?
    }
    /// metadata
    public var metadata: ObjectMeta?
    /// spec
    public var spec: Spec?
    /// status
    public var status: Status?

    /// metadata.name, "" without one.
    public var name: String { metadata?.name ?? "" }
    /// metadata.labels, empty without any.
    public var labels: [String: String] { metadata?.labels ?? [:] }
    /// The first address of `type` in the node's status.
    public func address(_ type: String) -> String? {
        status?.addresses?.first { $0.type == type }?.address
    }
}

/// core/v1 NodeAddress, as read.
public struct CloudNodeAddressView: Decodable, Sendable {
    /// "InternalIP", "ExternalIP", "Hostname", ...
    public var type: String?
    /// The address.
    public var address: String?
}

/// core/v1 Service.
public struct Service: Decodable, Sendable {
    /// One entry of spec.ports.
    public struct Port: Decodable, Sendable, Hashable {
        /// The port's name.
        public var name: String?
        /// "TCP" (default), "UDP" or "SCTP".
        public var `protocol`: String?
        /// The Service port, which a load balancer listens on.
        public var port: Int
        /// The node port traffic is forwarded to.
        public var nodePort: Int?
    }
    /// The service's spec (type and ports).
    public struct Spec: Decodable, Sendable {
        /// spec.type
        public var type: String?
        /// spec.ports
        public var ports: [Port]?
    }
    /// The service's status (load balancer ingress only).
    public struct Status: Decodable, Sendable {
        /// status.loadBalancer
        public struct LoadBalancer: Decodable, Sendable {
            /// One ingress point.
            public struct Ingress: Decodable, Sendable {
                /// The ingress IP.
                public var ip: String?
                /// The ingress host name.
                public var hostname: String?
            }
            /// status.loadBalancer.ingress
            public var ingress: [Ingress]?
        }
        /// status.loadBalancer
        public var loadBalancer: LoadBalancer?
    }
    /// metadata
    public var metadata: ObjectMeta?
    /// spec
    public var spec: Spec?
    /// status
    public var status: Status?

    /// The key a load balancer is kept under: the uid, or namespace/name without one.
    public var key: String {
        if let uid = metadata?.uid, !uid.isEmpty { return uid }
        return "\(metadata?.namespace ?? "")/\(metadata?.name ?? "")"
    }

    /// "namespace/name", for messages.
    public var displayName: String { "\(metadata?.namespace ?? "")/\(metadata?.name ?? "")" }

    /// spec.ports, empty without any.
    public var ports: [Port] { spec?.ports ?? [] }

    /// Kubernetes' default load balancer name: "a" followed by the Service uid without dashes,
    /// at most 32 characters.
    public var defaultLoadBalancerName: String {
        let uid = key.replacingOccurrences(of: "-", with: "").replacingOccurrences(of: "/", with: "")
        return String(("a" + uid).prefix(32))
    }
}
