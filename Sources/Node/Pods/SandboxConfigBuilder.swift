import Kernel

/// Builds CRI's `PodSandboxConfig` from a pod.
enum SandboxConfigBuilder {
    /// The sandbox annotation carrying the pod's IP back to the runtime (for PodSandboxStatus).
    static let podIPAnnotation = "keelson.dev/pod-ip"

    /// The sandbox config; `dns` is the pod's formed DNS config (nil: formed here, warnings dropped).
    static func build(_ pod: PodView, attempt: Int64, options: KubeletOptions, dns: JSONValue? = nil) -> JSONValue {
        var labels = pod.pod.labels
        labels[CRILabels.podName] = pod.name
        labels[CRILabels.podNamespace] = pod.namespace
        labels[CRILabels.podUID] = pod.uid
        var annotations = CRIValues.stringMap(pod.pod[path: "metadata", "annotations"])
        annotations[CRILabels.terminationGracePeriod] = String(pod.spec["terminationGracePeriodSeconds"]?.intValue ?? 30)
        var config: JSONValue = [
            "metadata": [
                "name": .string(pod.name), "uid": .string(pod.uid),
                "namespace": .string(pod.namespace), "attempt": .int(attempt),
            ],
            "hostname": .string(hostname(pod)),
            "logDirectory": .string(logDirectory(pod, root: options.podLogRoot)),
            "labels": CRIValues.object(labels),
            "annotations": CRIValues.object(annotations),
            "linux": [
                "securityContext": ["namespaceOptions": ["network": .string(pod.hostNetwork ? "NODE" : "POD")]],
            ],
        ]
        if let dns = dns ?? PodDNS.config(for: pod, options: options) { config["dnsConfig"] = dns }
        let ports = portMappings(pod)
        if !ports.isEmpty { config["portMappings"] = .array(ports) }
        return config
    }

    /// `<root>/<namespace>_<name>_<uid>`, Kubernetes' pod log directory.
    static func logDirectory(_ pod: PodView, root: String) -> String {
        "\(root)/\(pod.namespace)_\(pod.name)_\(pod.uid)"
    }

    /// `spec.hostname` (plus `.subdomain`), else the pod name cut to 63 characters.
    private static func hostname(_ pod: PodView) -> String {
        let name = pod.spec["hostname"]?.stringValue ?? pod.name
        return String(name.prefix(63))
    }

    /// Host ports of every container, as CRI `PortMapping`s.
    private static func portMappings(_ pod: PodView) -> [JSONValue] {
        pod.containers.flatMap { container in
            (container.json["ports"]?.arrayValue ?? []).compactMap { port -> JSONValue? in
                guard let hostPort = port["hostPort"]?.intValue, hostPort > 0 else { return nil }
                var mapping: JSONValue = [
                    "protocol": .string(port["protocol"]?.stringValue ?? "TCP"),
                    "containerPort": .int(port["containerPort"]?.intValue ?? hostPort),
                    "hostPort": .int(hostPort),
                ]
                if let hostIP = port["hostIP"]?.stringValue { mapping["hostIp"] = .string(hostIP) }
                return mapping
            }
        }
    }
}
