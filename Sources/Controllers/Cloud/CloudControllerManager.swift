import Kernel
import Logging

/// Timings and identity for the cloud controller manager.
public struct CloudControllerOptions: Sendable {
    /// The cluster name passed to the cloud's LoadBalancer and Routes calls (Kubernetes'
    /// `--cluster-name`, "kubernetes").
    public var clusterName: String
    /// The cluster's pod CIDR; nil runs no route controller (Kubernetes' `--cluster-cidr`).
    public var clusterCIDR: IPv4CIDR?
    /// How often the cloud-node-lifecycle controller checks nodes (5 s).
    public var nodeMonitorPeriod: Duration
    /// How often routes are reconciled (10 s).
    public var routeReconciliationPeriod: Duration
    /// First retry delay of a failed load balancer (5 s); it doubles on each failure.
    public var loadBalancerRetryBaseDelay: Duration
    /// Longest retry delay of a failed load balancer (5 min).
    public var loadBalancerRetryMaxDelay: Duration

    /// Creates options; the defaults are Kubernetes'.
    public init(clusterName: String = "kubernetes", clusterCIDR: IPv4CIDR? = nil, nodeMonitorPeriod: Duration = .seconds(5),
                routeReconciliationPeriod: Duration = .seconds(10), loadBalancerRetryBaseDelay: Duration = .seconds(5),
                loadBalancerRetryMaxDelay: Duration = .seconds(300)) {
        self.clusterName = clusterName
        self.clusterCIDR = clusterCIDR
        self.nodeMonitorPeriod = nodeMonitorPeriod
        self.routeReconciliationPeriod = routeReconciliationPeriod
        self.loadBalancerRetryBaseDelay = loadBalancerRetryBaseDelay
        self.loadBalancerRetryMaxDelay = loadBalancerRetryMaxDelay
    }
}

/// Kubernetes' cloud controller manager over one cloud provider plugin instance: the
/// cloud-node, cloud-node-lifecycle, service (load balancer) and route controllers, each
/// running only when the cloud has the part it needs.
public final class CloudControllerManager: Sendable {
    /// Initializes new Nodes from the cloud.
    public let cloudNode: CloudNodeController
    /// Taints shut-down nodes and deletes nodes whose instance is gone.
    public let nodeLifecycle: CloudNodeLifecycleController
    /// Load balancers for LoadBalancer Services.
    public let loadBalancers: ServiceLoadBalancerController
    /// Routes to the nodes' pod CIDRs, when the options name a cluster CIDR.
    public let routes: RouteController?
    private let informers: InformerFactory

    /// Creates the controllers; nothing runs until `run()`.
    public init(client: any ObjectClient, cloud: CloudPluginClient, options: CloudControllerOptions = CloudControllerOptions(),
                logger: Logger = Logger(label: "keelson.cloud-controller-manager")) {
        let informers = InformerFactory(client: client, logger: logger)
        self.informers = informers
        cloudNode = CloudNodeController(informers: informers, cloud: cloud, logger: logger)
        nodeLifecycle = CloudNodeLifecycleController(informers: informers, cloud: cloud, monitorPeriod: options.nodeMonitorPeriod, logger: logger)
        loadBalancers = ServiceLoadBalancerController(
            informers: informers, cloud: cloud, clusterName: options.clusterName,
            retryBaseDelay: options.loadBalancerRetryBaseDelay, retryMaxDelay: options.loadBalancerRetryMaxDelay, logger: logger)
        routes = options.clusterCIDR.map {
            RouteController(informers: informers, cloud: cloud, clusterName: options.clusterName, clusterCIDR: $0,
                            period: options.routeReconciliationPeriod, logger: logger)
        }
    }

    /// Runs every controller until the calling task is cancelled.
    public func run() async {
        await withDiscardingTaskGroup { group in
            group.addTask { await self.informers.run() }
            group.addTask { await self.cloudNode.run() }
            group.addTask { await self.nodeLifecycle.run() }
            group.addTask { await self.loadBalancers.run() }
            if let routes = self.routes { group.addTask { await routes.run() } }
        }
    }
}
