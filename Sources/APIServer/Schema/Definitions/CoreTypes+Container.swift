/// Containers: their image, command, ports, environment, resources and mounts.
extension CoreTypes {
    /// The fields of `Container`, shared with `EphemeralContainer` (which embeds them).
    static let containerFields: [FieldDefinition] = [
        .init("name", .string, proto: 1, "The container's name, a DNS label unique in the pod.", required: true),
        .init("image", .string, proto: 2, "The container image to run."),
        .init("command", .array(.string), proto: 3, "The entrypoint, replacing the image's; not run in a shell.", listType: .atomic),
        .init("args", .array(.string), proto: 4, "Arguments to the entrypoint, replacing the image's.", listType: .atomic),
        .init("workingDir", .string, proto: 5, "The working directory; the image's when unset."),
        .init("ports", .array(.ref(prefix + "ContainerPort")), proto: 6, "Ports the container listens on; informational.",
              listType: .map(keys: ["containerPort", "protocol"]), patchStrategy: "merge", patchMergeKey: "containerPort"),
        .init("envFrom", .array(.ref(prefix + "EnvFromSource")), proto: 19, "ConfigMaps and Secrets whose keys become environment variables.", listType: .atomic),
        .init("env", .array(.ref(prefix + "EnvVar")), proto: 7, "Environment variables to set.",
              listType: .map(keys: ["name"]), patchStrategy: "merge", patchMergeKey: "name"),
        .init("resources", .ref(prefix + "ResourceRequirements"), proto: 8, "The compute resources the container requests and may use at most."),
        .init("resizePolicy", .array(.ref(prefix + "ContainerResizePolicy")), proto: 23, "Whether a resize of each resource needs a restart.", listType: .atomic),
        .init("restartPolicy", .string, proto: 24, "A per-container restart policy; Always on an init container makes it a sidecar.", pointer: true),
        .init("restartPolicyRules", .array(.ref(prefix + "ContainerRestartRule")), proto: 25, "Rules on exit codes that decide whether the container restarts.", listType: .atomic),
        .init("volumeMounts", .array(.ref(prefix + "VolumeMount")), proto: 9, "Pod volumes to mount into the container.",
              listType: .map(keys: ["mountPath"]), patchStrategy: "merge", patchMergeKey: "mountPath"),
        .init("volumeDevices", .array(.ref(prefix + "VolumeDevice")), proto: 21, "Raw block devices to expose to the container.",
              listType: .map(keys: ["devicePath"]), patchStrategy: "merge", patchMergeKey: "devicePath"),
        .init("livenessProbe", .ref(prefix + "Probe"), proto: 10, "A check whose failure restarts the container."),
        .init("readinessProbe", .ref(prefix + "Probe"), proto: 11, "A check whose failure takes the pod out of service endpoints."),
        .init("startupProbe", .ref(prefix + "Probe"), proto: 22, "A check that must pass before the other probes start."),
        .init("lifecycle", .ref(prefix + "Lifecycle"), proto: 12, "Actions to run after start and before stop."),
        .init("terminationMessagePath", .string, proto: 13, "The file the container writes its termination message to; /dev/termination-log by default."),
        .init("terminationMessagePolicy", .string, proto: 20, "Where the termination message comes from: File or FallbackToLogsOnError."),
        .init("imagePullPolicy", .string, proto: 14, "When the image is pulled: Always, Never or IfNotPresent."),
        .init("securityContext", .ref(prefix + "SecurityContext"), proto: 15, "Security settings for the container."),
        .init("stdin", .boolean, proto: 16, "Allocate a standard input buffer for the container."),
        .init("stdinOnce", .boolean, proto: 17, "Close standard input after the first attach ends."),
        .init("tty", .boolean, proto: 18, "Allocate a terminal for the container; needs stdin."),
    ]

