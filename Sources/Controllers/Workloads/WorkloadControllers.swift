import Kernel
import Logging

/// The controllers of the controller manager — Deployment, ReplicaSet, Endpoints and
/// EndpointSlices, Jobs, CronJobs, DaemonSets, the garbage collector, the namespace
/// controller, node lifecycle, taint eviction, pod garbage collection, ServiceAccounts and the
/// root CA ConfigMap, and the disruption controller (PodDisruptionBudget status) — running together on one set of shared informers (one watch per resource
/// type).
public final class WorkloadControllers: Sendable {
    /// The shared informers.
    public let informers: InformerFactory
    /// The Deployment controller.
    public let deployments: DeploymentController
    /// The ReplicaSet controller.
    public let replicaSets: ReplicaSetController
    /// The Endpoints controller.
    public let endpoints: EndpointsController
    /// The EndpointSlice controller.
    public let endpointSlices: EndpointSliceController
    /// The garbage collector (owner references, propagation policies).
    public let garbageCollector: GarbageCollector
    /// The namespace controller (empties terminating namespaces).
    public let namespaces: NamespaceController
    /// The Job controller.
    public let jobs: JobController
    /// The DaemonSet controller.
    public let daemonSets: DaemonSetController
    /// The CronJob controller.
    public let cronJobs: CronJobController
    /// The node lifecycle controller (Unknown conditions and taints for silent nodes).
    public let nodeLifecycle: NodeLifecycleController
    /// The taint-eviction controller (deletes pods from NoExecute-tainted nodes).
    public let taintEviction: TaintEvictionController
    /// The pod garbage collector (pods of deleted nodes, surplus terminated pods).
    public let podGC: PodGarbageCollector
    /// The serviceaccount controller and root CA publisher.
    public let serviceAccounts: ServiceAccountsController
    /// The disruption controller (PodDisruptionBudget status).
    public let disruption: DisruptionController

    /// Creates the controllers over a client; nothing runs until `run()`. `rootCAPEM` is the
    /// cluster CA published in every namespace (nil: none).
    public init(client: any ObjectClient, logger: Logger = Logger(label: "keelson.controllers"), options: ControllerOptions = ControllerOptions(),
                nodeLifecycle: NodeLifecycleOptions = NodeLifecycleOptions(), rootCAPEM: String? = nil) {
        informers = InformerFactory(client: client, logger: logger)
        deployments = DeploymentController(informers: informers, logger: Self.label(logger, "deployment"), options: options)
        replicaSets = ReplicaSetController(informers: informers, logger: Self.label(logger, "replicaset"), options: options)
        endpoints = EndpointsController(informers: informers, logger: Self.label(logger, "endpoints"), options: options)
        endpointSlices = EndpointSliceController(informers: informers, logger: Self.label(logger, "endpointslice"), options: options)
        garbageCollector = GarbageCollector(informers: informers, logger: Self.label(logger, "garbagecollector"), options: options)
        namespaces = NamespaceController(informers: informers, logger: Self.label(logger, "namespace"), options: options)
        jobs = JobController(informers: informers, logger: Self.label(logger, "job"), options: options)
        daemonSets = DaemonSetController(informers: informers, logger: Self.label(logger, "daemonset"), options: options)
        cronJobs = CronJobController(informers: informers, logger: Self.label(logger, "cronjob"), options: options)
        self.nodeLifecycle = NodeLifecycleController(informers: informers, options: nodeLifecycle, logger: Self.label(logger, "nodelifecycle"))
        taintEviction = TaintEvictionController(informers: informers, logger: Self.label(logger, "taint-eviction"), options: options)
        podGC = PodGarbageCollector(informers: informers, logger: Self.label(logger, "podgc"))
        serviceAccounts = ServiceAccountsController(informers: informers, rootCAPEM: rootCAPEM, logger: Self.label(logger, "serviceaccount"), options: options)
        disruption = DisruptionController(informers: informers, logger: Self.label(logger, "disruption"), options: options)
    }

    private static func label(_ logger: Logger, _ controller: String) -> Logger {
        var logger = logger
        logger[metadataKey: "controller"] = "\(controller)"
        return logger
    }

    /// Runs the informers and every controller until the calling task is cancelled.
    public func run() async {
        await withDiscardingTaskGroup { group in
            group.addTask { await self.informers.run() }
            group.addTask { await self.deployments.run() }
            group.addTask { await self.replicaSets.run() }
            group.addTask { await self.endpoints.run() }
            group.addTask { await self.endpointSlices.run() }
            group.addTask { await self.garbageCollector.run() }
            group.addTask { await self.namespaces.run() }
            group.addTask { await self.jobs.run() }
            group.addTask { await self.daemonSets.run() }
            group.addTask { await self.cronJobs.run() }
            group.addTask { await self.nodeLifecycle.run() }
            group.addTask { await self.taintEviction.run() }
            group.addTask { await self.podGC.run() }
            group.addTask { await self.serviceAccounts.run() }
            group.addTask { await self.disruption.run() }
        }
    }
}
