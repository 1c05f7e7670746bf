/// The definitions of the coordination API types (`coordination.k8s.io/v1`): Leases. Field
/// numbers are those of Kubernetes' `k8s.io/api/coordination/v1/generated.proto`.
enum CoordinationTypes {
    /// The prefix of every coordination/v1 definition name.
    static let prefix = "io.k8s.api.coordination.v1."

    /// Every coordination type definition.
    static let definitions: [TypeDefinition] = [lease, leaseSpec]

    /// `coordination.k8s.io/v1` Lease.
    static let lease = TypeDefinition(
        prefix + "Lease", kind: GroupVersionKind(group: "coordination.k8s.io", version: "v1", kind: "Lease"),
        description: "A Lease records who holds a lock, such as a node's heartbeat or a leader election, and until when.",
        fields: [
            .init("apiVersion", .string, proto: 0, "The versioned schema this object is written in, such as \"coordination.k8s.io/v1\"."),
            .init("kind", .string, proto: 0, "The object's type, in CamelCase, such as \"Lease\"."),
            .init("metadata", .ref(AppsTypes.objectMeta), proto: 1, "The object's name, namespace, labels and other standard metadata."),
            .init("spec", .ref(prefix + "LeaseSpec"), proto: 2, "The holder and timing of the lease."),
        ])

    /// `coordination.k8s.io/v1` LeaseSpec.
    static let leaseSpec = TypeDefinition(
        prefix + "LeaseSpec",
        description: "The holder and timing of a Lease.",
        fields: [
            .init("holderIdentity", .string, proto: 1, "Who holds the lease now.", pointer: true),
            .init("leaseDurationSeconds", .integer(bits: 32), proto: 2, "How long after the last renewTime others must wait before taking the lease.", pointer: true),
            .init("acquireTime", .microTime, proto: 3, "When the current holder acquired the lease.", pointer: true),
            .init("renewTime", .microTime, proto: 4, "When the current holder last renewed the lease.", pointer: true),
            .init("leaseTransitions", .integer(bits: 32), proto: 5, "How many times the lease changed holders.", pointer: true),
            .init("strategy", .string, proto: 6, "How a leader is picked in coordinated leader election (alpha); no coordination when unset.", pointer: true),
            .init("preferredHolder", .string, proto: 7, "A better holder the current one should hand the lease to; needs strategy.", pointer: true),
        ])
}
