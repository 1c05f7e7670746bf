import Kernel
import Logging

/// Kubernetes' DaemonSet controller: one pod per qualifying node (`DaemonPlacement`), created
/// when a node starts to qualify and deleted when it stops (or goes), extra and failed pods
/// removed. A changed template rolls out node by node under `RollingUpdate`: at most
/// `maxUnavailable` nodes without an available pod at a time, or with `maxSurge` the new pod
/// starts beside the old one on at most that many nodes at a time and the old one goes once the
/// new one is available (`OnDelete`: only pods deleted by someone else are replaced). Status carries the desired, current, misscheduled, ready,
/// available, unavailable and updated counts and the observed generation, which is what
/// `kubectl rollout status` reads.
public final class DaemonSetController: Sendable {
    let core: PodOwnerCore
    let nodes: Informer
    let history: DaemonSetHistory

    /// Creates the controller on shared informers (DaemonSets, Pods, Nodes, ControllerRevisions).
    public init(informers: InformerFactory, logger: Logger, options: ControllerOptions = ControllerOptions()) {
        core = PodOwnerCore(informers: informers, ownerType: .daemonSets, component: "daemonset-controller", logger: logger, options: options)
        nodes = informers.informer(for: .nodes)
        let revisions = informers.informer(for: .controllerRevisions)
        history = DaemonSetHistory(client: informers.client, revisions: revisions, logger: logger)
        nodes.addHandler { [core] event in
            if case .updated(let old, let new) = event,
               old.labels == new.labels, old[path: "spec", "taints"] == new[path: "spec", "taints"] { return }
            for daemonSet in core.owners.list() { core.queue.add(ObjectKey(daemonSet)) }
        }
    }

    /// Reconciles DaemonSets until the calling task is cancelled.
    public func run() async {
        await core.run(name: "daemonset", informers: [nodes, history.revisions]) { [weak self] key in try await self?.reconcile(key) ?? .done }
    }
}