    /// Container and the types of its fields.
    static let containerTypes: [TypeDefinition] = [
        TypeDefinition(prefix + "Container", description: "One container of a pod.", fields: containerFields),
        TypeDefinition(prefix + "EphemeralContainer", description: "A container added to a running pod for debugging; never restarted.",
                       fields: embedded(containerFields, in: 1) + [
            .init("targetContainerName", .string, proto: 2, "The pod container whose namespaces this container joins."),
        ]),
        TypeDefinition(prefix + "ContainerPort", description: "A network port of a container.", fields: [
            .init("name", .string, proto: 1, "A name services can refer to; unique in the pod."),
            .init("hostPort", .integer(bits: 32), proto: 2, "A port on the node forwarded to this one."),
            .init("containerPort", .integer(bits: 32), proto: 3, "The port number on the pod's IP address.", required: true),
            .init("protocol", .string, proto: 4, "TCP (the default), UDP or SCTP."),
            .init("hostIP", .string, proto: 5, "The node address the host port binds to."),
        ]),
        TypeDefinition(prefix + "EnvVar", description: "An environment variable of a container.", fields: [
            .init("name", .string, proto: 1, "The variable's name.", required: true),
            .init("value", .string, proto: 2, "The value; $(VAR) references to earlier variables are expanded."),
            .init("valueFrom", .ref(prefix + "EnvVarSource"), proto: 3, "Where the value comes from, instead of value."),
        ]),
        TypeDefinition(prefix + "EnvVarSource", description: "Where an environment variable's value comes from; exactly one member is set.", fields: [
            .init("fieldRef", .ref(prefix + "ObjectFieldSelector"), proto: 1, "A field of the pod, such as metadata.name or status.podIP."),
            .init("resourceFieldRef", .ref(prefix + "ResourceFieldSelector"), proto: 2, "A resource request or limit of the container."),
            .init("configMapKeyRef", .ref(prefix + "ConfigMapKeySelector"), proto: 3, "A key of a ConfigMap."),
            .init("secretKeyRef", .ref(prefix + "SecretKeySelector"), proto: 4, "A key of a Secret."),
            .init("fileKeyRef", .ref(prefix + "FileKeySelector"), proto: 5, "A key of an env file in a volume."),
        ]),
        TypeDefinition(prefix + "ConfigMapKeySelector", description: "One key of a ConfigMap in the pod's namespace.",
                       fields: embedded(localObjectReferenceFields, in: 1) + [
            .init("key", .string, proto: 2, "The key.", required: true),
            .init("optional", .boolean, proto: 3, "Whether the ConfigMap or key may be missing.", pointer: true),
        ]),
        TypeDefinition(prefix + "SecretKeySelector", description: "One key of a Secret in the pod's namespace.",
                       fields: embedded(localObjectReferenceFields, in: 1) + [
            .init("key", .string, proto: 2, "The key.", required: true),
            .init("optional", .boolean, proto: 3, "Whether the Secret or key may be missing.", pointer: true),
        ]),
        TypeDefinition(prefix + "FileKeySelector", description: "One key of an env file in a volume.", fields: [
            .init("volumeName", .string, proto: 1, "The volume that holds the file.", required: true),
            .init("path", .string, proto: 2, "The file's path in the volume.", required: true),
            .init("key", .string, proto: 3, "The key in the file.", required: true),
            .init("optional", .boolean, proto: 4, "Whether the file or key may be missing.", pointer: true),
        ]),
        TypeDefinition(prefix + "ObjectFieldSelector", description: "Selects a field of the pod by path.", fields: [
            .init("apiVersion", .string, proto: 1, "The schema version the path is written against; v1 by default."),
            .init("fieldPath", .string, proto: 2, "The field's path.", required: true),
        ]),
        TypeDefinition(prefix + "ResourceFieldSelector", description: "Selects a container's resource request or limit, and its unit.", fields: [
            .init("containerName", .string, proto: 1, "The container; required in volumes."),
            .init("resource", .string, proto: 2, "The resource, such as limits.cpu.", required: true),
            .init("divisor", .quantity, proto: 3, "The unit the value is expressed in; 1 by default."),
        ]),
        TypeDefinition(prefix + "EnvFromSource", description: "A ConfigMap or Secret whose keys all become environment variables.", fields: [
            .init("prefix", .string, proto: 1, "Text put in front of each variable name."),
            .init("configMapRef", .ref(prefix + "ConfigMapEnvSource"), proto: 2, "The ConfigMap."),
            .init("secretRef", .ref(prefix + "SecretEnvSource"), proto: 3, "The Secret."),
        ]),
        TypeDefinition(prefix + "ConfigMapEnvSource", description: "A ConfigMap whose data become environment variables.",
                       fields: embedded(localObjectReferenceFields, in: 1) + [
            .init("optional", .boolean, proto: 2, "Whether the ConfigMap may be missing.", pointer: true),
        ]),
        TypeDefinition(prefix + "SecretEnvSource", description: "A Secret whose data become environment variables.",
                       fields: embedded(localObjectReferenceFields, in: 1) + [
            .init("optional", .boolean, proto: 2, "Whether the Secret may be missing.", pointer: true),
        ]),
        TypeDefinition(prefix + "ResourceRequirements", description: "Compute resource requests and limits.", fields: [
            .init("limits", .map(.quantity), proto: 1, "The most of each resource that may be used."),
            .init("requests", .map(.quantity), proto: 2, "The amount of each resource to reserve; defaults to the limits."),
            .init("claims", .array(.ref(prefix + "ResourceClaim")), proto: 3, "Pod resource claims this container uses.", listType: .map(keys: ["name"])),
        ]),
        TypeDefinition(prefix + "ResourceClaim", description: "A reference to one of the pod's resource claims.", fields: [
            .init("name", .string, proto: 1, "The claim's name in pod.spec.resourceClaims.", required: true),
            .init("request", .string, proto: 2, "One request of the claim; all of it when empty."),
        ]),
        TypeDefinition(prefix + "VolumeMount", description: "Where a pod volume is mounted in a container.", fields: [
            .init("name", .string, proto: 1, "The volume's name.", required: true),
            .init("readOnly", .boolean, proto: 2, "Mount read-only."),
            .init("recursiveReadOnly", .string, proto: 7, "Whether read-only applies to sub-mounts: Disabled, IfPossible or Enabled.", pointer: true),
            .init("mountPath", .string, proto: 3, "The path in the container.", required: true),
            .init("subPath", .string, proto: 4, "A path inside the volume to mount instead of its root."),
            .init("mountPropagation", .string, proto: 5, "How mounts propagate: None, HostToContainer or Bidirectional.", pointer: true),
            .init("subPathExpr", .string, proto: 6, "Like subPath, with $(VAR) references expanded."),
        ]),
        TypeDefinition(prefix + "VolumeDevice", description: "Where a raw block volume appears in a container.", fields: [
            .init("name", .string, proto: 1, "The name of the pod's persistentVolumeClaim volume.", required: true),
            .init("devicePath", .string, proto: 2, "The device path in the container.", required: true),
        ]),
        TypeDefinition(prefix + "ContainerResizePolicy", description: "What an in-place resize of one resource requires.", fields: [
            .init("resourceName", .string, proto: 1, "cpu or memory.", required: true),
            .init("restartPolicy", .string, proto: 2, "NotRequired or RestartContainer.", required: true),
        ]),
        TypeDefinition(prefix + "ContainerRestartRule", description: "A rule that decides, from a container's exit, whether it restarts.", fields: [
            .init("action", .string, proto: 1, "What to do when the rule matches: Restart.", required: true),
            .init("exitCodes", .ref(prefix + "ContainerRestartRuleOnExitCodes"), proto: 2, "The exit codes the rule matches."),
        ]),
        TypeDefinition(prefix + "ContainerRestartRuleOnExitCodes", description: "A test on a container's exit code.", fields: [
            .init("operator", .string, proto: 1, "In or NotIn.", required: true),
            .init("values", .array(.integer(bits: 32)), proto: 2, "The exit codes.", listType: .set),
        ]),
    ]

