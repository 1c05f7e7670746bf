/// The definitions of the networking.k8s.io API types: Ingress and IngressClass.
///
/// An `IngressRule`'s `http` member is inline in JSON but wrapped in the message
/// `ingressRuleValue` (field 2, holding `http` as field 1) in protobuf (`embeddedIn: 2`).
enum NetworkingTypes {
    private static let objectMeta = "io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta"
    private static let listMeta = "io.k8s.apimachinery.pkg.apis.meta.v1.ListMeta"
    private static let prefix = "io.k8s.api.networking.v1."

    /// The envelope fields of a top-level object or list.
    private static func envelope(_ metadata: String) -> [FieldDefinition] {
        [.init("apiVersion", .string, proto: 0, "The versioned schema of this representation of the object."),
         .init("kind", .string, proto: 0, "The REST resource this object represents, in CamelCase."),
         .init("metadata", .ref(metadata), proto: 1, "Standard object metadata.")]
    }

    private static func kind(_ name: String) -> GroupVersionKind {
        GroupVersionKind(group: "networking.k8s.io", version: "v1", kind: name)
    }

    /// Every networking type definition.
    static let definitions: [TypeDefinition] = ingressDefinitions + ingressClassDefinitions

    private static let ingressDefinitions: [TypeDefinition] = [
        TypeDefinition(prefix + "Ingress", kind: kind("Ingress"),
                       description: "Rules routing outside HTTP traffic by host and path to Services, served by an ingress controller.",
                       fields: envelope(objectMeta) + [
            .init("spec", .ref(prefix + "IngressSpec"), proto: 2, "The routing the ingress asks for."),
            .init("status", .ref(prefix + "IngressStatus"), proto: 3, "The ingress's load balancer as last observed."),
        ]),
        TypeDefinition(prefix + "IngressList", kind: kind("IngressList"), description: "A list of ingresses.", fields: envelope(listMeta) + [
            .init("items", .array(.ref(prefix + "Ingress")), proto: 2, "The ingresses.", required: true),
        ]),
        TypeDefinition(prefix + "IngressSpec", description: "The routing an ingress asks for.", fields: [
            .init("ingressClassName", .string, proto: 4, "The IngressClass whose controller serves the ingress.", pointer: true),
            .init("defaultBackend", .ref(prefix + "IngressBackend"), proto: 1, "Where requests no rule matches go."),
            .init("tls", .array(.ref(prefix + "IngressTLS")), proto: 2, "The hosts served over TLS on port 443 and their certificates.", listType: .atomic),
            .init("rules", .array(.ref(prefix + "IngressRule")), proto: 3, "Host and path rules, tried in order.", listType: .atomic),
        ]),
        TypeDefinition(prefix + "IngressBackend", description: "Where matching traffic goes: a Service port or another resource.", fields: [
            .init("service", .ref(prefix + "IngressServiceBackend"), proto: 4, "A Service in the ingress's namespace; not with resource."),
            .init("resource", .ref("io.k8s.api.core.v1.TypedLocalObjectReference"), proto: 3, "Another object in the ingress's namespace; not with service."),
        ]),
        TypeDefinition(prefix + "IngressServiceBackend", description: "A Service and one of its ports.", fields: [
            .init("name", .string, proto: 1, "The Service's name.", required: true),
            .init("port", .ref(prefix + "ServiceBackendPort"), proto: 2, "The Service port, by name or number."),
        ]),
        TypeDefinition(prefix + "ServiceBackendPort", description: "A Service port by name or by number, not both.", fields: [
            .init("name", .string, proto: 1, "The port's name."),
            .init("number", .integer(bits: 32), proto: 2, "The port's number."),
        ]),
        TypeDefinition(prefix + "IngressTLS", description: "TLS for some hosts of an ingress.", fields: [
            .init("hosts", .array(.string), proto: 1, "The hosts the certificate covers.", listType: .atomic),
            .init("secretName", .string, proto: 2, "The Secret holding the certificate and key."),
        ]),
        TypeDefinition(prefix + "IngressRule", description: "The paths of one host (or of every host) and their backends.", fields: [
            .init("host", .string, proto: 1, "The host name the rule matches; a leading '*.' matches one label; every host when empty."),
            .init("http", .ref(prefix + "HTTPIngressRuleValue"), proto: 1, "The HTTP paths of the rule.", embeddedIn: 2),
        ]),
        TypeDefinition(prefix + "HTTPIngressRuleValue", description: "The HTTP paths of a rule.", fields: [
            .init("paths", .array(.ref(prefix + "HTTPIngressPath")), proto: 1, "Paths and the backends they route to.", required: true, listType: .atomic),
        ]),
        TypeDefinition(prefix + "HTTPIngressPath", description: "One path and its backend.", fields: [
            .init("path", .string, proto: 1, "The request path matched; must start with '/' for Exact and Prefix."),
            .init("pathType", .string, proto: 3, "Exact, Prefix (by path element) or ImplementationSpecific.", required: true),
            .init("backend", .ref(prefix + "IngressBackend"), proto: 2, "Where matching requests go.", required: true),
        ]),
        TypeDefinition(prefix + "IngressStatus", description: "The observed state of an ingress.", fields: [
            .init("loadBalancer", .ref(prefix + "IngressLoadBalancerStatus"), proto: 1, "The load balancer serving the ingress."),
        ]),
        TypeDefinition(prefix + "IngressLoadBalancerStatus", description: "The addresses of an ingress's load balancer.", fields: [
            .init("ingress", .array(.ref(prefix + "IngressLoadBalancerIngress")), proto: 1, "The load balancer's entry points.", listType: .atomic),
        ]),
        TypeDefinition(prefix + "IngressLoadBalancerIngress", description: "One entry point of a load balancer.", fields: [
            .init("ip", .string, proto: 1, "The entry point's IP address."),
            .init("hostname", .string, proto: 2, "The entry point's DNS name."),
            .init("ports", .array(.ref(prefix + "IngressPortStatus")), proto: 4, "The state of each exposed port.", listType: .atomic),
        ]),
        TypeDefinition(prefix + "IngressPortStatus", description: "The state of one load balancer port.", fields: [
            .init("port", .integer(bits: 32), proto: 1, "The port number.", required: true),
            .init("protocol", .string, proto: 2, "TCP, UDP or SCTP.", required: true),
            .init("error", .string, proto: 3, "What is wrong with the port, as a CamelCase word.", pointer: true),
        ]),
    ]

