import Kernel

/// Routes pod changes to the owner controlling them, for controllers that create pods
/// (ReplicaSet, Job, DaemonSet): the owner named by a pod's controller reference of `ownerType` is queued, a new
/// pod counts as an observed creation and a pod going or gone as an observed deletion in
/// `expectations`, and an orphan whose labels an owner's selector matches queues that owner
/// (which may adopt it).
struct OwnedPodRouter: Sendable {
    let ownerType: ResourceType
    let owners: Informer
    let queue: WorkQueue<ObjectKey>
    let expectations: ControllerExpectations

    /// Handles one pod event.
    func route(_ event: InformerEvent) {
        switch event {
        case .added(let pod):
            if pod.isBeingDeleted {
                gone(pod)
            } else if let owner = ownerKey(of: pod) {
                if owners.get(owner)?.uid == pod.controllerReference?.uid { expectations.creationObserved(owner) }
                queue.add(owner)
            } else if pod.controllerReference == nil {
                queueMatching(pod)
            }
        case .updated(let old, let new):
            guard old != new else { return }
            let ownerChanged = old.controllerReference != new.controllerReference
            if new.isBeingDeleted {
                gone(new)
                if old.labels != new.labels || ownerChanged { gone(old) }
                return
            }
            if ownerChanged, let previous = ownerKey(of: old) { queue.add(previous) }
            if let owner = ownerKey(of: new) {
                queue.add(owner)
            } else if new.controllerReference == nil, ownerChanged || old.labels != new.labels {
                queueMatching(new)
            }
        case .deleted(let pod):
            gone(pod)
        }
    }

    /// The owner key a pod's controller reference names, when it is of `ownerType`.
    func ownerKey(of pod: JSONValue) -> ObjectKey? {
        guard let reference = pod.controllerReference, reference.kind == ownerType.kind else { return nil }
        return ObjectKey(namespace: pod.namespace ?? "", name: reference.name)
    }

    private func gone(_ pod: JSONValue) {
        guard let owner = ownerKey(of: pod) else { return }
        expectations.deletionObserved(owner, dependent: ObjectKey(pod).description)
        queue.add(owner)
    }

    private func queueMatching(_ pod: JSONValue) {
        guard pod.isActivePod else { return }
        for owner in owners.list(namespace: pod.namespace ?? "") {
            if let selector = LabelMatcher(selector: owner[path: "spec", "selector"]), !selector.isEmpty, selector.matches(pod.labels) {
                queue.add(ObjectKey(owner))
            }
        }
    }
}
