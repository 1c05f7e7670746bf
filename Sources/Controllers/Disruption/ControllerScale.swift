import Kernel

/// How many pods the controllers of a budget's pods want, as Kubernetes' disruption controller
/// works it out for `maxUnavailable` and percentage `minAvailable`: every selected pod must have
/// a controller, and each distinct top controller — a Deployment (through its ReplicaSet), a
/// ReplicaSet, a StatefulSet or a ReplicationController — counts its `spec.replicas` once.
struct ControllerScale {
    /// A pod the scale could not be found for, which fails the budget's sync.
    struct Failure: Error, CustomStringConvertible {
        /// What went wrong, as the SyncFailed condition reports it.
        let description: String
    }

    /// Reads an object of a type from the controller's caches.
    let lookup: (ResourceType, _ namespace: String, _ name: String) -> JSONValue?

    /// The summed scale of the pods' controllers and the names of pods with no controller.
    func expectedPods(_ pods: [JSONValue]) throws -> (count: Int64, unmanaged: [String]) {
        var scales: [String: Int64] = [:]
        var unmanaged: [String] = []
        for pod in pods {
            guard let owner = pod.controllerReference else {
                unmanaged.append(pod.name ?? "")
                continue
            }
            guard let (uid, replicas) = scale(of: owner, namespace: pod.namespace ?? "") else {
                throw Failure(description: "found no controllers for pod \"\(pod.name ?? "")\"")
            }
            scales[uid] = replicas
        }
        return (scales.values.reduce(0, +), unmanaged)
    }

    /// The top controller's uid and replicas for a pod's controller reference.
    private func scale(of owner: OwnerReference, namespace: String) -> (uid: String, replicas: Int64)? {
        let group = owner.apiVersion.split(separator: "/").dropLast().first.map(String.init) ?? ""
        switch (group, owner.kind) {
        case ("", "ReplicationController"):
            return found(.replicationControllers, owner, namespace)
        case ("apps", "ReplicaSet"):
            guard let replicaSet = lookup(.replicaSets, namespace, owner.name), replicaSet.uid == owner.uid else { return nil }
            if let parent = replicaSet.controllerReference, parent.kind == "Deployment", parent.apiVersion.hasPrefix("apps/") {
                return found(.deployments, parent, namespace)
            }
            return (owner.uid, replicas(replicaSet))
        case ("apps", "StatefulSet"):
            return found(.statefulSets, owner, namespace)
        default:
            return nil
        }
    }

    private func found(_ type: ResourceType, _ owner: OwnerReference, _ namespace: String) -> (uid: String, replicas: Int64)? {
        guard let object = lookup(type, namespace, owner.name), object.uid == owner.uid else { return nil }
        return (owner.uid, replicas(object))
    }

    /// `spec.replicas`, 1 when unset (as every scalable kind defaults it).
    private func replicas(_ object: JSONValue) -> Int64 {
        object[path: "spec", "replicas"]?.intValue ?? 1
    }
}
