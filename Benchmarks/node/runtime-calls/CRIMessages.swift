import Kernel

/// The CRI request messages the benchmark sends, shaped as the kubelet builds them (proto3 JSON
/// mapping of runtime.v1): a pod sandbox per pod, one long-running container in each.
enum CRIMessages {
    /// The image every container runs: a server that keeps running until it is stopped.
    static let image = "nginx:1.27"

    /// A `PodSandboxConfig` for pod `name` in namespace `bench`, its logs under `logRoot` (the
    /// runtime creates the container log files there, as it would under /var/log/pods).
    static func sandboxConfig(_ name: String, uid: String, logRoot: String) -> JSONValue {
        [
            "metadata": ["name": .string(name), "namespace": "bench", "uid": .string(uid), "attempt": 0],
            "hostname": .string(name),
            "logDirectory": .string("\(logRoot)/bench_\(name)_\(uid)"),
            "dnsConfig": ["servers": ["127.96.0.10"], "searches": ["bench.svc.cluster.local", "svc.cluster.local", "cluster.local"], "options": ["ndots:5"]],
            "labels": ["app": "bench", "io.kubernetes.pod.name": .string(name), "io.kubernetes.pod.namespace": "bench", "io.kubernetes.pod.uid": .string(uid)],
            "annotations": ["keelson.dev/pod-ip": "127.244.0.2", "kubernetes.io/config.source": "api"],
            "linux": [:],
        ]
    }

    /// A `ContainerConfig` for the pod's container `main`.
    static func containerConfig(pod: String, uid: String) -> JSONValue {
        [
            "metadata": ["name": "main", "attempt": 0],
            "image": ["image": .string(image)],
            "command": [],
            "args": [],
            "envs": [["key": "POD_NAME", "value": .string(pod)], ["key": "POD_NAMESPACE", "value": "bench"]],
            "labels": ["io.kubernetes.container.name": "main", "io.kubernetes.pod.name": .string(pod), "io.kubernetes.pod.namespace": "bench", "io.kubernetes.pod.uid": .string(uid)],
            "annotations": ["io.kubernetes.container.restartCount": "0", "io.kubernetes.container.terminationMessagePath": "/dev/termination-log"],
            "logPath": "main/0.log",
            "mounts": [],
            "linux": [:],
        ]
    }
}
