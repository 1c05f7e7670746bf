import Kernel

extension ClusterAPI {
    /// 403 Forbidden for a create in a namespace that is being deleted, with Kubernetes'
    /// message and a `NamespaceTerminating` cause.
    func rejectIfTerminating(_ namespace: String, _ type: ResourceType, _ name: String) throws {
        let found = try Self.mapStoreErrors(.namespaces, namespace) { try store.get(key(.namespaces, "", namespace)) }
        guard let object = found?.object else { return }
        guard object.hasDeletionTimestamp || object[path: "status", "phase"]?.stringValue == "Terminating" else { return }
        let reason = "unable to create new content in namespace \(namespace) because it is being terminated"
        throw APIError(code: 403, reason: "Forbidden", message: "\(type.resource) \"\(name)\" is forbidden: \(reason)",
                       causes: [APIError.Cause(type: "NamespaceTerminating", field: "metadata.namespace", message: reason)])
    }
}
