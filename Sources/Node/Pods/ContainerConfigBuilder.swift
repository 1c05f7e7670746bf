import Kernel

/// Builds CRI's `ContainerConfig` for one container of a pod.
enum ContainerConfigBuilder {
    /// - Parameter variables: the environment `ContainerEnvironment` built, in order.
    static func build(_ container: ContainerSpec, pod: PodView, attempt: Int, variables: [(String, String)]) -> JSONValue {
        let known = Dictionary(variables, uniquingKeysWith: { _, last in last })
        let command = container.strings("command").map { ContainerEnvironment.expand($0, with: known) }
        let args = container.strings("args").map { ContainerEnvironment.expand($0, with: known) }
        let labels: [String: String] = [
            CRILabels.podName: pod.name, CRILabels.podNamespace: pod.namespace,
            CRILabels.podUID: pod.uid, CRILabels.containerName: container.name,
        ]
        let annotations: [String: String] = [
            CRILabels.restartCount: String(attempt),
            CRILabels.terminationMessagePath: container.json["terminationMessagePath"]?.stringValue ?? "/dev/termination-log",
            "io.kubernetes.container.terminationMessagePolicy": container.json["terminationMessagePolicy"]?.stringValue ?? "File",
            CRILabels.terminationGracePeriod: String(pod.spec["terminationGracePeriodSeconds"]?.intValue ?? 30),
        ]
        var config: JSONValue = [
            "metadata": ["name": .string(container.name), "attempt": .int(Int64(attempt))],
            "image": ["image": .string(container.image), "userSpecifiedImage": .string(container.image)],
            "command": .array(command.map(JSONValue.string)),
            "args": .array(args.map(JSONValue.string)),
            "envs": .array(variables.map { ["key": .string($0.0), "value": .string($0.1)] }),
            "labels": CRIValues.object(labels),
            "annotations": CRIValues.object(annotations),
            "logPath": .string("\(container.name)/\(attempt).log"),
            "stdin": .bool(container.json["stdin"]?.boolValue ?? false),
            "stdinOnce": .bool(container.json["stdinOnce"]?.boolValue ?? false),
            "tty": .bool(container.json["tty"]?.boolValue ?? false),
        ]
        if let workingDir = container.json["workingDir"]?.stringValue { config["workingDir"] = .string(workingDir) }
        return config
    }
}
