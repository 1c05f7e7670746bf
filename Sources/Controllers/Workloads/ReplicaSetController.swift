import Kernel
import Logging

/// Keeps every ReplicaSet's pods at `spec.replicas`, as Kubernetes' replicaset controller does:
/// pods are created from `spec.template` (generateName `<rs>-`, controlled by the ReplicaSet),
/// surplus pods deleted in Kubernetes' ranking order, matching orphans adopted and owned pods
/// that stop matching released; status counts replicas, fully labeled, ready and available
/// pods. Creations and deletions in flight are tracked as expectations, so a cache that has
/// not caught up never causes a duplicate burst. A deleted ReplicaSet's pods are left to the
/// garbage collector.
public final class ReplicaSetController: Sendable {
    let client: any ObjectClient
    let logger: Logger
    let options: ControllerOptions
    let replicaSets: Informer
    let pods: Informer
    let queue: WorkQueue<ObjectKey>
    /// Creations and deletions this controller is still waiting to see, per ReplicaSet.
    public let expectations: ControllerExpectations
    let events: EventRecorder
    private let runsInformers: Bool

    /// Creates a controller with its own informers (run by `run()`).
    public convenience init(client: any ObjectClient, logger: Logger = Logger(label: "keelson.controller.replicaset"), options: ControllerOptions = ControllerOptions()) {
        self.init(informers: InformerFactory(client: client, logger: logger), logger: logger, options: options, runsInformers: true)
    }

    /// Creates a controller on shared informers; whoever owns the factory runs them.
    public convenience init(informers: InformerFactory, logger: Logger = Logger(label: "keelson.controller.replicaset"), options: ControllerOptions = ControllerOptions()) {
        self.init(informers: informers, logger: logger, options: options, runsInformers: false)
    }

    private init(informers: InformerFactory, logger: Logger, options: ControllerOptions, runsInformers: Bool) {
        client = informers.client
        self.logger = logger
        self.options = options
        self.runsInformers = runsInformers
        replicaSets = informers.informer(for: .replicaSets)
        pods = informers.informer(for: .pods)
        queue = WorkQueue(baseDelay: options.retryBaseDelay, maxDelay: options.retryMaxDelay)
        expectations = ControllerExpectations(timeout: options.expectationsTimeout)
        events = EventRecorder(client: client, component: "replicaset-controller", logger: logger)
        replicaSets.addHandler { [weak self] event in self?.replicaSetChanged(event) }
        let router = OwnedPodRouter(ownerType: .replicaSets, owners: replicaSets, queue: queue, expectations: expectations)
        pods.addHandler { event in router.route(event) }
    }

    /// Reconciles ReplicaSets until the calling task is cancelled.
    public func run() async {
        let loop = ReconcileLoop(
            name: "replicaset", queue: queue, informers: [replicaSets, pods], runsInformers: runsInformers,
            options: options, logger: logger,
            allKeys: { [replicaSets] in replicaSets.keys() },
            reconcile: { [weak self] key in try await self?.reconcile(key) ?? .done })
        await loop.run()
    }

    // MARK: Event handlers

    private func replicaSetChanged(_ event: InformerEvent) {
        let key = ObjectKey(event.object)
        if case .deleted = event { expectations.forget(key) }
        queue.add(key)
    }
}
