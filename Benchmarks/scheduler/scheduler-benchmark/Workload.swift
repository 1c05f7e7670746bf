import Kernel

/// The pod shapes measured, after scheduler_perf's SchedulingBasic, SchedulingPodAntiAffinity
/// and TopologySpreading.
enum Workload: String {
    /// scheduler_perf's pod-default: one container requesting cpu 100m and memory 500Mi.
    case basic
    /// pod-default plus required podAntiAffinity on kubernetes.io/hostname against the pod's own
    /// `color` group.
    case antiAffinity = "anti-affinity"
    /// pod-default plus a topologySpreadConstraint: maxSkew 1 over topology.kubernetes.io/zone,
    /// DoNotSchedule, against the pod's own `color` label.
    case spread

    /// Node `index` of a SchedulingBasic cluster: 110 pods, 4 cpu, 32Gi, hostname and zone labels.
    static func node(_ index: Int, zones: Int) -> JSONValue {
        let name = "node-\(index)"
        let resources: JSONValue = ["cpu": "4", "memory": "32Gi", "pods": "110"]
        return [
            "apiVersion": "v1", "kind": "Node",
            "metadata": [
                "name": .string(name),
                "labels": [
                    "kubernetes.io/hostname": .string(name),
                    "topology.kubernetes.io/zone": .string("zone-\(index % zones)"),
                ],
            ],
            "status": [
                "capacity": resources, "allocatable": resources,
                "conditions": [["type": "Ready", "status": "True"]],
            ],
        ]
    }

    /// Pod `name` of this workload; `index` chooses its anti-affinity group among `colors`.
    func pod(_ name: String, index: Int, colors: Int) -> JSONValue {
        var pod: JSONValue = [
            "apiVersion": "v1", "kind": "Pod",
            "metadata": ["name": .string(name), "namespace": "default"],
            "spec": [
                "containers": [[
                    "name": "pause", "image": "registry.k8s.io/pause:3.10",
                    "resources": ["requests": ["cpu": "100m", "memory": "500Mi"]],
                ]],
            ],
        ]
        switch self {
        case .basic:
            break
        case .antiAffinity:
            let color = JSONValue.string("color-\(index % colors)")
            pod[path: "metadata", "labels"] = ["color": color]
            pod[path: "spec", "affinity"] = [
                "podAntiAffinity": [
                    "requiredDuringSchedulingIgnoredDuringExecution": [[
                        "labelSelector": ["matchLabels": ["color": color]],
                        "topologyKey": "kubernetes.io/hostname",
                    ]],
                ],
            ]
        case .spread:
            pod[path: "metadata", "labels"] = ["color": "blue"]
            pod[path: "spec", "topologySpreadConstraints"] = [[
                "maxSkew": 1, "topologyKey": "topology.kubernetes.io/zone", "whenUnsatisfiable": "DoNotSchedule",
                "labelSelector": ["matchLabels": ["color": "blue"]],
            ]]
        }
        return pod
    }
}
