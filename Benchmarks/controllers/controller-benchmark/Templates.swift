import Kernel

/// The objects the benchmark creates: one small container per pod, as `kubectl create
/// deployment` makes them.
enum Templates {
    static func podSpec(image: String) -> JSONValue {
        ["containers": [["name": "web", "image": .string(image), "resources": ["requests": ["cpu": "10m", "memory": "16Mi"]]]]]
    }

    static func pod(_ name: String) -> JSONValue {
        ["apiVersion": "v1", "kind": "Pod", "metadata": ["name": .string(name), "labels": ["app": "bare"]],
         "spec": podSpec(image: "nginx:1.27")]
    }

    static func deployment(_ name: String, replicas: Int, image: String) -> JSONValue {
        [
            "apiVersion": "apps/v1", "kind": "Deployment", "metadata": ["name": .string(name)],
            "spec": [
                "replicas": .int(Int64(replicas)), "selector": ["matchLabels": ["app": .string(name)]],
                "template": ["metadata": ["labels": ["app": .string(name)]], "spec": podSpec(image: image)],
            ],
        ]
    }
}
