import Kernel

/// Namespaces: DNS-1123 label names, the `kubernetes` finalizer, an Active phase at creation,
/// and the `kubernetes.io/metadata.name` label Kubernetes keeps equal to the name.
struct NamespaceAdmission: KindAdmission {
    var nameRule: NameRule { .label }

    func applyDefaults(_ object: inout JSONValue) {
        if let name = object.name, !name.isEmpty {
            var labels = object.labels
            labels["kubernetes.io/metadata.name"] = name
            object.labels = labels
        }
        if object[path: "spec", "finalizers"] == nil {
            object[path: "spec", "finalizers"] = ["kubernetes"]
        }
    }

    func prepareForCreate(_ object: inout JSONValue) {
        object["status"] = ["phase": "Active"]
    }
}
