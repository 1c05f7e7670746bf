import Foundation
import Kernel

/// The scheduling thread's handling of what the inbox delivers: node numbering and forwarding
/// to the bundles, queue updates, cluster events, finished bindings.
extension FrameworkLoop {
    /// Applies one input.
    func handle(_ input: FrameworkInput) {
        switch input {
        case .node(let event): handleNode(event)
        case .pod(let event, let payload): handlePod(event, payload)
        case .namespace(let event):
            forward(event, what: "namespace") { bundle, watch in try bundle.namespaceEvent(watch) }
            for clusterEvent in FrameworkEventDerivation.namespaceEvents(event) { queue.clusterEvent(clusterEvent, now: .now) }
        case .synced:
            if !synced { logger.debug("informers synced; scheduling starts") }
            synced = true
        case .bindingFinished(let id, let error):
            bindingFinished(id: id, error: error)
        case .snapshot(let reply):
            var states = queue.snapshot
            for attempt in waiting.values { states[attempt.entry.key] = "waitingOnPermit" }
            for attempt in binding.values { states[attempt.entry.key] = "binding" }
            reply(states)
        }
    }

    private func handleNode(_ event: InformerEvent) {
        guard let name = event.object.name else { return }
        switch event {
        case .added:
            let index = nodes.add(name).index
            forwardNode(index: index, event)
        case .updated(let old, let new):
            if nodes.index(of: name) != nil,
                FrameworkEventDerivation.schedulingView(ofNode: old) == FrameworkEventDerivation.schedulingView(ofNode: new)
            {
                return
            }
            forwardNode(index: nodes.add(name).index, event)
        case .deleted:
            guard let index = nodes.index(of: name) else { return }
            forwardNode(index: index, event)
            nodes.remove(name)
        }
        for clusterEvent in FrameworkEventDerivation.nodeEvents(event) { queue.clusterEvent(clusterEvent, now: .now) }
    }

    private func forwardNode(index: UInt32, _ event: InformerEvent) {
        forward(event, what: "node") { bundle, watch in try bundle.nodeEvent(index: index, watch) }
    }

    private func handlePod(_ event: InformerEvent, _ payload: FrameworkPodPayload?) {
        let pod = event.object
        guard let payload else {
            if case .updated(_, let new) = event { refreshNomination(new) }
            return
        }
        forward(event, what: "pod") { bundle, _ in try bundle.podEvent(payload: payload.event) }
        let key = PodSchedulingState.key(pod)
        let uid = pod.uid ?? ""
        if case .deleted = event {
            boundUIDs.remove(uid)
            if let entry = queue.entry(key), entry.uid == uid { drop(key) }
        } else if let profile = FrameworkEventDerivation.isPending(pod, schedulerNames: profileBySchedulerName) {
            if !boundUIDs.contains(uid) { upsert(pod, bytes: payload.pod, key: key, uid: uid, profile: profile) }
        } else {
            if PodSchedulingState.nodeName(pod) != nil { boundUIDs.remove(uid) }
            if let entry = queue.entry(key), entry.uid == uid { drop(key) }
        }
        var clusterEvents = FrameworkEventDerivation.assignedPodEvents(event)
        if PodSchedulingState.nodeName(pod) == nil {
            switch event {
            case .added: clusterEvents.append(FrameworkClusterEvent(resource: "Pod", action: "Add"))
            case .deleted: clusterEvents.append(FrameworkClusterEvent(resource: "Pod", action: "Delete"))
            case .updated: break
            }
        }
        let except = queue.entry(key)
        for clusterEvent in clusterEvents { queue.clusterEvent(clusterEvent, now: .now, except: except) }
    }

    /// Keeps the queued pod's nominated node in step with status-only updates.
    private func refreshNomination(_ pod: JSONValue) {
        guard let entry = queue.entry(PodSchedulingState.key(pod)), entry.uid == (pod.uid ?? "") else { return }
        entry.nominatedNodeName = pod[path: "status", "nominatedNodeName"]?.stringValue
    }

    /// Queues a pending pod or replaces the queued version.
    private func upsert(_ pod: JSONValue, bytes: Data, key: String, uid: String, profile: Int) {
        if let existing = queue.entry(key), existing.uid != uid || existing.profile != profile { drop(key) }
        let version: FrameworkPodVersion
        do {
            version = try FrameworkPodVersion(pod: pod, bytes: bytes, bundles: bundles, bundlesInUse: plan.bundlesInUse)
        } catch {
            logger.warning("a scheduler bundle could not decode pod \(key)", metadata: ["error": "\(error)"])
            return
        }
        if let entry = queue.entry(key) {
            let old = entry.version
            entry.version = version
            entry.nominatedNodeName = pod[path: "status", "nominatedNodeName"]?.stringValue
            if old !== entry.attemptVersion { old.free(in: bundles) }
            queue.updated(entry, now: .now)
            return
        }
        let entry = FrameworkQueuedPod(key: key, profile: profile, uid: uid, version: version, timestamp: nowNanos)
        entry.nominatedNodeName = pod[path: "status", "nominatedNodeName"]?.stringValue
        queue.add(entry)
    }

    /// Drops a queued pod (deleted, bound elsewhere, or no longer for this scheduler); a pod
    /// waiting at Permit is rejected.
    private func drop(_ key: String) {
        guard let entry = queue.remove(key) else { return }
        if entry.removed {
            if let attempt = waiting[entry.uid] {
                waiting[entry.uid] = nil
                rollback(attempt, FrameworkFailure(rejected: true, message: "removed", rejectors: []))
            }
            return
        }
        entry.version.free(in: bundles)
    }

    /// Sends a change to every bundle in use.
    private func forward(_ event: InformerEvent, what: String, _ send: (any SchedulerBundle, WatchEvent) throws -> Void) {
        let watch = event.watchEvent
        for position in plan.bundlesInUse {
            do {
                try send(bundles[position], watch)
            } catch {
                logger.warning(
                    "scheduler bundle \(bundles[position].bundleName) refused a \(what) event",
                    metadata: ["object": "\(event.object.name ?? "")", "error": "\(error)"])
            }
        }
    }
}