    private static let ingressClassDefinitions: [TypeDefinition] = [
        TypeDefinition(prefix + "IngressClass", kind: kind("IngressClass"),
                       description: "A kind of ingress and the controller that serves it.", fields: envelope(objectMeta) + [
            .init("spec", .ref(prefix + "IngressClassSpec"), proto: 2, "The controller and its parameters."),
        ]),
        TypeDefinition(prefix + "IngressClassList", kind: kind("IngressClassList"), description: "A list of ingress classes.", fields: envelope(listMeta) + [
            .init("items", .array(.ref(prefix + "IngressClass")), proto: 2, "The ingress classes.", required: true),
        ]),
        TypeDefinition(prefix + "IngressClassSpec", description: "The controller of an ingress class.", fields: [
            .init("controller", .string, proto: 1, "The controller's domain-prefixed name, such as example.com/ingress; immutable."),
            .init("parameters", .ref(prefix + "IngressClassParametersReference"), proto: 2, "An object holding the controller's settings."),
        ]),
        TypeDefinition(prefix + "IngressClassParametersReference", description: "The object holding an ingress controller's parameters.", fields: [
            .init("apiGroup", .string, proto: 1, "The object's group; the core group when empty.", pointer: true),
            .init("kind", .string, proto: 2, "The object's kind.", required: true),
            .init("name", .string, proto: 3, "The object's name.", required: true),
            .init("scope", .string, proto: 4, "Cluster (the default) or Namespace.", pointer: true),
            .init("namespace", .string, proto: 5, "The object's namespace, with scope Namespace.", pointer: true),
        ]),
    ]
}
