import Kernel

/// The `scale` subresource of deployments, replicasets, statefulsets and replicationcontrollers: an `autoscaling/v1` Scale with
/// `spec.replicas`, `status.replicas` and `status.selector` as a label selector string.
enum ScaleSubresource {
    /// The types serving `{resource}/scale`.
    static let servedTypes: Set<ResourceType> = [.deployments, .replicaSets, .statefulSets, .replicationControllers]

    /// Whether `type` has a scale subresource.
    static func serves(_ type: ResourceType) -> Bool { servedTypes.contains(type) }

    /// The Scale view of a stored object.
    static func scale(of object: JSONValue) -> JSONValue {
        var metadata: JSONValue = [:]
        for field in ["name", "namespace", "uid", "resourceVersion", "creationTimestamp"] {
            metadata[field] = object[path: "metadata", field]
        }
        var status: JSONValue = ["replicas": .int(object[path: "status", "replicas"]?.intValue ?? 0)]
        if let selector = object[path: "spec", "selector"] {
            // A ReplicationController's selector is a plain label map.
            let labelSelector: JSONValue = object.kind == "ReplicationController" ? ["matchLabels": selector] : selector
            status["selector"] = .string(LabelSelectorText.format(labelSelector))
        }
        return ["kind": "Scale", "apiVersion": "autoscaling/v1", "metadata": metadata,
                "spec": ["replicas": .int(object[path: "spec", "replicas"]?.intValue ?? 1)], "status": status]
    }

    /// Carries a Scale's `spec.replicas` (and resourceVersion precondition) onto the stored
    /// object; 400 on a name mismatch, 422 on a missing or negative replica count.
    static func applying(_ scale: JSONValue, to object: JSONValue, name: String) throws -> JSONValue {
        guard scale.objectValue != nil else {
            throw APIError.badRequest("Scale in version \"v1\" cannot be handled as a Scale: the body must be a JSON object")
        }
        if let kind = scale.kind, !kind.isEmpty, kind != "Scale" {
            throw APIError.badRequest("Scale in version \"v1\" cannot be handled as a Scale: kind \"\(kind)\" is not Scale")
        }
        if let given = scale.name, !given.isEmpty, given != name {
            throw APIError.badRequest("the name of the object (\(given)) does not match the name on the URL (\(name))")
        }
        let replicas = scale[path: "spec", "replicas"] ?? .int(0)
        guard let count = replicas.intValue, count >= 0, count <= Int64(Int32.max) else {
            let cause = APIError.Cause(type: "FieldValueInvalid", field: "spec.replicas",
                                       message: "Invalid value: \(replicas.text): must be greater than or equal to 0")
            throw APIError(code: 422, reason: "Invalid", message: "Scale.autoscaling \"\(name)\" is invalid: spec.replicas: \(cause.message)", causes: [cause])
        }
        var updated = object
        updated[path: "spec", "replicas"] = .int(count)
        if let revision = scale[path: "metadata", "resourceVersion"]?.stringValue, !revision.isEmpty {
            updated[path: "metadata", "resourceVersion"] = .string(revision)
        }
        return updated
    }
}