    /// Probes and lifecycle hooks.
    static let probeTypes: [TypeDefinition] = [
        TypeDefinition(prefix + "Probe", description: "A periodic health check of a container.",
                       fields: embedded([
            .init("exec", .ref(prefix + "ExecAction"), proto: 1, "Run a command in the container."),
            .init("httpGet", .ref(prefix + "HTTPGetAction"), proto: 2, "Send an HTTP GET request."),
            .init("tcpSocket", .ref(prefix + "TCPSocketAction"), proto: 3, "Open a TCP connection."),
            .init("grpc", .ref(prefix + "GRPCAction"), proto: 4, "Call the gRPC health service."),
        ], in: 1) + [
            .init("initialDelaySeconds", .integer(bits: 32), proto: 2, "Seconds after start before the first check."),
            .init("timeoutSeconds", .integer(bits: 32), proto: 3, "Seconds before a check times out; 1 by default."),
            .init("periodSeconds", .integer(bits: 32), proto: 4, "Seconds between checks; 10 by default."),
            .init("successThreshold", .integer(bits: 32), proto: 5, "Consecutive successes needed after a failure; 1 by default."),
            .init("failureThreshold", .integer(bits: 32), proto: 6, "Consecutive failures that count as failed; 3 by default."),
            .init("terminationGracePeriodSeconds", .integer(bits: 64), proto: 7, "A grace period that replaces the pod's when this probe fails.", pointer: true),
        ]),
        TypeDefinition(prefix + "ExecAction", description: "Runs a command in the container; exit code 0 means healthy.", fields: [
            .init("command", .array(.string), proto: 1, "The command and its arguments; not run in a shell.", listType: .atomic),
        ]),
        TypeDefinition(prefix + "HTTPGetAction", description: "An HTTP GET request; a 2xx or 3xx answer means healthy.", fields: [
            .init("path", .string, proto: 1, "The request path."),
            .init("port", .intOrString, proto: 2, "The port, by number or by name.", required: true),
            .init("host", .string, proto: 3, "The host to connect to; the pod IP by default."),
            .init("scheme", .string, proto: 4, "HTTP (the default) or HTTPS."),
            .init("httpHeaders", .array(.ref(prefix + "HTTPHeader")), proto: 5, "Extra request headers.", listType: .atomic),
        ]),
        TypeDefinition(prefix + "HTTPHeader", description: "A header of an HTTP probe request.", fields: [
            .init("name", .string, proto: 1, "The header name.", required: true),
            .init("value", .string, proto: 2, "The header value.", required: true),
        ]),
        TypeDefinition(prefix + "TCPSocketAction", description: "Opens a TCP connection; success means healthy.", fields: [
            .init("port", .intOrString, proto: 1, "The port, by number or by name.", required: true),
            .init("host", .string, proto: 2, "The host to connect to; the pod IP by default."),
        ]),
        TypeDefinition(prefix + "GRPCAction", description: "Calls the gRPC health-checking service.", fields: [
            .init("port", .integer(bits: 32), proto: 1, "The port of the gRPC service.", required: true),
            .init("service", .string, proto: 2, "The service name put in the health check request.", pointer: true),
        ]),
        TypeDefinition(prefix + "Lifecycle", description: "Actions taken when a container starts and before it stops.", fields: [
            .init("postStart", .ref(prefix + "LifecycleHandler"), proto: 1, "Runs right after the container is created."),
            .init("preStop", .ref(prefix + "LifecycleHandler"), proto: 2, "Runs before the container is stopped."),
            .init("stopSignal", .string, proto: 3, "The signal sent to stop the container.", pointer: true),
        ]),
        TypeDefinition(prefix + "LifecycleHandler", description: "One lifecycle hook action; exactly one member is set.", fields: [
            .init("exec", .ref(prefix + "ExecAction"), proto: 1, "Run a command in the container."),
            .init("httpGet", .ref(prefix + "HTTPGetAction"), proto: 2, "Send an HTTP GET request."),
            .init("tcpSocket", .ref(prefix + "TCPSocketAction"), proto: 3, "Deprecated; accepted but not run."),
            .init("sleep", .ref(prefix + "SleepAction"), proto: 4, "Wait for a number of seconds."),
        ]),
        TypeDefinition(prefix + "SleepAction", description: "Waits for a while.", fields: [
            .init("seconds", .integer(bits: 64), proto: 1, "How many seconds to wait.", required: true),
        ]),
    ]
}
