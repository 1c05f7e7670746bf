/// The definitions of the discovery API types (`discovery.k8s.io/v1`): EndpointSlices and their
/// endpoints and ports. Field numbers are those of Kubernetes'
/// `k8s.io/api/discovery/v1/generated.proto`.
enum DiscoveryTypes {
    /// The prefix of every discovery/v1 definition name.
    static let prefix = "io.k8s.api.discovery.v1."

    /// Every discovery type definition.
    static let definitions: [TypeDefinition] = [endpointSlice, endpoint, endpointConditions, endpointHints, forZone, endpointPort]

    /// `discovery.k8s.io/v1` EndpointSlice.
    static let endpointSlice = TypeDefinition(
        prefix + "EndpointSlice", kind: GroupVersionKind(group: "discovery.k8s.io", version: "v1", kind: "EndpointSlice"),
        description: "An EndpointSlice lists some of the backends of a Service; a Service's slices together hold all of them.",
        fields: [
            .init("apiVersion", .string, proto: 0, "The versioned schema this object is written in, such as \"discovery.k8s.io/v1\"."),
            .init("kind", .string, proto: 0, "The object's type, in CamelCase, such as \"EndpointSlice\"."),
            .init("metadata", .ref(AppsTypes.objectMeta), proto: 1, "The object's name, namespace, labels and other standard metadata."),
            .init("addressType", .string, proto: 4, "IPv4, IPv6 or FQDN: the kind of every address in the slice; immutable.", required: true),
            .init("endpoints", .array(.ref(prefix + "Endpoint")), proto: 2, "The distinct endpoints of the slice, at most 1000.", required: true, listType: .atomic),
            .init("ports", .array(.ref(prefix + "EndpointPort")), proto: 3, "The ports every endpoint serves, at most 100; none means no ports are defined.", listType: .atomic),
        ])

    /// `discovery.k8s.io/v1` Endpoint.
    static let endpoint = TypeDefinition(
        prefix + "Endpoint",
        description: "One backend of a Service.",
        fields: [
            .init("addresses", .array(.string), proto: 1, "The endpoint's interchangeable addresses, of the slice's addressType; 1 to 100.", required: true, listType: .set),
            .init("conditions", .ref(prefix + "EndpointConditions"), proto: 2, "Whether the endpoint is ready, serving or terminating."),
            .init("hostname", .string, proto: 3, "A DNS label naming this endpoint.", pointer: true),
            .init("targetRef", .ref("io.k8s.api.core.v1.ObjectReference"), proto: 4, "The object, usually a pod, behind this endpoint.", pointer: true),
            .init("deprecatedTopology", .map(.string), proto: 5, "Topology labels from v1beta1; not writable through v1."),
            .init("nodeName", .string, proto: 6, "The node hosting the endpoint.", pointer: true),
            .init("zone", .string, proto: 7, "The zone the endpoint is in.", pointer: true),
            .init("hints", .ref(prefix + "EndpointHints"), proto: 8, "Topology hints for consumers.", pointer: true),
        ])

    /// `discovery.k8s.io/v1` EndpointConditions.
    static let endpointConditions = TypeDefinition(
        prefix + "EndpointConditions",
        description: "The state of an endpoint; an unset condition is unknown.",
        fields: [
            .init("ready", .boolean, proto: 1, "The endpoint accepts traffic; normally false while terminating.", pointer: true),
            .init("serving", .boolean, proto: 2, "Like ready, but independent of terminating.", pointer: true),
            .init("terminating", .boolean, proto: 3, "The endpoint is shutting down.", pointer: true),
        ])

    /// `discovery.k8s.io/v1` EndpointHints.
    static let endpointHints = TypeDefinition(
        prefix + "EndpointHints",
        description: "Hints on which consumers should use an endpoint.",
        fields: [
            .init("forZones", .array(.ref(prefix + "ForZone")), proto: 1, "The zones that should send traffic to this endpoint.", listType: .atomic),
        ])

    /// `discovery.k8s.io/v1` ForZone.
    static let forZone = TypeDefinition(
        prefix + "ForZone",
        description: "A zone that should consume an endpoint.",
        fields: [
            .init("name", .string, proto: 1, "The zone's name.", required: true),
        ])

    /// `discovery.k8s.io/v1` EndpointPort.
    static let endpointPort = TypeDefinition(
        prefix + "EndpointPort",
        description: "A port served by the endpoints of a slice.",
        fields: [
            .init("name", .string, proto: 1, "The port's name, unique in the slice; matches the Service port's name.", pointer: true),
            .init("protocol", .string, proto: 2, "TCP (the default), UDP or SCTP.", pointer: true),
            .init("port", .integer(bits: 32), proto: 3, "The port number; unset means every port.", pointer: true),
            .init("appProtocol", .string, proto: 4, "The application protocol, as an IANA service name or a prefixed name such as kubernetes.io/h2c.", pointer: true),
        ])
}
