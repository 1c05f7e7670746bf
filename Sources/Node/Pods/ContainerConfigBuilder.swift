import Kernel

/// Builds CRI's `ContainerConfig` for one container of a pod.
enum ContainerConfigBuilder {
    /// The prefix of pod annotations that are handed to the runtime with each container (they
    /// direct what a fake runtime cannot infer, such as memory growth); Kubernetes passes pod
    /// annotations only with the sandbox config, and device plugins' annotations with containers.
    static let runtimeAnnotationPrefix = "keelson.dev/"

    /// - Parameters:
    ///   - variables: the environment `ContainerEnvironment` built, in order.
    ///   - mounts: the CRI mounts of the container's volumeMounts (`PodVolumes.mounts`).
    ///   - nodeMemory: the node's memory capacity in bytes (for the OOM score adjustment).
    static func build(_ container: ContainerSpec, pod: PodView, attempt: Int, variables: [(String, String)],
                      mounts: [JSONValue] = [], nodeMemory: Int64 = 8 << 30) -> JSONValue {
        let known = Dictionary(variables, uniquingKeysWith: { _, last in last })
        let command = container.strings("command").map { ContainerEnvironment.expand($0, with: known) }
        let args = container.strings("args").map { ContainerEnvironment.expand($0, with: known) }
        let labels: [String: String] = [
            CRILabels.podName: pod.name, CRILabels.podNamespace: pod.namespace,
            CRILabels.podUID: pod.uid, CRILabels.containerName: container.name,
        ]
        var annotations = CRIValues.stringMap(pod.pod[path: "metadata", "annotations"]).filter { $0.key.hasPrefix(runtimeAnnotationPrefix) }
        annotations.merge(kubeletAnnotations(container, pod: pod, attempt: attempt)) { _, kubelet in kubelet }
        var config: JSONValue = [
            "metadata": ["name": .string(container.name), "attempt": .int(Int64(attempt))],
            "image": ["image": .string(container.image), "userSpecifiedImage": .string(container.image)],
            "command": .array(command.map(JSONValue.string)),
            "args": .array(args.map(JSONValue.string)),
            "envs": .array(variables.map { ["key": .string($0.0), "value": .string($0.1)] }),
            "mounts": .array(mounts),
            "labels": CRIValues.object(labels),
            "annotations": CRIValues.object(annotations),
            "logPath": .string("\(container.name)/\(attempt).log"),
            "stdin": .bool(container.json["stdin"]?.boolValue ?? false),
            "stdinOnce": .bool(container.json["stdinOnce"]?.boolValue ?? false),
            "tty": .bool(container.json["tty"]?.boolValue ?? false),
        ]
        if let workingDir = container.json["workingDir"]?.stringValue { config["workingDir"] = .string(workingDir) }
        config["linux"] = ["resources": ContainerResources.linux(container, pod: pod, nodeMemory: nodeMemory)]
        return config
    }

    /// The annotations the kubelet puts on every container (Kubernetes' names): the spec's hash,
    /// restart count, termination message path and policy, grace periods, the preStop handler
    /// and the ports as JSON.
    static func kubeletAnnotations(_ container: ContainerSpec, pod: PodView, attempt: Int) -> [String: String] {
        var annotations: [String: String] = [
            "io.kubernetes.container.hash": containerHash(container),
            CRILabels.restartCount: String(attempt),
            CRILabels.terminationMessagePath: container.json["terminationMessagePath"]?.stringValue ?? "/dev/termination-log",
            "io.kubernetes.container.terminationMessagePolicy": container.json["terminationMessagePolicy"]?.stringValue ?? "File",
            CRILabels.terminationGracePeriod: String(pod.spec["terminationGracePeriodSeconds"]?.intValue ?? 30),
        ]
        if let grace = pod.pod[path: "metadata", "deletionGracePeriodSeconds"]?.intValue {
            annotations["io.kubernetes.pod.deletionGracePeriod"] = String(grace)
        }
        if let preStop = container.json[path: "lifecycle", "preStop"], preStop != .null {
            annotations["io.kubernetes.container.preStopHandler"] = preStop.text
        }
        if let ports = container.json["ports"], ports.arrayValue?.isEmpty == false {
            annotations["io.kubernetes.container.ports"] = ports.text
        }
        return annotations
    }

    /// A stable hash of the container's spec in hex (FNV-1a over its JSON), as the kubelet
    /// labels containers to notice spec changes.
    static func containerHash(_ container: ContainerSpec) -> String {
        var hash: UInt32 = 2_166_136_261
        for byte in container.json.text.utf8 {
            hash ^= UInt32(byte)
            hash = hash &* 16_777_619
        }
        return String(hash, radix: 16)
    }
}
