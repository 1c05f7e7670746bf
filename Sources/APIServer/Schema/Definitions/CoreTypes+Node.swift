/// Nodes: their spec (taints, pod ranges) and status (capacity, conditions, addresses, system info).
extension CoreTypes {
    /// Node, NodeSpec, NodeStatus and the types only they use.
    static let nodeTypes: [TypeDefinition] = [
        TypeDefinition(prefix + "Node", kind: kind("Node"), description: "A Node is a machine that runs pods.",
                       fields: typeMetaFields("Node") + [
            metadataField("node"),
            .init("spec", .ref(prefix + "NodeSpec"), proto: 2, "How the node is configured."),
            .init("status", .ref(prefix + "NodeStatus"), proto: 3, "What the node last reported about itself. Read-only."),
        ]),
        TypeDefinition(prefix + "NodeSpec", description: "The configuration of a node.", fields: [
            .init("podCIDR", .string, proto: 1, "The pod IP range assigned to the node."),
            .init("podCIDRs", .array(.string), proto: 7, "The pod IP ranges assigned to the node, at most one per family; the first equals podCIDR.",
                  listType: .set, patchStrategy: "merge"),
            .init("providerID", .string, proto: 3, "The cloud provider's ID for the node, as <provider>://<id>."),
            .init("unschedulable", .boolean, proto: 4, "Keeps new pods off the node (cordon)."),
            .init("taints", .array(.ref(prefix + "Taint")), proto: 5, "The node's taints.", listType: .atomic),
            .init("configSource", .freeform, proto: 6, "Deprecated: the source of the node's dynamic kubelet configuration."),
            .init("externalID", .string, proto: 2, "Deprecated: an external identifier of the node."),
        ]),
        TypeDefinition(prefix + "Taint", description: "A taint repels pods that do not tolerate it.", fields: [
            .init("key", .string, proto: 1, "The taint key.", required: true),
            .init("value", .string, proto: 2, "The taint value."),
            .init("effect", .string, proto: 3, "NoSchedule, PreferNoSchedule or NoExecute.", required: true),
            .init("timeAdded", .time, proto: 4, "When a NoExecute taint was added."),
        ]),
        TypeDefinition(prefix + "NodeStatus", description: "The observed state of a node.", fields: [
            .init("capacity", .map(.quantity), proto: 1, "The node's total resources."),
            .init("allocatable", .map(.quantity), proto: 2, "The resources available to pods; the capacity by default."),
            .init("phase", .string, proto: 3, "Deprecated and unused: the node's lifecycle phase."),
            .init("conditions", .array(.ref(prefix + "NodeCondition")), proto: 4, "The node's current conditions, such as Ready.",
                  listType: .map(keys: ["type"]), patchStrategy: "merge", patchMergeKey: "type"),
            .init("addresses", .array(.ref(prefix + "NodeAddress")), proto: 5, "The node's addresses.",
                  listType: .map(keys: ["type"]), patchStrategy: "merge", patchMergeKey: "type"),
            .init("daemonEndpoints", .ref(prefix + "NodeDaemonEndpoints"), proto: 6, "The ports of the daemons on the node."),
            .init("nodeInfo", .ref(prefix + "NodeSystemInfo"), proto: 7, "Identifiers and versions reported by the node."),
            .init("images", .array(.ref(prefix + "ContainerImage")), proto: 8, "Container images present on the node.", listType: .atomic),
            .init("volumesInUse", .array(.string), proto: 9, "Attachable volumes mounted on the node.", listType: .atomic),
            .init("volumesAttached", .array(.ref(prefix + "AttachedVolume")), proto: 10, "Volumes attached to the node.", listType: .atomic),
            .init("config", .freeform, proto: 11, "Deprecated: the state of dynamic kubelet configuration."),
            .init("runtimeHandlers", .array(.ref(prefix + "NodeRuntimeHandler")), proto: 12, "The runtime handlers available.", listType: .atomic),
            .init("features", .ref(prefix + "NodeFeatures"), proto: 13, "Features the container runtime supports."),
            .init("declaredFeatures", .array(.string), proto: 14, "Feature-gate related features the node declares.", listType: .atomic),
        ]),
        TypeDefinition(prefix + "NodeAddress", description: "One address of a node.", fields: [
            .init("type", .string, proto: 1, "Hostname, InternalIP, ExternalIP, InternalDNS or ExternalDNS.", required: true),
            .init("address", .string, proto: 2, "The address.", required: true),
        ]),
        TypeDefinition(prefix + "NodeCondition", description: "One condition of a node, such as Ready or MemoryPressure.", fields: [
            .init("type", .string, proto: 1, "The condition's type.", required: true),
            .init("status", .string, proto: 2, "True, False or Unknown.", required: true),
            .init("lastHeartbeatTime", .time, proto: 3, "When the node last reported the condition."),
            .init("lastTransitionTime", .time, proto: 4, "When the status last changed."),
            .init("reason", .string, proto: 5, "A CamelCase word for the last transition."),
            .init("message", .string, proto: 6, "A human-readable note on the last transition."),
        ]),
        TypeDefinition(prefix + "NodeDaemonEndpoints", description: "The ports the node's daemons listen on.", fields: [
            .init("kubeletEndpoint", .ref(prefix + "DaemonEndpoint"), proto: 1, "The kubelet's endpoint."),
        ]),
        TypeDefinition(prefix + "DaemonEndpoint", description: "The port of one daemon.", fields: [
            .init("Port", .integer(bits: 32), proto: 1, "The port number.", required: true),
        ]),
        TypeDefinition(prefix + "NodeSystemInfo", description: "Identifiers and software versions a node reports.", fields: [
            .init("machineID", .string, proto: 1, "The machine ID from /etc/machine-id.", required: true),
            .init("systemUUID", .string, proto: 2, "The hardware UUID.", required: true),
            .init("bootID", .string, proto: 3, "The ID of the current boot.", required: true),
            .init("kernelVersion", .string, proto: 4, "The kernel version.", required: true),
            .init("osImage", .string, proto: 5, "The operating system's name and version.", required: true),
            .init("containerRuntimeVersion", .string, proto: 6, "The container runtime and its version.", required: true),
            .init("kubeletVersion", .string, proto: 7, "The node agent's version.", required: true),
            .init("kubeProxyVersion", .string, proto: 8, "Deprecated: the service proxy's version.", required: true),
            .init("operatingSystem", .string, proto: 9, "The operating system, such as linux.", required: true),
            .init("architecture", .string, proto: 10, "The CPU architecture, such as amd64.", required: true),
            .init("swap", .ref(prefix + "NodeSwapStatus"), proto: 11, "The node's swap memory."),
        ]),
        TypeDefinition(prefix + "NodeSwapStatus", description: "A node's swap memory.", fields: [
            .init("capacity", .integer(bits: 64), proto: 1, "The total swap in bytes.", pointer: true),
        ]),
        TypeDefinition(prefix + "ContainerImage", description: "A container image present on a node.", fields: [
            .init("names", .array(.string), proto: 1, "The names the image is known by.", listType: .atomic),
            .init("sizeBytes", .integer(bits: 64), proto: 2, "The image's size in bytes."),
        ]),
        TypeDefinition(prefix + "AttachedVolume", description: "A volume attached to a node.", fields: [
            .init("name", .string, proto: 1, "The volume's name.", required: true),
            .init("devicePath", .string, proto: 2, "Where the device appears on the node.", required: true),
        ]),
        TypeDefinition(prefix + "NodeRuntimeHandler", description: "A runtime handler of the node and its features.", fields: [
            .init("name", .string, proto: 1, "The handler's name; empty for the default."),
            .init("features", .ref(prefix + "NodeRuntimeHandlerFeatures"), proto: 2, "What the handler supports."),
        ]),
        TypeDefinition(prefix + "NodeRuntimeHandlerFeatures", description: "Features of a runtime handler.", fields: [
            .init("recursiveReadOnlyMounts", .boolean, proto: 1, "Supports recursive read-only mounts.", pointer: true),
            .init("userNamespaces", .boolean, proto: 2, "Supports user namespaces.", pointer: true),
        ]),
        TypeDefinition(prefix + "NodeFeatures", description: "Features of the node's container runtime.", fields: [
            .init("supplementalGroupsPolicy", .boolean, proto: 1, "Supports supplementalGroupsPolicy.", pointer: true),
            .init("containerUlimits", .boolean, proto: 2, "Supports per-container ulimits.", pointer: true),
        ]),
    ]
}
