import Kernel

extension ClusterAPI {
    /// Binds a pod to a node once: sets spec.nodeName and the PodScheduled condition; 409 when
    /// the pod is already bound, 404 when it does not exist.
    public func bind(podNamespace: String, podName: String, nodeName: String) async throws {
        _ = try await durably { try bindPod(namespace: podNamespace, name: podName, nodeName: nodeName) }
    }

    /// Sets `spec.nodeName` of an unbound pod and marks it PodScheduled, as a Binding does.
    /// 409 when the pod is already bound or being deleted; 404 when it does not exist.
    func bindPod(namespace: String, name: String, nodeName: String) throws -> JSONValue {
        guard !nodeName.isEmpty else {
            throw APIError(code: 422, reason: "Invalid", message: "Binding \"\(name)\" is invalid: target.name: Required value",
                           causes: [.required("target.name")])
        }
        func conflict(_ why: String) -> APIError {
            APIError(code: 409, reason: "Conflict", message: "Operation cannot be fulfilled on pods/binding \"\(name)\": \(why)")
        }
        let stored = try Self.mapStoreErrors(.pods, name) {
            try store.guaranteedUpdate(key(.pods, namespace, name)) { pod in
                if let bound = pod[path: "spec", "nodeName"]?.stringValue, !bound.isEmpty {
                    throw conflict("pod \(name) is already assigned to node \"\(bound)\"")
                }
                if let deletion = pod[path: "metadata", "deletionTimestamp"], !deletion.isNull {
                    throw conflict("pod \(name) is being deleted, cannot be assigned to a host")
                }
                var pod = pod
                pod[path: "spec", "nodeName"] = .string(nodeName)
                var conditions = (pod[path: "status", "conditions"]?.arrayValue ?? []).filter {
                    $0["type"]?.stringValue != "PodScheduled"
                }
                conditions.append(["type": "PodScheduled", "status": "True", "lastProbeTime": .null,
                                   "lastTransitionTime": .string(Timestamp.now())])
                pod[path: "status", "conditions"] = .array(conditions)
                return pod
            }
        }
        return stored.object
    }
}
