/// Services and Endpoints.
extension CoreTypes {
    /// Service, its spec and status, and Endpoints with its subsets.
    static let serviceTypes: [TypeDefinition] = [
        TypeDefinition(prefix + "Service", kind: kind("Service"),
                       description: "A Service gives a set of pods, chosen by labels, one stable address and name.",
                       fields: typeMetaFields("Service") + [
            metadataField("service"),
            .init("spec", .ref(prefix + "ServiceSpec"), proto: 2, "How the service is exposed and which pods it reaches."),
            .init("status", .ref(prefix + "ServiceStatus"), proto: 3, "The observed state of the service. Read-only."),
        ]),
        TypeDefinition(prefix + "ServiceSpec", description: "How a service is exposed and which pods it reaches.", fields: [
            .init("ports", .array(.ref(prefix + "ServicePort")), proto: 1, "The ports the service exposes.",
                  listType: .map(keys: ["port", "protocol"]), patchStrategy: "merge", patchMergeKey: "port"),
            .init("selector", .map(.string), proto: 2, "Labels of the pods that receive the traffic; endpoints are managed elsewhere when empty."),
            .init("clusterIP", .string, proto: 3, "The service's virtual IP; allocated when empty, None for a headless service."),
            .init("clusterIPs", .array(.string), proto: 18, "The service's virtual IPs, one per family; the first equals clusterIP.", listType: .atomic),
            .init("type", .string, proto: 4, "ClusterIP (the default), NodePort, LoadBalancer or ExternalName."),
            .init("externalIPs", .array(.string), proto: 5, "Extra addresses on which nodes accept traffic for the service.", listType: .atomic),
            .init("sessionAffinity", .string, proto: 7, "ClientIP to send a client to the same pod, or None (the default)."),
            .init("loadBalancerIP", .string, proto: 8, "Deprecated: the address requested for a load balancer."),
            .init("loadBalancerSourceRanges", .array(.string), proto: 9, "Client address ranges a load balancer admits.", listType: .atomic),
            .init("externalName", .string, proto: 10, "The DNS name an ExternalName service aliases."),
            .init("externalTrafficPolicy", .string, proto: 11, "Cluster (the default) or Local: whether external traffic may leave the node it arrives on."),
            .init("healthCheckNodePort", .integer(bits: 32), proto: 12, "The node port load balancers use for health checks with the Local policy."),
            .init("publishNotReadyAddresses", .boolean, proto: 13, "Publish endpoints of pods that are not ready."),
            .init("sessionAffinityConfig", .ref(prefix + "SessionAffinityConfig"), proto: 14, "Settings of session affinity."),
            .init("ipFamilies", .array(.string), proto: 19, "The IP families of the service: IPv4, IPv6.", listType: .atomic),
            .init("ipFamilyPolicy", .string, proto: 17, "SingleStack, PreferDualStack or RequireDualStack.", pointer: true),
            .init("allocateLoadBalancerNodePorts", .boolean, proto: 20, "Whether a LoadBalancer service gets node ports; true by default.", pointer: true),
            .init("loadBalancerClass", .string, proto: 21, "The load balancer implementation that handles the service.", pointer: true),
            .init("internalTrafficPolicy", .string, proto: 22, "Cluster (the default) or Local, for traffic to the cluster IP.", pointer: true),
            .init("trafficDistribution", .string, proto: 23, "A preference for how traffic spreads over endpoints, such as PreferClose.", pointer: true),
        ]),
        TypeDefinition(prefix + "ServicePort", description: "One port of a service.", fields: [
            .init("name", .string, proto: 1, "The port's name; needed when there are several ports."),
            .init("protocol", .string, proto: 2, "TCP (the default), UDP or SCTP."),
            .init("appProtocol", .string, proto: 6, "The application protocol, as a hint to implementations.", pointer: true),
            .init("port", .integer(bits: 32), proto: 3, "The port the service exposes.", required: true),
            .init("targetPort", .intOrString, proto: 4, "The port on the pods, by number or by container port name; port by default."),
            .init("nodePort", .integer(bits: 32), proto: 5, "The port on every node, for NodePort and LoadBalancer services."),
        ]),
        TypeDefinition(prefix + "ServiceStatus", description: "The observed state of a service.", fields: [
            .init("loadBalancer", .ref(prefix + "LoadBalancerStatus"), proto: 1, "The load balancer, if there is one."),
            .init("conditions", .array(.ref(MetaTypes.condition)), proto: 2, "The service's current conditions.",
                  listType: .map(keys: ["type"]), patchStrategy: "merge", patchMergeKey: "type"),
        ]),
        TypeDefinition(prefix + "LoadBalancerStatus", description: "The state of a load balancer.", fields: [
            .init("ingress", .array(.ref(prefix + "LoadBalancerIngress")), proto: 1, "Where the load balancer receives traffic.", listType: .atomic),
        ]),
        TypeDefinition(prefix + "LoadBalancerIngress", description: "An entry point of a load balancer.", fields: [
            .init("ip", .string, proto: 1, "The entry point's IP address."),
            .init("hostname", .string, proto: 2, "The entry point's DNS name."),
            .init("ipMode", .string, proto: 3, "How traffic arrives: VIP or Proxy.", pointer: true),
            .init("ports", .array(.ref(prefix + "PortStatus")), proto: 4, "The state of each service port.", listType: .atomic),
        ]),
        TypeDefinition(prefix + "PortStatus", description: "The state of one service port on a load balancer.", fields: [
            .init("port", .integer(bits: 32), proto: 1, "The port number.", required: true),
            .init("protocol", .string, proto: 2, "TCP, UDP or SCTP.", required: true),
            .init("error", .string, proto: 3, "What went wrong with the port, in CamelCase.", pointer: true),
        ]),
        TypeDefinition(prefix + "SessionAffinityConfig", description: "Settings of session affinity.", fields: [
            .init("clientIP", .ref(prefix + "ClientIPConfig"), proto: 1, "Settings of client-IP affinity."),
        ]),
        TypeDefinition(prefix + "ClientIPConfig", description: "Settings of client-IP session affinity.", fields: [
            .init("timeoutSeconds", .integer(bits: 32), proto: 1, "How long a client sticks to a pod; 10800 by default, at most 86400.", pointer: true),
        ]),
        TypeDefinition(prefix + "Endpoints", kind: kind("Endpoints"),
                       description: "Endpoints lists the addresses and ports that back a service.",
                       fields: typeMetaFields("Endpoints") + [
            metadataField("endpoints"),
            .init("subsets", .array(.ref(prefix + "EndpointSubset")), proto: 2, "Groups of addresses that share the same ports.", listType: .atomic),
        ]),
        TypeDefinition(prefix + "EndpointSubset", description: "Addresses that all offer the same ports.", fields: [
            .init("addresses", .array(.ref(prefix + "EndpointAddress")), proto: 1, "Addresses ready to take traffic.", listType: .atomic),
            .init("notReadyAddresses", .array(.ref(prefix + "EndpointAddress")), proto: 2, "Addresses not ready yet.", listType: .atomic),
            .init("ports", .array(.ref(prefix + "EndpointPort")), proto: 3, "The ports offered.", listType: .atomic),
        ]),
        TypeDefinition(prefix + "EndpointAddress", description: "One address behind a service.", fields: [
            .init("ip", .string, proto: 1, "The IP address.", required: true),
            .init("hostname", .string, proto: 3, "The host name of the endpoint."),
            .init("nodeName", .string, proto: 4, "The node the endpoint runs on.", pointer: true),
            .init("targetRef", .ref(objectReference), proto: 2, "The object behind the address, usually a pod."),
        ]),
        TypeDefinition(prefix + "EndpointPort", description: "One port behind a service.", fields: [
            .init("name", .string, proto: 1, "The name of the matching service port."),
            .init("port", .integer(bits: 32), proto: 2, "The port number.", required: true),
            .init("protocol", .string, proto: 3, "TCP (the default), UDP or SCTP."),
            .init("appProtocol", .string, proto: 4, "The application protocol.", pointer: true),
        ]),
    ]
}
