import Kernel
import Logging
import Synchronization

/// One kube-proxy: mirrors Services, EndpointSlices and Nodes (for the addresses node ports are
/// served on), rebuilds the `ProxyTable` after changes
/// (debounced by `minSyncPeriod`, like kube-proxy's) and applies it to its `ServiceDataPath`.
/// Every `syncPeriod` it also re-applies the table, which retries listeners that failed to bind.
public final class KubeProxy: Sendable {
    /// The loopback data path the tables are applied to.
    public let dataPath: ServiceDataPath
    /// The quiet time gathered before a sync, so a burst of changes costs one sync.
    public let minSyncPeriod: Duration
    /// The period of full re-syncs.
    public let syncPeriod: Duration
    /// The Services, mirrored.
    private let services: Informer
    /// The EndpointSlices, mirrored.
    private let slices: Informer
    /// The Nodes, mirrored for their addresses (node ports are served on each).
    private let nodes: Informer
    /// The node this proxy serves, nil for every node.
    private let nodeName: String?
    /// Where the proxy logs.
    private let logger: Logger
    /// The table last applied.
    private let table = Mutex(ProxyTable(ports: []))
    /// How many syncs were applied.
    private let syncs = Mutex(0)
    /// Change signals (at most one pending: a burst of changes is one sync).
    private let changes: AsyncStream<Void>
    /// The sending end of `changes`.
    private let signal: AsyncStream<Void>.Continuation

    /// Creates a proxy over `client`; nothing happens until `run()`.
    public init(client: any ObjectClient, options: DataPathOptions = DataPathOptions(),
                minSyncPeriod: Duration = .milliseconds(10), syncPeriod: Duration = .seconds(30),
                logger: Logger = Logger(label: "keelson.proxy")) {
        self.dataPath = ServiceDataPath(options: options, logger: logger)
        self.minSyncPeriod = minSyncPeriod
        self.syncPeriod = syncPeriod
        self.logger = logger
        let (stream, continuation) = AsyncStream<Void>.makeStream(bufferingPolicy: .bufferingNewest(1))
        self.changes = stream
        self.signal = continuation
        self.services = Informer(client: client, type: .services, logger: logger)
        self.slices = Informer(client: client, type: .endpointSlices, logger: logger)
        self.nodes = Informer(client: client, type: .nodes, logger: logger)
        self.nodeName = options.nodeName
        services.addHandler { _ in continuation.yield() }
        slices.addHandler { _ in continuation.yield() }
        nodes.addHandler { event in
            if case .updated(let old, let new) = event, old[path: "status", "addresses"] == new[path: "status", "addresses"] { return }
            continuation.yield()
        }
    }

    /// The table last applied to the data path.
    public var currentTable: ProxyTable { table.withLock { $0 } }

    /// How many syncs have been applied (0 until both resources have been listed).
    public var syncCount: Int { syncs.withLock { $0 } }

    /// Waits until the first sync has been applied, up to `timeout`; false when it has not.
    public func waitUntilSynced(timeout: Duration = .seconds(10)) async -> Bool {
        let deadline = ContinuousClock.now + timeout
        while syncCount == 0 {
            if ContinuousClock.now >= deadline || Task.isCancelled { return false }
            try? await Task.sleep(for: .milliseconds(10))
        }
        return true
    }

    /// Mirrors, syncs and serves until the task is cancelled; then closes the data path.
    public func run() async {
        await withTaskGroup(of: Void.self) { group in
            group.addTask { await self.services.run() }
            group.addTask { await self.slices.run() }
            group.addTask { await self.nodes.run() }
            group.addTask {
                // The first sync happens once both lists are in, even when they held nothing;
                // then one every syncPeriod.
                await self.services.waitUntilSynced()
                await self.slices.waitUntilSynced()
                self.signal.yield()
                while !Task.isCancelled {
                    try? await Task.sleep(for: self.syncPeriod)
                    self.signal.yield()
                }
            }
            group.addTask { await self.syncLoop() }
            await group.next()
            group.cancelAll()
        }
        signal.finish()
        await dataPath.shutdown()
    }

    /// Waits for change signals; after each, lets `minSyncPeriod` pass so a burst coalesces,
    /// then builds and applies the table.
    private func syncLoop() async {
        for await _ in changes {
            if Task.isCancelled { return }
            guard services.hasSynced, slices.hasSynced else { continue }
            try? await Task.sleep(for: minSyncPeriod)
            if Task.isCancelled { return }
            await sync()
        }
    }

    /// Builds the table from the mirrors and applies it.
    func sync() async {
        let served = nodes.list().filter { nodeName == nil || $0.name == nodeName }
        let built = ProxyTable.build(services: services.list(), slices: slices.list(), nodes: served)
        let changed = table.withLock { current -> Bool in
            defer { current = built }
            return current != built
        }
        await dataPath.apply(built)
        syncs.withLock { $0 += 1 }
        if changed {
            logger.debug("proxy table applied", metadata: ["servicePorts": "\(built.ports.count)"])
        }
    }
}
