import Kernel
import Logging

/// Keeps every Deployment's ReplicaSets in line with its spec, as Kubernetes' deployment
/// controller does: one ReplicaSet per pod template (`<deployment>-<pod-template-hash>`,
/// controlled by the Deployment), the current one scaled to `spec.replicas` and older ones to
/// zero following the strategy (RollingUpdate with maxSurge/maxUnavailable, or Recreate),
/// revisions in `deployment.kubernetes.io/revision`, history trimmed to
/// `revisionHistoryLimit`, and status with the Available and Progressing conditions. A deleted
/// Deployment's ReplicaSets are left to the garbage collector.
///
/// Level-triggered: Deployments, ReplicaSets and Pods are listed and watched, changes queue the
/// affected Deployment's key, and each key is reconciled from the caches; failures retry with
/// back-off.
public final class DeploymentController: Sendable {
    let client: any ObjectClient
    let logger: Logger
    let options: ControllerOptions
    let deployments: Informer
    let replicaSets: Informer
    let pods: Informer
    let queue: WorkQueue<ObjectKey>
    let events: EventRecorder
    private let runsInformers: Bool

    /// Creates a controller with its own informers (run by `run()`).
    public convenience init(client: any ObjectClient, logger: Logger = Logger(label: "keelson.controller.deployment"), options: ControllerOptions = ControllerOptions()) {
        self.init(informers: InformerFactory(client: client, logger: logger), logger: logger, options: options, runsInformers: true)
    }

    /// Creates a controller on shared informers; whoever owns the factory runs them.
    public convenience init(informers: InformerFactory, logger: Logger = Logger(label: "keelson.controller.deployment"), options: ControllerOptions = ControllerOptions()) {
        self.init(informers: informers, logger: logger, options: options, runsInformers: false)
    }

    private init(informers: InformerFactory, logger: Logger, options: ControllerOptions, runsInformers: Bool) {
        client = informers.client
        self.logger = logger
        self.options = options
        self.runsInformers = runsInformers
        deployments = informers.informer(for: .deployments)
        replicaSets = informers.informer(for: .replicaSets)
        pods = informers.informer(for: .pods)
        queue = WorkQueue(baseDelay: options.retryBaseDelay, maxDelay: options.retryMaxDelay)
        events = EventRecorder(client: client, component: "deployment-controller", logger: logger)
        deployments.addHandler { [weak self] event in self?.deploymentChanged(event) }
        replicaSets.addHandler { [weak self] event in self?.replicaSetChanged(event) }
        pods.addHandler { [weak self] event in self?.podChanged(event) }
    }

    /// Reconciles Deployments until the calling task is cancelled.
    public func run() async {
        let loop = ReconcileLoop(
            name: "deployment", queue: queue, informers: [deployments, replicaSets, pods], runsInformers: runsInformers,
            options: options, logger: logger,
            allKeys: { [deployments] in deployments.keys() },
            reconcile: { [weak self] key in try await self?.reconcile(key) ?? .done })
        await loop.run()
    }

    // MARK: Event handlers

    private func deploymentChanged(_ event: InformerEvent) {
        queue.add(ObjectKey(event.object))
    }

    private func replicaSetChanged(_ event: InformerEvent) {
        switch event {
        case .added(let replicaSet), .deleted(let replicaSet):
            enqueueOwners(of: replicaSet)
        case .updated(let old, let new):
            enqueueOwners(of: new)
            if old.controllerReference != new.controllerReference || old.labels != new.labels {
                enqueueOwners(of: old)
            }
        }
    }

    /// Queues the Deployment controlling a ReplicaSet, or, for an orphan, every Deployment
    /// whose selector matches it (it may be adopted).
    private func enqueueOwners(of replicaSet: JSONValue) {
        let namespace = replicaSet.namespace ?? ""
        if let reference = replicaSet.controllerReference {
            if reference.kind == ResourceType.deployments.kind {
                queue.add(ObjectKey(namespace: namespace, name: reference.name))
            }
            return
        }
        for deployment in deployments.list(namespace: namespace) {
            if let selector = LabelMatcher(selector: deployment[path: "spec", "selector"]), !selector.isEmpty,
                selector.matches(replicaSet.labels)
            {
                queue.add(ObjectKey(deployment))
            }
        }
    }

    /// A Recreate rollout waits for the old pods to be gone: queue the Deployment when one goes.
    private func podChanged(_ event: InformerEvent) {
        let pod: JSONValue
        switch event {
        case .deleted(let object): pod = object
        case .updated(let old, let new) where old.isActivePod && !new.isActivePod: pod = new
        default: return
        }
        guard let reference = pod.controllerReference, reference.kind == ResourceType.replicaSets.kind,
            let replicaSet = replicaSets.get(namespace: pod.namespace ?? "", name: reference.name),
            let owner = replicaSet.controllerReference, owner.kind == ResourceType.deployments.kind,
            let deployment = deployments.get(namespace: pod.namespace ?? "", name: owner.name),
            deployment[path: "spec", "strategy", "type"]?.stringValue == DeploymentSpec.Strategy.recreate.rawValue
        else { return }
        queue.add(ObjectKey(deployment))
    }
}
