import APIServer
import Controllers
import Foundation
import Kernel
import Logging
import Node
import Proxy

/// Everything `keelson up` runs in one process, wired together: the store, the API (in-process
/// and over HTTP), the controllers, the scheduling host, the cloud controller manager, the DNS
/// add-on and one kubelet per simulated node (which `keelson node stop|start` ends and starts
/// again), each plugin-backed component with its own plugin instance.
final class ClusterRuntime: Sendable {
    let config: ClusterConfig
    let catalog: PluginCatalog
    /// How each `schedulers:` entry runs.
    let schedulers: SchedulerPlans
    let logger: Logger

    init(config: ClusterConfig, catalog: PluginCatalog, schedulers: SchedulerPlans, logger: Logger) {
        self.config = config
        self.catalog = catalog
        self.schedulers = schedulers
        self.logger = logger
    }

    /// Starts every component, prints where the cluster can be reached, and runs until the task
    /// is cancelled; then stops the components and releases the plugin instances.
    func run() async throws {
        let dataDir = URL(fileURLWithPath: config.dataDir).standardizedFileURL.path
        try FileManager.default.createDirectory(atPath: dataDir, withIntermediateDirectories: true)
        let store = try Self.openStore(config.store, dataDir: dataDir)
        let tolerations = DefaultTolerationSeconds(notReady: config.apiServer.defaultNotReadyTolerationSeconds,
                                                   unreachable: config.apiServer.defaultUnreachableTolerationSeconds)
        let api = try ClusterAPI(store: store, serviceCIDR: config.network.serviceCIDR, defaultTolerationSeconds: tolerations)
        try api.bootstrap()

        let security = try ClusterSecurity(config: config, dataDir: dataDir, api: api)
        let http = try APIHTTPServer(api: api, address: config.apiServer.address, transport: security.transport,
                                     authenticator: security.authenticator, limits: security.limits)
        let port = try await http.start()
        let server = "\(http.scheme)://\(config.apiServer.host):\(port)"
        say("API server listening on \(server)")
        try await api.ensureKubernetesService(host: config.apiServer.host, port: port)
        let kubeconfig = URL(fileURLWithPath: dataDir).appendingPathComponent("kubeconfig").path
        try Kubeconfig.write(server: server, token: security.pki.adminToken,
                             certificateAuthorityPEM: config.apiServer.plainHTTP ? nil : security.pki.caCertificatePEM, to: kubeconfig)
        say("kubeconfig written to \(kubeconfig)")

        var instances: [PluginInstance] = []
        defer { instances.forEach { $0.destroy() } }
        func instance(_ ref: PluginRef, label: String) async -> PluginInstance? {
            guard let plugin = catalog.plugin(named: ref.plugin) else { return nil }
            do {
                let created = try await PluginInstance.create(plugin: plugin, config: ref.config, label: label, client: api)
                instances.append(created)
                return created
            } catch {
                say("plugin \(ref.plugin) (\(label)) did not start, skipping it: \(error)")
                return nil
            }
        }

        try await withThrowingTaskGroup(of: Void.self) { group in
            let compactor = StoreCompactor(store: store)
            group.addTask { await compactor.run() }
            let manager = config.controllerManager
            let workloads = WorkloadControllers(client: api, options: ControllerOptions(podFailureBackOff: manager.podFailureBackOff), nodeLifecycle: NodeLifecycleOptions(
                monitorPeriod: manager.nodeMonitorPeriod, gracePeriod: manager.nodeMonitorGracePeriod,
                startupGracePeriod: manager.nodeStartupGracePeriod), rootCAPEM: security.pki.caCertificatePEM)
            group.addTask { await workloads.run() }

            var cloudEnabled = false
            var machines: CloudPluginClient?
            if let ref = config.cloudProvider, let cloud = await instance(ref, label: "\(ref.plugin)@cloud-controller") {
                let cloudManager = CloudControllerManager(client: api, cloud: CloudPluginClient(cloud), options: CloudControllerOptions(
                    clusterName: manager.clusterName, clusterCIDR: try? IPv4CIDR(parsing: config.network.podCIDR),
                    nodeMonitorPeriod: manager.nodeMonitorPeriod, routeReconciliationPeriod: manager.routeReconciliationPeriod))
                group.addTask { await cloudManager.run() }
                cloudEnabled = true
                // The simulation's own view of the machines: an instance the cloud reports gone or
                // shut down has no running agent.
                machines = await instance(ref, label: "\(ref.plugin)@node-agents").map(CloudPluginClient.init)
            }
            for plan in schedulers.plans {
                switch plan {
                case .host(let index, let ref, _):
                    guard let scheduler = await instance(ref, label: "\(ref.plugin)@scheduler-\(index)") else { continue }
                    let host = SchedulerHost(client: api, instance: scheduler, config: ref.config)
                    group.addTask { await host.run() }
                case .framework(let index, let ref, let bundles, let configuration):
                    var clients: [any SchedulerBundle] = []
                    for bundle in bundles {
                        let label = "\(bundle.info.name)@scheduler-\(index)"
                        guard let created = await instance(PluginRef(plugin: bundle.info.name), label: label) else { continue }
                        do {
                            clients.append(try SchedulerBundleClient(created))
                        } catch {
                            say("scheduler bundle \(bundle.info.name) (\(label)) is unusable, skipping it: \(error)")
                        }
                    }
                    do {
                        let scheduler = try FrameworkScheduler(client: api, configuration: configuration, bundles: clients)
                        group.addTask { await scheduler.run() }
                        say("scheduler \(ref.plugin) serving \(configuration.schedulerNames.joined(separator: ", "))")
                    } catch {
                        say("scheduler \(ref.plugin) did not start, skipping it: \(error)")
                    }
                }
            }
            var clusterDNS: [String] = []
            var clusterDomain = "cluster.local"
            if let ref = config.dns, let dns = await instance(ref, label: "\(ref.plugin)@dns") {
                do {
                    let info = try await DNSPluginClient(dns).start()
                    let address = DNSPluginClient.udpAddress(in: info) ?? "?"
                    say("DNS (\(ref.plugin)) listening on \(address), zone \(info["zone"]?.stringValue ?? "cluster.local")")
                    clusterDNS = await publishClusterDNS(api: api, info: info)
                    clusterDomain = Self.clusterDomain(in: info)
                } catch {
                    say("DNS add-on \(ref.plugin) did not start, skipping it: \(error)")
                }
            }

            // kube-proxy: one instance serves every simulated node, since they all share the
            // host's loopback and the node IP 127.0.0.1; so one data path listens for them all.
            if config.proxy.enabled {
                let proxy = KubeProxy(client: api, options: DataPathOptions(config.proxy), logger: logger)
                group.addTask { await proxy.run() }
                let synced = await proxy.waitUntilSynced()
                say("proxy (\(config.proxy.scheduler.rawValue)) serving \(proxy.currentTable.ports.count) service ports"
                    + (synced ? "" : " (first sync still pending)"))
            }

            let tokenIssuer = Self.tokenIssuer(api: api, tokens: security.authenticator.serviceAccounts)
            let nodes = try config.plannedNodes()
            var started: [String] = []
            var agents: [String: @Sendable () -> Kubelet] = [:]
            for node in nodes {
                guard let runtime = await instance(node.pool.runtime, label: "\(node.pool.runtime.plugin)@\(node.name)") else { continue }
                var chain: [(client: CNIPluginClient, netConfig: JSONValue)] = []
                for ref in config.network.cni {
                    guard let cni = await instance(ref, label: "\(ref.plugin)@\(node.name)") else { continue }
                    chain.append((CNIPluginClient(cni), Kubelet.networkConfig(for: ref)))
                }
                var options = KubeletOptions()
                options.apply(config.kubelet)
                options.externalCloudProvider = cloudEnabled
                options.clusterDNS = clusterDNS
                options.clusterDomain = clusterDomain
                options.cniDataDir = URL(fileURLWithPath: dataDir).appendingPathComponent("cni/\(node.name)").path
                options.podLogRoot = URL(fileURLWithPath: dataDir).appendingPathComponent("pods").path
                options.podsRoot = URL(fileURLWithPath: dataDir).appendingPathComponent("kubelet/pods").path
                options.tokenIssuer = tokenIssuer
                let runtimeClient = RuntimePluginClient(runtime)
                let cniChain = chain
                let kubeletOptions = options
                agents[node.name] = { Kubelet(node: node, runtime: runtimeClient, cniChain: cniChain, client: api, options: kubeletOptions) }
                started.append(node.name)
            }
            let nodeAgents = NodeAgents(client: api, agents: agents, machines: machines, logger: logger)
            group.addTask { await nodeAgents.run() }
            say("cluster is up: \(started.count) node(s) \(started.joined(separator: ", "))")
            // Components run until cancelled (SIGINT/SIGTERM); then the group ends them all.
            try await group.next()
            group.cancelAll()
        }
        await http.stop()
        store.close()
    }

