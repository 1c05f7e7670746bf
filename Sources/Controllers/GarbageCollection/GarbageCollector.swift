import Kernel
import Logging

/// Kubernetes' garbage collector: watches every served kind through the shared informers and
/// acts on owner references. Dependents whose owners (by uid) are all gone are deleted
/// (Background); an owner with the `orphan` finalizer has its references removed from its
/// dependents, then loses the finalizer; an owner with `foregroundDeletion` has its dependents
/// deleted (in the foreground too) and loses the finalizer once no dependent with
/// `blockOwnerDeletion: true` remains. Removing the last finalizer lets the API remove the owner.
public final class GarbageCollector: Sendable {
    /// The client every read and write goes through.
    public let client: any ObjectClient
    /// The shared informer of every served kind.
    let informers: [ResourceType: Informer]
    /// Who owns whom, from the informers' events.
    let graph = DependencyGraph()
    /// Objects to look at.
    let queue: WorkQueue<GCKey>
    /// Where collections and failures are logged.
    let logger: Logger
    /// Worker count and retry delays.
    let options: ControllerOptions

    /// Creates the collector over the factory's informers (one per served kind); nothing runs
    /// until `run()`.
    public init(informers factory: InformerFactory, logger: Logger, options: ControllerOptions = ControllerOptions()) {
        client = factory.client
        self.logger = logger
        self.options = options
        queue = WorkQueue(baseDelay: options.retryBaseDelay, maxDelay: options.retryMaxDelay)
        var informers: [ResourceType: Informer] = [:]
        for type in ResourceType.all { informers[type] = factory.informer(for: type) }
        self.informers = informers
        for (type, informer) in informers {
            informer.addHandler { [weak self] event in self?.handle(type, event) }
        }
    }

    /// Queues what a change makes worth a look: the object itself when it has owners or waits
    /// for the collector, its dependents when it is gone, its foreground-deleting owners when
    /// it is gone or being deleted.
    private func handle(_ type: ResourceType, _ event: InformerEvent) {
        let object = event.object
        let key = GCKey(type, object)
        switch event {
        case .added(let new):
            graph.upsert(key, new)
            if !new.ownerReferences.isEmpty || waitsForCollector(new) { queue.add(key) }
        case .updated(let old, let new):
            graph.upsert(key, new)
            let ownersChanged = old.ownerReferences != new.ownerReferences
            let deletionChanged = old.isBeingDeleted != new.isBeingDeleted || old.finalizerNames != new.finalizerNames
            if (ownersChanged && !new.ownerReferences.isEmpty) || (deletionChanged && waitsForCollector(new)) { queue.add(key) }
            if deletionChanged { enqueueWaitingOwners(of: key, new) }
        case .deleted(let gone):
            graph.remove(key, gone)
            if let uid = gone.uid { for dependent in graph.dependents(of: uid) { queue.add(dependent) } }
            enqueueWaitingOwners(of: key, gone)
        }
    }

    /// Whether the object is being deleted with one of the collector's finalizers.
    func waitsForCollector(_ object: JSONValue) -> Bool {
        object.isBeingDeleted && (object.finalizerNames.contains(GCFinalizers.orphan) || object.finalizerNames.contains(GCFinalizers.foreground))
    }

    private func enqueueWaitingOwners(of key: GCKey, _ object: JSONValue) {
        for reference in object.ownerReferences {
            if let owner = graph.key(of: reference.uid) { queue.add(owner) }
        }
    }

    /// Runs the informers' consumers (the factory runs the informers) until cancelled.
    public func run() async {
        let queue = self.queue
        await withTaskCancellationHandler {
            for informer in informers.values { await informer.waitUntilSynced() }
            guard !Task.isCancelled else { return }
            await withDiscardingTaskGroup { group in
                for _ in 0..<max(2, options.workers) {
                    group.addTask { await self.worker() }
                }
            }
        } onCancel: {
            queue.shutDown()
        }
    }

    private func worker() async {
        while let key = await queue.get() {
            do {
                if let delay = try await attempt(key) { queue.addAfter(key, delay: delay) }
                queue.forget(key)
            } catch {
                if Task.isCancelled {
                    queue.done(key)
                    return
                }
                logger.debug("garbage collection failed, retrying", metadata: ["object": "\(key)", "error": "\(error)"])
                queue.addRateLimited(key)
            }
            queue.done(key)
        }
    }
}
