import Kernel
import Logging

/// The node agent of one (simulated) node: registers the Node and keeps its status and
/// heartbeats current, and runs the pods bound to the node through the node's runtime plugin
/// (CRI) and CNI chain, reporting their status and Events through the API.
public final class Kubelet: Sendable {
    /// The node's name.
    public let nodeName: String
    private let context: KubeletContext
    private let workers: PodWorkers
    private let reporter: NodeStatusReporter
    private let server: KubeletServing

    /// Creates the kubelet of node `nodeName`.
    /// - Parameters:
    ///   - labels: the node pool's labels (the kubelet adds kubernetes.io/hostname, os and arch).
    ///   - taints: the node pool's taints, registered with the Node.
    ///   - capacity: the node pool's capacity ("cpu", "memory", "pods", ...), also reported as allocatable.
    ///   - podCIDR: the node's share of the cluster's pod CIDR (a /24); pod IPs come from it.
    ///   - runtime: the node's runtime plugin instance.
    ///   - cniChain: the CNI plugins in order, each with its network configuration.
    ///   - client: the API.
    ///   - options: tunables; see `KubeletOptions`.
    public init(
        nodeName: String, labels: [String: String] = [:], taints: [JSONValue] = [], capacity: [String: String] = [:],
        podCIDR: String, runtime: RuntimePluginClient, cniChain: [(client: CNIPluginClient, netConfig: JSONValue)],
        client: any ObjectClient, logger: Logger = Logger(label: "keelson.kubelet"), options: KubeletOptions = KubeletOptions()
    ) {
        var logger = logger
        logger[metadataKey: "node"] = "\(nodeName)"
        let node = NodeSpecification(name: nodeName, labels: labels, taints: taints, capacity: capacity, podCIDR: podCIDR, options: options)
        let runtimeService = RuntimeService(client: runtime)
        let network = CNIChain(cniChain, podCIDR: podCIDR, networkName: options.cniNetworkName, cniVersion: options.cniVersion,
                               dataDir: options.cniDataDir)
        let recorder = EventRecorder(client: client, component: "kubelet", host: nodeName, logger: logger)
        let identity = RuntimeIdentityCell()
        let readiness = NetworkReadiness(runtime: runtimeService, network: network)
        self.nodeName = nodeName
        self.context = KubeletContext(
            node: node, runtime: runtimeService, network: network, client: client, recorder: recorder, identity: identity,
            networkReadiness: readiness, logger: logger)
        self.workers = PodWorkers(sync: PodSync(context: context))
        self.reporter = NodeStatusReporter(
            spec: node, runtime: runtimeService, network: network, client: client, recorder: recorder, identity: identity,
            networkReadiness: readiness, logger: logger)
        self.server = KubeletServing(node: node, client: client, runtime: runtimeService, logger: logger)
    }

    /// Runs until the calling task is cancelled: node registration and heartbeats, the pod
    /// watch, the container relist and the pod workers. On cancellation the workers stop; the
    /// pods' containers are left to the runtime, as a restarted kubelet would find them.
    public func run() async {
        context.logger.info("kubelet starting", metadata: ["podCIDR": "\(context.node.podCIDR)"])
        await server.start()
        await withTaskGroup(of: Void.self) { group in
            group.addTask { await self.reporter.run() }
            group.addTask { await self.server.followNodeAddress(period: min(self.context.options.heartbeatInterval, Duration.seconds(1))) }
            group.addTask {
                // Pod status needs the runtime's name (containerID prefixes): learn it first.
                guard await self.learnRuntimeIdentity() else { return }
                await self.collectNetworkGarbage()
                await withTaskGroup(of: Void.self) { pods in
                    pods.addTask {
                        await PodSource(nodeName: self.nodeName, client: self.context.client, workers: self.workers, logger: self.context.logger).run()
                    }
                    pods.addTask {
                        await ContainerRelister(runtime: self.context.runtime, workers: self.workers,
                                                period: self.context.options.relistPeriod, logger: self.context.logger).run()
                    }
                }
            }
        }
        await workers.shutdown()
        await server.stop()
        context.logger.info("kubelet stopped")
    }

    /// The port of the kubelet's read-only HTTP server while it listens.
    public var serverPort: Int? { context.node.servingPort.value }

    /// The uids of the pods the kubelet is working on (for the node's `/pods` view and tests).
    public var activePodUIDs: Set<String> { workers.uids }

    /// With a node-private CNI state directory, releases what no live sandbox holds (addresses
    /// left by an earlier run of this node), as CNI GC prescribes.
    private func collectNetworkGarbage() async {
        guard context.options.cniDataDir != nil, context.network.isConfigured else { return }
        do {
            let sandboxes = try await context.runtime.liveSandboxIDs()
            try await context.network.garbageCollect(valid: sandboxes.map { (containerID: $0, ifName: "eth0") })
        } catch {
            context.logger.warning("CNI GC failed", metadata: ["error": "\(error)"])
        }
    }

    private func learnRuntimeIdentity() async -> Bool {
        while !Task.isCancelled {
            if let identity = context.identity.value { return identity.name.isEmpty == false }
            do {
                context.identity.set(try await context.runtime.version())
                return true
            } catch {
                context.logger.warning("container runtime not answering Version", metadata: ["error": "\(error)"])
                try? await Task.sleep(for: .seconds(1))
            }
        }
        return false
    }
}
