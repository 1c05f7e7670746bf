import Kernel

/// The kubelet's events: about its pods (optionally a container in them) and its node.
extension EventRecorder {
    /// Records an event about a pod; `fieldPath` names a container ("spec.containers{web}").
    func pod(_ pod: JSONValue, _ kind: Kind, _ reason: String, _ message: String, fieldPath: String? = nil) async {
        await record(
            involving: Self.reference(to: pod, type: .pods, fieldPath: fieldPath), namespace: pod.namespace ?? "default",
            kind, reason: reason, message: message)
    }

    /// Records an event about the node `name` (Kubernetes files node events in "default", with
    /// the node's name as its uid).
    func node(_ name: String, _ kind: Kind, _ reason: String, _ message: String) async {
        let reference: JSONValue = ["apiVersion": "v1", "kind": "Node", "name": .string(name), "uid": .string(name)]
        await record(involving: reference, namespace: "default", kind, reason: reason, message: message)
    }
}