    /// What the kubelets' TokenRequests get: tokens the API server itself issues and accepts,
    /// bound to the pod.
    private static func tokenIssuer(api: ClusterAPI, tokens: ServiceAccountTokens) -> ServiceAccountTokenIssuer {
        ServiceAccountTokenIssuer { request in
            let account = try await api.get(.serviceAccounts, namespace: request.namespace, name: request.serviceAccount)
            return try tokens.issue(
                for: account, audiences: request.audiences.isEmpty ? [ServiceAccountTokens.issuer] : request.audiences,
                expirationSeconds: ServiceAccountTokens.podTokenLifetime(requested: request.expirationSeconds),
                boundPod: (request.podName, request.podUID)).token
        }
    }

    private static func openStore(_ config: StoreConfig, dataDir: String) throws -> Store {
        switch config.backend {
        case .sqlite:
            return try Store(backend: SQLiteBackend(path: URL(fileURLWithPath: dataDir).appendingPathComponent("store.db").path))
        case .memory:
            return try Store(backend: MemoryBackend())
        case .etcd:
            throw CLIError("store.backend etcd is not available in this build yet: use sqlite (the default) or memory")
        }
    }

    /// One line to standard output, prefixed so it stands out from component logs.
    func say(_ line: String) {
        print("keelson: \(line)")
        fflush(nil)
    }
}
