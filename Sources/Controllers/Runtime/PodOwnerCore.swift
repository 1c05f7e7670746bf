import Kernel
import Logging

/// What every controller that creates pods for an owner kind (Job, DaemonSet) shares: the
/// owner and pod informers, the work queue, creation/deletion expectations, the event
/// recorder, the routing of owner and pod changes to the queue, and creating and deleting
/// pods with their events.
struct PodOwnerCore: Sendable {
    let client: any ObjectClient
    let logger: Logger
    let options: ControllerOptions
    let ownerType: ResourceType
    let owners: Informer
    let pods: Informer
    let queue: WorkQueue<ObjectKey>
    let expectations: ControllerExpectations
    let events: EventRecorder

    /// Creates the core on shared informers and routes owner and pod changes to its queue.
    init(informers: InformerFactory, ownerType: ResourceType, component: String, logger: Logger, options: ControllerOptions) {
        client = informers.client
        self.logger = logger
        self.options = options
        self.ownerType = ownerType
        owners = informers.informer(for: ownerType)
        pods = informers.informer(for: .pods)
        let queue = WorkQueue<ObjectKey>(baseDelay: options.retryBaseDelay, maxDelay: options.retryMaxDelay)
        let expectations = ControllerExpectations(timeout: options.expectationsTimeout)
        self.queue = queue
        self.expectations = expectations
        events = EventRecorder(client: client, component: component, logger: logger)
        let router = OwnedPodRouter(ownerType: ownerType, owners: owners, queue: queue, expectations: expectations)
        owners.addHandler { event in
            let key = ObjectKey(event.object)
            if case .deleted = event { expectations.forget(key) }
            queue.add(key)
        }
        pods.addHandler { event in router.route(event) }
    }

    /// Runs the reconcile loop over every owner until the calling task is cancelled.
    func run(name: String, informers extra: [Informer] = [], reconcile: @escaping @Sendable (ObjectKey) async throws -> ReconcileResult) async {
        let owners = self.owners
        await ReconcileLoop(
            name: name, queue: queue, informers: [owners, pods] + extra, runsInformers: false, options: options, logger: logger,
            allKeys: { owners.keys() }, reconcile: reconcile
        ).run()
    }

    /// Claims the pods (not being deleted) the owner controls or may adopt, read from the cache
    /// now (so after the caller's expectations check); nil when the selector is empty or
    /// invalid (logged: such an owner is not reconciled).
    func claimPods(of owner: JSONValue, key: ObjectKey) async throws -> [JSONValue]? {
        let candidates = ControllerRefClaimer.candidates(in: pods, for: owner)
        guard let selector = LabelMatcher(selector: owner[path: "spec", "selector"]), !selector.isEmpty else {
            logger.warning("empty or invalid selector; not reconciling it", metadata: ["\(ownerType.kind.lowercased())": "\(key)"])
            return nil
        }
        let claimer = ControllerRefClaimer(client: client, owner: owner, ownerType: ownerType, dependentType: .pods, selector: selector, logger: logger)
        return try await claimer.claim(candidates.filter { !$0.isBeingDeleted })
    }

    /// Creates one pod of the owner, with a SuccessfulCreate or FailedCreate Event. The caller
    /// has counted it in the expectations; a failure un-counts it.
    func createPod(_ pod: JSONValue, of owner: JSONValue, key: ObjectKey) async throws {
        do {
            let created = try await client.create(.pods, namespace: key.namespace, object: pod)
            await events.record(owner, type: ownerType, reason: "SuccessfulCreate", message: "Created pod: \(created.name ?? "")")
        } catch {
            expectations.creationObserved(key)
            await events.record(owner, type: ownerType, eventType: "Warning", reason: "FailedCreate", message: "Error creating: \(error)")
            throw error
        }
    }

    /// Deletes pods of the owner, each with a SuccessfulDelete Event; throws the first failure
    /// after trying them all.
    func deletePods(_ victims: [JSONValue], of owner: JSONValue, key: ObjectKey) async throws {
        guard !victims.isEmpty else { return }
        expectations.expectDeletions(key, dependents: victims.map { ObjectKey($0).description })
        var firstError: (any Error)?
        for pod in victims {
            do {
                _ = try await client.delete(.pods, namespace: key.namespace, name: pod.name ?? "")
                await events.record(owner, type: ownerType, reason: "SuccessfulDelete", message: "Deleted pod: \(pod.name ?? "")")
            } catch {
                expectations.deletionObserved(key, dependent: ObjectKey(pod).description)
                if !isNotFound(error) { firstError = firstError ?? error }
            }
        }
        if let firstError { throw firstError }
    }
}
